"""The briefing files: a PowerPoint deck and a one-page PDF built from plain slide specs. No st.* here.

Why its own module: the export must contain exactly what a page showed, so the
page hands over the same Altair charts it drew (see layout.show_chart), and this
module only turns them into files. Charts are rendered server-side by vl-convert
(its JavaScript and its Liberation Sans font are bundled in the wheel, so this
works offline and looks the same on every machine) at presentation size: the
chart is laid out at the width it will have on the slide, with the larger
presentation type, then rasterised at SCALE× for a crisp image on a projector.

The PDF is one tall page (as long as the content needs) for reading on a phone.
It uses reportlab with the Bitstream Vera font shipped inside reportlab, so no
system font is needed either.

In Chinese (components.i18n.current() == "zh") every word comes from the zh
catalogue and the shipped font subset (static/fonts/, tools/font_subset.py)
draws it offline: vl-convert is given the font directory and the charts name
"Noto Sans SC"; the PDF embeds the subset's TrueType outlines (and uses them in
English too for any CJK character Vera lacks); the deck's runs name it as their
East Asian typeface with lang="zh-CN" (PowerPoint uses an installed Noto Sans SC
or its own CJK fallback). English output is unchanged.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import io
import json
import math
from dataclasses import dataclass, field
import unicodedata
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from components import format as fmt
from components import i18n, theme
from components.i18n import N_, _, ngettext

# Slide geometry (inches, 16:9) and image resolution.
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
CHART_BOTTOM = 6.35               # the source footer starts below this
SUBTITLE_PT = 14
NUMBERS_W = 3.0                    # the headline-numbers column beside a chart
CSS_PX_PER_INCH = 110              # how wide the chart is laid out: 1 in on the slide = 110 CSS px (20 px type = 13 pt)
SCALE = 2.5                        # rasterisation factor: 240 dpi on the slide
SHORT_CHART = 0.6                  # a chart under 60 % of its box's height is drawn taller
MAX_NUMBERS = 4                    # more headline numbers than this do not fit beside a chart
MAX_SOURCES_ON_SLIDE = 3           # the rest are in the speaker notes
FONT = "Liberation Sans"           # bundled in vl-convert; metric-compatible with Arial
DECK_FONT = "Arial"                # what PowerPoint shows (Liberation Sans stands in on Linux)
CJK_FONT = "Noto Sans SC"          # the shipped subset's family (charts, deck's East Asian typeface)
FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
CJK_TTF = FONT_DIR / "NotoSansSC-Subset.ttf"
CJK_PDF_FONT = "NotoSansSC"        # its name registered with reportlab
DECK_LANG = "zh-CN"
WIDE = 1 / 0.56                    # a CJK character is 1 em wide, against about 0.56 em for a Latin one

_RENDER_CACHE_SIZE = 32           # a few decks' images; the cache only fills when someone exports


class BriefingError(Exception):
    """A briefing could not be built; the message names the problem for the viewer."""


@dataclass(frozen=True)
class ChartSlide:
    """One chart (or map) as it appears in the briefing."""

    title: str                                   # the finding (the chart's own title on the page)
    chart: Any                                   # an Altair chart, a Vega-Lite dict, or a function making one
    numbers: tuple[tuple[str, str], ...] = ()    # (label, value) headline figures shown with it
    sources: tuple[str, ...] = ()                # source labels of the rows shown
    note: str = ""
    kicker: str = ""                             # page and topic, above the title
    subtitle: str = ""                           # the chart's subtitle (taken out of the image)
    data: pd.DataFrame | None = None             # the rows shown (speaker notes)
    fixed_height: bool = False                   # maps: fill the box (projection fits it)


@dataclass(frozen=True)
class TableSlide:
    """A table of words as it appears in the briefing: a real PowerPoint table and a PDF table, not an image.

    One slide holds the rows that fit (at most MAX_TABLE_ROWS; `paginate` splits a
    longer table over several slides); the speaker notes hold every row of `data`.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()               # relative column widths (equal when empty)
    sources: tuple[str, ...] = ()
    note: str = ""
    kicker: str = ""
    subtitle: str = ""
    data: pd.DataFrame | None = None             # every row of the table (speaker notes)
    numbers: tuple[tuple[str, str], ...] = ()    # tables carry none; here so every slide answers `.numbers`


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing says, in words and charts."""

    dashboard: str
    page: str
    generated: str                               # e.g. "22 November 2026"
    data_as_of: str
    filters: str                                 # filters.current().describe()
    link: str                                    # reopens this exact view
    slides: tuple[ChartSlide | TableSlide, ...] = ()
    settings: tuple[str, ...] = ()               # the page's own view settings, in words
    scope_note: str = ""                         # e.g. "each page at its default view"
    file_stem: str = field(default="briefing")


# ---------------------------------------------------------------- chart images

def _zh() -> bool:
    return i18n.current() == "zh"


def chart_font() -> str:
    """The font family the exported charts are drawn in (Noto Sans SC in Chinese: it has the glyphs)."""
    return CJK_FONT if _zh() else FONT


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def text_units(text: str) -> float:
    """A text's length in average Latin characters: a wide (CJK) character counts as 1/0.56 of one."""
    return sum(WIDE if _wide(ch) else 1 for ch in str(text))


def _cut(text: str, budget: float) -> str:
    """The longest start of `text` within `budget` units."""
    used = 0.0
    for i, ch in enumerate(text):
        used += WIDE if _wide(ch) else 1
        if used > budget:
            return text[:i]
    return text


def title_size(text: str) -> int:
    """Points for a slide title: one line where it fits, never below 18 pt."""
    for size in (26, 22, 20):
        if text_units(text) <= _chars_per_line(size):
            return size
    return 18


def _chars_per_line(size: float, width_in: float = SLIDE_W - 2 * MARGIN) -> int:
    return int(width_in * 72 / (size * 0.56))     # Arial's average character is about 0.56 em


def _lines(text: str, size: float) -> int:
    return max(1, math.ceil(text_units(text) / _chars_per_line(size)))


def heading_layout(slide: ChartSlide) -> tuple[float, float, float]:
    """(title top, subtitle top, chart top) in inches: the chart gets what the words leave."""
    title_top = 0.62
    size = title_size(slide.title)
    subtitle_top = title_top + _lines(slide.title, size) * size * 1.2 / 72 + 0.04
    chart_top = subtitle_top
    if slide.subtitle:
        chart_top += _lines(slide.subtitle, SUBTITLE_PT) * SUBTITLE_PT * 1.25 / 72
    return title_top, subtitle_top, max(chart_top + 0.15, 1.3)


def chart_box(slide: ChartSlide) -> tuple[float, float]:
    """Width and height (inches) the chart gets on its slide."""
    width = SLIDE_W - 2 * MARGIN
    if slide.numbers:
        width -= NUMBERS_W + 0.3
    return width, CHART_BOTTOM - heading_layout(slide)[2]


def css_width(slide: ChartSlide) -> int:
    """Width the chart is laid out at (CSS px); even, so that × SCALE is a whole number of pixels."""
    return 2 * round(chart_box(slide)[0] * CSS_PX_PER_INCH / 2)


def image_width_px(slide: ChartSlide) -> int:
    """Pixel width of the PNG made for this slide (the tests check it)."""
    return int(css_width(slide) * SCALE)


def _to_spec(chart: Any) -> dict:
    if isinstance(chart, dict):
        return copy.deepcopy(chart)
    if not hasattr(chart, "to_dict") and callable(chart):   # a builder deferred until the click (maps)
        chart = chart()
        if isinstance(chart, dict):
            return chart
    try:
        # validate=False: the chart was already drawn on the page; validating a spec with
        # the province GeoJSON inline costs seconds.
        return chart.to_dict(validate=False)
    except Exception as err:  # noqa: BLE001 - any Altair failure becomes one clear message
        raise BriefingError(_("the chart could not be read ({error})").format(
            error=f"{type(err).__name__}: {err}")) from err


def chart_heading(chart: Any) -> tuple[str, str]:
    """(title, subtitle) of an Altair chart or a spec, '' where there is none."""
    title = chart.get("title") if isinstance(chart, dict) else getattr(chart, "title", None)
    if title is None or type(title).__name__ == "UndefinedType":
        return "", ""
    if isinstance(title, str):
        return title, ""
    if not isinstance(title, dict):
        title = title.to_dict() if hasattr(title, "to_dict") else {}
    text, subtitle = title.get("text", ""), title.get("subtitle", "")
    join = lambda v: " ".join(v) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))  # noqa: E731
    return join(text), join(subtitle)


def _bigger_text_marks(node: Any, size: int) -> None:
    """Value labels drawn as text marks get at least the presentation label size."""
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text" and mark.get("fontSize", 0) < size:
            mark["fontSize"] = size
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []) or []:
                _bigger_text_marks(child, size)
        if isinstance(node.get("spec"), dict):
            _bigger_text_marks(node["spec"], size)


def _replace_container_width(node: Any, width: int) -> None:
    """`width="container"` has no meaning off screen: give such sub-charts the slide width."""
    if isinstance(node, dict):
        if node.get("width") == "container":
            node["width"] = width
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []) or []:
                _replace_container_width(child, width)
        if isinstance(node.get("spec"), dict):
            _replace_container_width(node["spec"], width)


def presentation_spec(chart: Any, width_px: int, height_px: int | None = None) -> dict:
    """The chart's spec laid out for a slide: no title (the slide has it), fixed width, big type."""
    spec = _to_spec(chart)
    spec.pop("title", None)
    spec.pop("$schema", None)
    single_view = not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat"))
    if single_view:
        spec["width"] = width_px
        if height_px:
            spec["height"] = height_px
        spec["autosize"] = {"type": "fit" if height_px else "fit-x", "contains": "padding"}
    else:
        _replace_container_width(spec, width_px // 2)
    spec["background"] = "white"
    # Room on the right for value labels drawn past the end of the axis (fit does not count marks).
    spec["padding"] = {"left": 8, "top": 8, "bottom": 8, "right": 36}
    sizes = theme.font_sizes(presentation=True)
    _bigger_text_marks(spec, sizes["mark_label"] - 2)
    config = spec.setdefault("config", {})
    config["font"] = chart_font()
    for part, keys in (("axis", {"labelFontSize": "label", "titleFontSize": "axis_title"}),
                       ("legend", {"labelFontSize": "legend", "titleFontSize": "legend"}),
                       ("header", {"labelFontSize": "label", "titleFontSize": "axis_title"})):
        section = config.setdefault(part, {})
        for key, size in keys.items():
            section[key] = sizes[size]
    # Long legend labels stay whole at the larger type, but a legend beside the plot never takes its room.
    config["legend"]["labelLimit"] = min(340, max(220, width_px // 3))
    config["legend"]["titleLimit"] = width_px
    return spec


@functools.lru_cache(maxsize=1)
def _vl_convert():
    """vl-convert with the shipped font directory registered (once per process)."""
    import vl_convert as vlc  # imported here: 0.6 s, paid on the first export, not on every page load

    vlc.register_font_directory(str(FONT_DIR))
    return vlc


@functools.lru_cache(maxsize=_RENDER_CACHE_SIZE)
def _render_cached(spec_json: str, scale: float) -> bytes:
    return _vl_convert().vegalite_to_png(spec_json, scale=scale)    # vl-convert takes the spec as JSON text


def render_png(spec: dict, scale: float = SCALE) -> bytes:
    """PNG bytes of a Vega-Lite spec (offline; the same spec twice is rendered once)."""
    try:
        return _render_cached(json.dumps(spec, sort_keys=True, default=str), scale)
    except BriefingError:
        raise
    except Exception as err:  # noqa: BLE001 - vl-convert raises ValueError/RuntimeError with a message
        raise BriefingError(_("the chart could not be drawn as an image ({error})").format(
            error=err).replace("\n", " ")[:400]) from err


def slide_png(slide: ChartSlide) -> bytes:
    """The slide's chart as a PNG sized for its box on the slide."""
    return chart_png(slide, css_width(slide), round(chart_box(slide)[1] * CSS_PX_PER_INCH))


def chart_png(slide: ChartSlide, width_px: int, box_h_px: int) -> bytes:
    """The chart laid out `width_px` wide in a box `box_h_px` tall, rendered at SCALE×."""
    try:
        natural = presentation_spec(slide.chart, width_px)
        declared = natural.get("height")
        if slide.fixed_height or isinstance(declared, (int, float)):
            # A chart with a set height is laid out in the box's height, so nothing is shrunk afterwards
            # (a short one gets at most twice its height: bars grow, but do not turn into blocks).
            target = box_h_px if slide.fixed_height or declared >= SHORT_CHART * box_h_px \
                else round(min(0.9 * box_h_px, 2 * declared))
            return render_png(presentation_spec(slide.chart, width_px, target))
        # Height from the number of categories (a step per bar): keep it, unless it leaves the box half empty.
        png = render_png(natural)
        natural_h = png_size(png)[1] / SCALE
        if natural_h < SHORT_CHART * box_h_px:
            taller = round(min(0.9 * box_h_px, 2 * natural_h))
            png = render_png(presentation_spec(slide.chart, width_px, taller))
        return png
    except BriefingError as err:
        raise BriefingError(_("“{title}”: {error}").format(title=slide.title, error=err)) from err


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise BriefingError(_("the chart renderer did not return a PNG image"))
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _fit(size_px: tuple[int, int], box: tuple[float, float]) -> tuple[float, float]:
    """Largest (width, height) in inches with the image's aspect that fits the box."""
    w, h = size_px
    bw, bh = box
    factor = min(bw / w, bh / h)
    return w * factor, h * factor


# ---------------------------------------------------------------- text helpers

def sources_line(sources: Sequence[str], note: str = "", limit: int | None = MAX_SOURCES_ON_SLIDE) -> str:
    shown = list(sources) if limit is None else list(sources)[:limit]
    text = ""
    if shown and _zh():
        text = _("Sources: {sources}").format(sources="；".join(shown))
        hidden = len(sources) - len(shown)
        if hidden > 0:
            text += _("; and {count} more (listed in the notes)").format(count=hidden)
        text += "。"
    elif shown:
        text = ("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(shown)
        hidden = len(sources) - len(shown)
        if hidden > 0:
            text += f"; and {hidden} more (listed in the notes)"
        text += "."
    if note:
        text = f"{text} {note}".strip()
    return text


def data_table_text(frame: pd.DataFrame | None, max_rows: int = 40, max_cols: int = 8) -> str:
    """The rows behind a chart as plain text, for the speaker notes."""
    if frame is None or frame.empty:
        return ""
    cols = [c for c in frame.columns if c != "quote"][:max_cols]
    shown = frame[cols].head(max_rows)
    lines = [" | ".join(str(c) for c in cols)]
    for row in shown.itertuples(index=False):
        lines.append(" | ".join("" if pd.isna(v) else str(v) for v in row))
    if len(frame) > max_rows:
        lines.append(_("… {count} more rows in the page's CSV download").format(count=len(frame) - max_rows))
    return "\n".join(lines)


def _numbers(slide: ChartSlide) -> list[tuple[str, str]]:
    return list(slide.numbers)[:MAX_NUMBERS]


# ---------------------------------------------------------------- tables

MAX_TABLE_ROWS = 6                 # rows on one slide; a longer table continues on the next
TABLE_PT, TABLE_HEADER_PT = 11, 11
TABLE_EM = 0.52                    # average character width of running text in a cell (mixed case, with spaces)
TABLE_CELL_PAD = 0.08              # inches of padding inside a cell, each side
TRUNCATED = N_(" … (in full in the notes)")


def table_widths(slide: TableSlide, total: float = SLIDE_W - 2 * MARGIN) -> list[float]:
    """Column widths in inches (relative widths scaled to the slide)."""
    weights = list(slide.widths) if len(slide.widths) == len(slide.columns) else [1.0] * len(slide.columns)
    return [total * w / sum(weights) for w in weights]


def _cell_lines(text: str, width_in: float, size: float = TABLE_PT) -> int:
    chars = max(8, int((width_in - 2 * TABLE_CELL_PAD) * 72 / (size * TABLE_EM)))
    return sum(max(1, math.ceil(text_units(part) / chars)) for part in str(text).split("\n"))


def _row_height(cells: Sequence[str], widths: Sequence[float], size: float = TABLE_PT) -> float:
    lines = max(_cell_lines(c, w, size) for c, w in zip(cells, widths))
    return lines * size * 1.25 / 72 + 2 * TABLE_CELL_PAD


def _shorten(text: str, width_in: float, max_lines: int) -> str:
    """The cell cut to about `max_lines` lines, saying where the rest is."""
    if _cell_lines(text, width_in) <= max_lines:
        return text
    per_line = int((width_in - 2 * TABLE_CELL_PAD) * 72 / (TABLE_PT * TABLE_EM))
    truncated = _(TRUNCATED)
    budget = max(20, max_lines * per_line - text_units(truncated) - 8)
    if not _zh():
        return text[:int(budget)].rsplit(" ", 1)[0] + truncated
    return _cut(text, budget) + truncated


def paginate(slide: TableSlide) -> list[TableSlide]:
    """The table split over as many slides as its rows need (at most MAX_TABLE_ROWS a slide, none overflowing).

    A row too tall for a slide on its own has its longest cells shortened; the notes keep every word.
    """
    widths = table_widths(slide)
    room = CHART_BOTTOM - heading_layout(slide)[2] - _row_height(slide.columns, widths, TABLE_HEADER_PT)
    max_lines = max(2, int((room - 2 * TABLE_CELL_PAD) / (TABLE_PT * 1.25 / 72)))
    rows = [tuple(_shorten(c, w, max_lines) for c, w in zip(row, widths)) for row in slide.rows]
    pages: list[list[tuple[str, ...]]] = [[]]
    used = 0.0
    for row in rows:
        height = _row_height(row, widths)
        if pages[-1] and (len(pages[-1]) >= MAX_TABLE_ROWS or used + height > room):
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    if len(pages) == 1:
        return [dataclasses.replace(slide, rows=tuple(pages[0]))]
    return [dataclasses.replace(slide, rows=tuple(page), kicker=_("{kicker} · {number} of {count}").format(
                kicker=slide.kicker, number=i, count=len(pages)).lstrip(" ·"))
            for i, page in enumerate(pages, start=1)]


def _pptx_table(s, slide: TableSlide, top: float) -> None:
    """The table drawn as a PowerPoint table: header row in the accent colour, text that wraps."""
    from pptx.util import Inches, Pt

    widths = table_widths(slide)
    height = _row_height(slide.columns, widths, TABLE_HEADER_PT) + sum(_row_height(r, widths) for r in slide.rows)
    shape = s.shapes.add_table(len(slide.rows) + 1, len(slide.columns), Inches(MARGIN), Inches(top),
                               Inches(sum(widths)), Inches(height))
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = Inches(width)
    for r, cells in enumerate([slide.columns, *slide.rows]):
        table.rows[r].height = Inches(_row_height(cells, widths, TABLE_HEADER_PT if r == 0 else TABLE_PT))
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = Inches(TABLE_CELL_PAD)
            frame = cell.text_frame
            frame.word_wrap = True
            for i, line in enumerate(str(text).split("\n")):
                para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                run = para.add_run()
                run.text = line
                run.font.size = Pt(TABLE_HEADER_PT if r == 0 else TABLE_PT)
                run.font.bold = r == 0
                run.font.name = DECK_FONT
                run.font.color.rgb = _rgb("#FFFFFF" if r == 0 else theme.TEXT)
                _east_asian(run)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(theme.CATEGORICAL[0] if r == 0 else ("#FFFFFF" if r % 2 else "#F4F6F8"))


# ---------------------------------------------------------------- PowerPoint

def _rgb(color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _east_asian(run) -> None:
    """In Chinese: the run names the font subset as its East Asian typeface and says it is zh-CN."""
    if not _zh():
        return
    from pptx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", DECK_LANG)
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        latin = rpr.find(qn("a:latin"))
        if latin is not None:      # schema order: … latin, ea, cs, sym, hlinkClick …
            latin.addnext(ea)
        else:
            after = [rpr.find(qn(t)) for t in ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl",
                                                 "a:extLst")]
            after = [e for e in after if e is not None]
            after[0].addprevious(ea) if after else rpr.append(ea)
    ea.set("typeface", CJK_FONT)


def _notes(slide, text: str) -> None:
    """The speaker notes (their runs named East Asian too, in Chinese)."""
    frame = slide.notes_slide.notes_text_frame
    frame.text = text
    for para in frame.paragraphs:
        for run in para.runs:
            _east_asian(run)


def _text(slide, left, top, width, height, text, size, *, bold=False, color=theme.TEXT, link=None,
          align=None):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for side in ("left", "right", "top", "bottom"):
        setattr(frame, f"margin_{side}", 0)
    paragraphs = str(text).split("\n")
    for i, line in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = DECK_FONT
        run.font.color.rgb = _rgb(color)
        if link:
            run.hyperlink.address = link
        _east_asian(run)
    return box


def title_kicker(b: Briefing) -> str:
    """The line above the title: 'HEALTHCARE AI IN CHINA · BRIEFING'."""
    return _("{dashboard} · BRIEFING").format(dashboard=b.dashboard.upper())


def prepared_line(b: Briefing) -> str:
    return _("Prepared {date} · sources checked on {data_as_of}").format(date=b.generated, data_as_of=b.data_as_of)


def filters_line(b: Briefing) -> str:
    return _("Filters: {filters}").format(filters=b.filters)


def view_line(b: Briefing) -> str:
    return _("View: {settings}").format(settings=("；" if _zh() else "; ").join(b.settings))


def _footer(slide, b: Briefing, number: int) -> None:
    _text(slide, MARGIN, SLIDE_H - 0.38, 9, 0.25, f"{b.dashboard} · {b.page} · {b.generated}", 9,
          color=theme.MUTED_TEXT)
    from pptx.enum.text import PP_ALIGN

    _text(slide, SLIDE_W - MARGIN - 1.0, SLIDE_H - 0.38, 1.0, 0.25, str(number), 9, color=theme.MUTED_TEXT,
          align=PP_ALIGN.RIGHT)


def _accent(slide) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(SLIDE_W), Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(theme.CATEGORICAL[0])
    bar.line.fill.background()


def build_pptx(b: Briefing, images: Sequence[bytes] | None = None) -> bytes:
    """The deck: title slide, one slide per chart, closing slide with the link back."""
    try:
        from pptx import Presentation
        from pptx.util import Inches
    except ImportError as err:  # pragma: no cover - a broken install
        raise BriefingError(_("python-pptx is not installed on the server")) from err
    images = list(images) if images is not None else [
        slide_png(s) if isinstance(s, ChartSlide) else b"" for s in b.slides]
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = deck.slide_layouts[6]
    deck.core_properties.title = _("{dashboard}: {page}").format(dashboard=b.dashboard, page=b.page)
    deck.core_properties.subject = _("Briefing, filters: {filters}").format(filters=b.filters)
    if _zh():
        deck.core_properties.language = DECK_LANG

    # Title slide
    s = deck.slides.add_slide(blank)
    _accent(s)
    _text(s, MARGIN + 0.3, 1.6, 11.5, 0.4, title_kicker(b), 14, bold=True,
          color=theme.CATEGORICAL[0])
    _text(s, MARGIN + 0.3, 2.1, 11.5, 1.1, b.page, 40, bold=True)
    lines = [filters_line(b)]
    if b.settings:
        lines.append(view_line(b))
    if b.scope_note:
        lines.append(b.scope_note)
    lines.append(prepared_line(b))
    _text(s, MARGIN + 0.3, 3.3, 11.5, 1.6, "\n".join(lines), 18, color=theme.TEXT)
    agenda = [f"{i}. {sl.title}" for i, sl in enumerate(b.slides, 1)]
    if len(agenda) > 8:
        hidden = len(agenda) - 7
        agenda = agenda[:7] + [ngettext("… and {count} more chart", "… and {count} more charts", hidden).format(
            count=hidden)]
    if agenda:
        _text(s, MARGIN + 0.3, 4.75, 11.5, 1.5, _("In this briefing") + "\n" + "\n".join(agenda), 12,
              color=theme.MUTED_TEXT)
    _text(s, MARGIN + 0.3, 6.5, 11.5, 0.4, _("Every figure traces to a source named under its chart; the last slide "
          "links back to this exact view."), 12, color=theme.MUTED_TEXT)
    _notes(s, _("Link to this view: {link}").format(link=b.link))

    # One slide per chart
    for index, (slide, png) in enumerate(zip(b.slides, images), start=2):
        s = deck.slides.add_slide(blank)
        _accent(s)
        kicker = slide.kicker or b.page
        title_top, subtitle_top, chart_top = heading_layout(slide)
        size = title_size(slide.title)
        _text(s, MARGIN, 0.3, 12.3, 0.3, kicker, 12, bold=True, color=theme.CATEGORICAL[0])
        _text(s, MARGIN, title_top, 12.3, subtitle_top - title_top, slide.title, size, bold=True)
        if slide.subtitle:
            _text(s, MARGIN, subtitle_top, 12.3, chart_top - subtitle_top, slide.subtitle, SUBTITLE_PT,
                  color=theme.MUTED_TEXT)
        if isinstance(slide, TableSlide):
            _pptx_table(s, slide, chart_top)
        else:
            box = chart_box(slide)
            w, h = _fit(png_size(png), box)
            s.shapes.add_picture(io.BytesIO(png), Inches(MARGIN + (box[0] - w) / 2),
                                 Inches(chart_top + (box[1] - h) / 2), Inches(w), Inches(h))
        numbers = _numbers(slide)
        if numbers:
            left = SLIDE_W - MARGIN - NUMBERS_W
            step = min(1.15, chart_box(slide)[1] / len(numbers))
            for i, (label, value) in enumerate(numbers):
                top = chart_top + 0.1 + i * step
                _text(s, left, top, NUMBERS_W, 0.55, value, 26 if text_units(value) <= 14 else 20, bold=True,
                      color=theme.CATEGORICAL[0])
                _text(s, left, top + 0.5, NUMBERS_W, 0.55, label, 12, color=theme.MUTED_TEXT)
        footer = sources_line(slide.sources, slide.note)
        _text(s, MARGIN, CHART_BOTTOM + 0.1, 12.3, 0.6, footer, 10 if text_units(footer) <= 330 else 9,
              color=theme.MUTED_TEXT)
        _footer(s, b, index)
        notes = [slide.title] + ([slide.subtitle] if slide.subtitle else [])
        if slide.sources:
            notes.append(sources_line(slide.sources, limit=None))
        if slide.note:
            notes.append(slide.note)
        table = data_table_text(slide.data)
        if table:
            notes.append(_("Data shown:") + "\n" + table)
        _notes(s, "\n\n".join(notes))

    # Closing slide
    s = deck.slides.add_slide(blank)
    _accent(s)
    _text(s, MARGIN + 0.3, 1.6, 11.5, 0.8, _("Reopen this view"), 36, bold=True)
    _text(s, MARGIN + 0.3, 2.6, 11.5, 0.5, _("The link opens the dashboard on this page with the same filters "
          "and settings:"), 16, color=theme.MUTED_TEXT)
    _text(s, MARGIN + 0.3, 3.2, 11.8, 1.2, b.link, 16, color=theme.CATEGORICAL[0], link=b.link)
    _text(s, MARGIN + 0.3, 4.6, 11.5, 1.2, filters_line(b) + "\n" + _(
          "Sources checked on {data_as_of}. Every figure with the sentence it came from: the Sources & method "
          "page.").format(data_as_of=b.data_as_of), 14, color=theme.TEXT)
    _footer(s, b, len(b.slides) + 2)

    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF

PDF_WIDTH = 595.0       # A4 width in points; the page is as tall as its content
PDF_MARGIN = 36.0


@functools.lru_cache(maxsize=1)
def _pdf_fonts() -> tuple[str, str, frozenset[int]]:
    """Register Bitstream Vera (shipped inside reportlab) and return (regular, bold, code points)."""
    import os

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    regular, bold = TTFont("Vera", os.path.join(folder, "Vera.ttf")), TTFont("VeraBd", os.path.join(folder, "VeraBd.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="Vera", boldItalic="VeraBd")
    return "Vera", "VeraBd", frozenset(regular.face.charWidths)


@functools.lru_cache(maxsize=1)
def _cjk_pdf_font() -> frozenset[int]:
    """Register the shipped Noto Sans SC subset (TrueType outlines) and return its code points."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(CJK_PDF_FONT, str(CJK_TTF))
    pdfmetrics.registerFont(font)
    # One weight ships (the subset stays small): headings are set apart by size and colour.
    pdfmetrics.registerFontFamily(CJK_PDF_FONT, normal=CJK_PDF_FONT, bold=CJK_PDF_FONT, italic=CJK_PDF_FONT,
                                  boldItalic=CJK_PDF_FONT)
    return frozenset(font.face.charWidths)


def _pdf_faces() -> tuple[str, str, frozenset[int]]:
    """(regular, bold, code points) of the PDF's text font in the current language."""
    if _zh():
        return CJK_PDF_FONT, CJK_PDF_FONT, _cjk_pdf_font()
    return _pdf_fonts()


_FALLBACK_CHARS = {"→": "->", "←": "<-", "≈": "~", "\u00a0": " ", "\u2009": " ", "\u202f": " "}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _pdf_text(text: str) -> str:
    """Escape for reportlab's mini-markup; CJK the text font lacks in the font subset; others replaced."""
    regular, _bold, known = _pdf_faces()
    out, cjk_run = [], []
    for ch in str(text):
        if ord(ch) in known or ch in "\n":
            kept = ch
        elif regular != CJK_PDF_FONT and _wide(ch) and ord(ch) in _cjk_pdf_font():
            cjk_run.append(ch)       # a Chinese name in an English briefing: drawn by the subset
            continue
        else:
            kept = _FALLBACK_CHARS.get(ch, "?")
        if cjk_run:
            out.append(f'<font face="{CJK_PDF_FONT}">{_escape("".join(cjk_run))}</font>')
            cjk_run = []
        out.append(_escape(kept))
    if cjk_run:
        out.append(f'<font face="{CJK_PDF_FONT}">{_escape("".join(cjk_run))}</font>')
    return "".join(out)


PDF_IMAGE_PX = 1600    # image width in the PDF: sharp at phone and A4 size, and quick to compress
# Charts in the PDF are laid out narrower than on a slide, so their type stays legible on a phone.
PDF_CHART_CSS_PX, PDF_CHART_BOX_PX = 720, 460


def pdf_png(slide: ChartSlide) -> bytes:
    return chart_png(slide, PDF_CHART_CSS_PX, PDF_CHART_BOX_PX)


def _pdf_picture(png: bytes):
    """The chart as an RGB image no wider than PDF_IMAGE_PX (the charts have a white background).

    Dropping the alpha channel and the extra pixels cut the PDF's build time by
    about three quarters: reportlab compresses every pixel in Python.
    """
    from PIL import Image as PILImage

    picture = PILImage.open(io.BytesIO(png)).convert("RGB")
    if picture.width > PDF_IMAGE_PX:
        picture = picture.resize((PDF_IMAGE_PX, round(picture.height * PDF_IMAGE_PX / picture.width)),
                                 PILImage.BILINEAR, reducing_gap=2.0)
    return picture


def _picture_flowable():
    from reportlab.platypus import Flowable

    class Picture(Flowable):
        """An already-decoded image (platypus.Image wants a file and would decode it again)."""

        def __init__(self, reader, width: float, height: float):
            super().__init__()
            self.reader, self.width, self.height = reader, width, height

        def wrap(self, avail_width, avail_height):
            return self.width, self.height

        def draw(self):
            self.canv.drawImage(self.reader, 0, 0, self.width, self.height)

    return Picture


def _pdf_table(slide: TableSlide, width: float, regular: str, bold: str):
    """The table as a reportlab Table whose cells wrap (Paragraphs), header row in the accent colour."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    wrap = {"wordWrap": "CJK"} if _zh() else {}
    body = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10, textColor=HexColor(theme.TEXT), **wrap)
    head = ParagraphStyle("head", parent=body, fontName=bold, textColor=HexColor("#FFFFFF"))
    cells = [[Paragraph(_pdf_text(c), head) for c in slide.columns]]
    cells += [[Paragraph(_pdf_text(c), body) for c in row] for row in slide.rows]
    widths = [w * 72 for w in table_widths(slide, width / 72)]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(theme.CATEGORICAL[0])),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#FFFFFF"), HexColor("#F4F6F8")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor(theme.GRID))]))
    return table


def build_pdf(b: Briefing, images: Sequence[bytes] | None = None) -> bytes:
    """One tall page with the same content as the deck, readable on a phone."""
    try:
        from reportlab.lib.colors import HexColor
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    except ImportError as err:  # pragma: no cover - a broken install
        raise BriefingError(_("reportlab is not installed on the server")) from err
    images = list(images) if images is not None else [
        pdf_png(s) if isinstance(s, ChartSlide) else b"" for s in b.slides]
    regular, bold, _known = _pdf_faces()
    wrap = {"wordWrap": "CJK"} if _zh() else {}     # Chinese lines break between any two characters
    _Picture = _picture_flowable()
    accent, text, muted = HexColor(theme.CATEGORICAL[0]), HexColor(theme.TEXT), HexColor(theme.MUTED_TEXT)

    def style(name, size, font=regular, color=text, before=0, after=4):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, textColor=color,
                              spaceBefore=before, spaceAfter=after, **wrap)

    kicker, title, meta = style("k", 9, bold, accent), style("t", 22, bold, after=6), style("m", 10.5, color=text)
    h2, num, src = style("h", 14, bold, before=10), style("n", 10.5, bold, accent), style("s", 8.5, color=muted)
    link_style = style("l", 10.5, color=accent)

    width = PDF_WIDTH - 2 * PDF_MARGIN
    story = [Paragraph(_pdf_text(title_kicker(b)), kicker),
             Paragraph(_pdf_text(b.page), title),
             Paragraph(_pdf_text(filters_line(b)), meta)]
    if b.settings:
        story.append(Paragraph(_pdf_text(view_line(b)), meta))
    if b.scope_note:
        story.append(Paragraph(_pdf_text(b.scope_note), meta))
    story.append(Paragraph(_pdf_text(prepared_line(b)), meta))
    for slide, png in zip(b.slides, images):
        if slide.kicker:
            story.append(Paragraph(_pdf_text(slide.kicker), style("k2", 9, bold, accent, before=12, after=0)))
        story.append(Paragraph(_pdf_text(slide.title), h2))
        if slide.subtitle:
            story.append(Paragraph(_pdf_text(slide.subtitle), style("sub", 9.5, color=muted)))
        if slide.numbers:
            story.append(Paragraph(_pdf_text("   ·   ".join(_("{label}: {value}").format(label=label, value=value)
                                                            for label, value in slide.numbers)), num))
        if isinstance(slide, TableSlide):
            story.append(_pdf_table(slide, width, regular, bold))
        else:
            picture = _pdf_picture(png)
            img_w = width
            img_h = img_w * picture.height / picture.width
            story.append(_Picture(ImageReader(picture), img_w, img_h))
        story.append(Spacer(1, 4))
        line = sources_line(slide.sources, slide.note, limit=None)
        if line:
            story.append(Paragraph(_pdf_text(line), src))
    story.append(Paragraph(_pdf_text(_("Reopen this view")), h2))
    story.append(Paragraph(f'<link href="{_pdf_text(b.link)}">{_pdf_text(b.link)}</link>', link_style))

    # Measure first, then make the page exactly that tall: one page however long the briefing is.
    height = 2 * PDF_MARGIN + 24
    for flowable in story:
        _w, h = flowable.wrap(width, 10_000)
        height += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    from reportlab import rl_config

    rl_config.useA85 = 0    # binary streams: ASCII85 only made the file bigger and slower to write
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=(PDF_WIDTH, height), leftMargin=PDF_MARGIN, rightMargin=PDF_MARGIN,
                            topMargin=PDF_MARGIN, bottomMargin=PDF_MARGIN,
                            title=_("{dashboard}: {page}").format(dashboard=b.dashboard, page=b.page),
                            author=b.dashboard, subject=filters_line(b))
    doc.build(story)
    return out.getvalue()


def build_files(b: Briefing) -> tuple[bytes, bytes]:
    """Deck and PDF."""
    return build_pptx(b), build_pdf(b)
