"""The briefing in Chinese: the deck's runs name the East Asian font, the PDF draws Chinese with the shipped subset.

English output must not change: the English deck names no East Asian font and
the English PDF embeds no Chinese font unless its text has Chinese characters.
"""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from components import i18n
from components.data import data_layer
from components.export import briefing
from components.export.briefing import Briefing, ChartSlide, TableSlide
from components.i18n import _
from components.ui import export_ui

LINK = "http://dashboard.example/physician-density?lang=zh"


def _provinces() -> list[str]:
    return [str(n) for n in data_layer.table("provinces")["name_zh"].dropna()][:4]


def _chart(labels: list[str]) -> dict:
    return {"data": {"values": [{"k": k, "v": i + 1} for i, k in enumerate(labels)]}, "mark": "bar",
            "encoding": {"y": {"field": "k", "type": "nominal", "title": None},
                         "x": {"field": "v", "type": "quantitative", "title": None}}}


def _briefing() -> Briefing:
    """A briefing made in the current language, with Chinese data names (provinces' name_zh)."""
    names = _provinces()
    return Briefing(
        dashboard=_(export_ui.DASHBOARD), page=_("Reopen this view"), generated=export_ui.today(),
        data_as_of=export_ui._data_as_of(), filters=names[0], link=LINK,
        settings=export_ui.settings_in_words({"density.ai_gain_pct": ["35"]}),
        slides=(ChartSlide(title=names[1], chart=_chart(names), sources=(names[2],), numbers=((names[3], "2.4"),)),
                TableSlide(title=names[2], columns=(names[0], names[1]), rows=((names[2], names[3]),))))


@pytest.fixture(scope="module")
def zh_files() -> tuple[Briefing, bytes, bytes]:
    with i18n.use("zh"):
        b = _briefing()
        deck, pdf = briefing.build_files(b)
    return b, deck, pdf


@pytest.fixture(scope="module")
def en_files() -> tuple[Briefing, bytes, bytes]:
    with i18n.use("en"):
        b = Briefing(dashboard=export_ui.DASHBOARD, page="Physician density", generated="1 January 2026",
                     data_as_of="2026-01-01", filters="region: East", link=LINK,
                     slides=(ChartSlide(title="Fewer physicians", chart=_chart(["China", "US"])),))
        return (b, *briefing.build_files(b))


def _runs(deck):
    for slide in deck.slides:
        frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
        frames += [c.text_frame for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for para in frame.paragraphs:
                yield from para.runs


def _fonts(pdf: bytes) -> dict[str, dict]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {}
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_run_of_the_chinese_deck_names_the_east_asian_font(zh_files):
    _b, data, _pdf = zh_files
    deck = Presentation(io.BytesIO(data))
    runs = list(_runs(deck))
    assert len(runs) > 20
    for run in runs:
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is not None and rpr.get("lang") == "zh-CN", run.text
        ea = rpr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == "Noto Sans SC", run.text
        latin = rpr.find(qn("a:latin"))
        assert latin is None or latin.getnext() is ea           # schema order: latin, ea
    texts = "\n".join(r.text for r in runs)
    for words in ("中国医疗人工智能 · 简报", "重新打开此视图", "筛选：", "人工智能提升百分比：35", *_provinces()):
        assert words in texts


def test_the_chinese_pdf_is_drawn_in_the_shipped_subset(zh_files):
    b, _deck, pdf = zh_files
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for words in ("中国医疗人工智能 · 简报", "重新打开此视图", "筛选：", *_provinces()):
        assert words in text
    assert "年" in b.generated and "年" in b.data_as_of and b.generated in text      # dates in Chinese
    fonts = _fonts(pdf)
    embedded = [name for name in fonts if name.endswith("+NotoSansSC-Regular")]
    assert embedded, fonts.keys()
    assert not [name for name in fonts if "Vera" in name]
    descriptor = fonts[embedded[0]]["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor                                  # TrueType outlines, embedded


def test_chinese_charts_are_drawn_in_noto_sans_sc():
    with i18n.use("zh"):
        spec = briefing.presentation_spec(_chart(_provinces()), 600)
        png = briefing.render_png(spec)
    assert spec["config"]["font"] == "Noto Sans SC"
    assert briefing.png_size(png)[0] > 0
    with i18n.use("en"):
        assert briefing.presentation_spec(_chart(["a"]), 600)["config"]["font"] == "Liberation Sans"


def test_the_english_deck_and_pdf_stay_as_they_were(en_files):
    b, data, pdf = en_files
    deck = Presentation(io.BytesIO(data))
    for run in _runs(deck):
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is None or (rpr.get("lang") is None and rpr.find(qn("a:ea")) is None)
    title = "\n".join(r.text for r in _runs(deck))
    assert "HEALTHCARE AI IN CHINA · BRIEFING" in title and "Filters: region: East" in title
    assert "Prepared 1 January 2026 · sources checked on 2026-01-01" in title
    assert all("NotoSansSC" not in name for name in _fonts(pdf))


def test_an_english_pdf_draws_a_chinese_name_with_the_subset():
    name = _provinces()[0]
    with i18n.use("en"):
        assert briefing._pdf_text(f"HQ: {name} → 2030") == \
            f'HQ: <font face="NotoSansSC">{name}</font> -&gt; 2030'
        assert briefing._pdf_text("2023 → 2030 <b>") == "2023 -&gt; 2030 &lt;b&gt;"


def test_an_export_job_makes_its_file_in_the_language_of_the_run_that_drew_its_button():
    with i18n.use("zh"):
        job = export_ui._Job("PDF", lambda: _("Reopen this view").encode(), "page")
    assert job().decode() == "重新打开此视图"        # called outside the run, on a server thread


def test_chinese_text_is_measured_as_wide():
    assert briefing.text_units("abc") == 3
    assert briefing.text_units("中国") == pytest.approx(2 / 0.56)
    with i18n.use("zh"):
        assert briefing.title_size("中" * 40) < briefing.title_size("a" * 40)
