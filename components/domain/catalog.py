"""The dataset as a catalogue: every figure with its sentence, the known disagreements, the download.

Why a module of its own (and without Streamlit): the Sources & method page is
where a sceptical reader checks any number on any other page, so it must list
*every* sourced value in data/, not a hand-picked few. This module turns all
validated tables into one long table (one row per figure: what it says, the
file and row it lives in, its topic, the pages that show it, its source and the
verbatim sentence), finds where sources disagree from the rows themselves, and
packs the whole dataset into a zip. The page only filters and lays out, and the
tests can check completeness directly.

A "figure" is one (source, quote) pair on a row: most tables have one
(`source_id` + `quote`); provinces carry one per column group
(`population_source_id` + `population_quote`, …) and places one for the
coordinates (`coord_source_id` + `coord_note`).
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from components import i18n, pages
from components.domain import headlines, wording
from components.i18n import N_, _
from components import format as fmt
from components.domain.market import figure_label
from components.data.schemas import TABLES

# Page stems (pages/<stem>.py) and their titles in the navigation (app.py).
PAGE_TITLES = {page.stem: page.title for page in pages.PAGES}

# Which pages use a table's rows (every table is also on Sources & method). A page may show only
# some rows of a file (e.g. facts), so this reads "used on", not "every row is shown on".
# tests/test_sources_method.py checks it against the tables each page loads.
TABLE_PAGES: dict[str, tuple[str, ...]] = {
    "market_size": ("overview", "market_size"),
    "facts": ("overview", "market_size", "province_map", "physician_density"),
    "physician_density": ("overview", "physician_density"),
    "places": ("overview", "province_map", "barriers_strategy"),
    "fast_track_channels": ("overview", "province_map", "barriers_strategy"),
    "provinces": ("province_map", "physician_density", "barriers_strategy"),
    "companies": ("province_map", "barriers_strategy"),
    "segments": ("market_size", "province_map"),   # and the sidebar's segment filter on every page
    "verticals": ("market_size", "barriers_strategy"),
    "barriers": ("barriers_strategy",),
    "entry_modes": ("barriers_strategy",),
    "entry_rules": ("barriers_strategy",),
    "vertical_barriers": ("barriers_strategy",),
    "policies": ("province_map", "barriers_strategy"),
    "context_statements": ("physician_density",),  # rows name their page; this is the fallback
}

FIGURE_COLUMNS = ["figure", "topic", "pages", "source_id", "quote", "evidence", "file", "row"]

# Columns that name a row, and columns that say what it is about, in order of preference.
_NAME_COLUMNS = ("label", "name", "country", "title", "statement", "challenge")
_DETAIL_COLUMNS = ("description", "activity", "offers", "benefits", "reason", "use_cases", "example", "strategy")
_MAX_FIGURE_CHARS = 220


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != "" \
        and value is not pd.NA


def _quote_pairs(columns: list[str]) -> list[tuple[str, str, str]]:
    """(prefix, source column, sentence column) for every sourced column group of a table."""
    pairs = []
    for column in columns:
        if column.endswith("source_id"):
            prefix = column[: -len("source_id")]
            for text in (f"{prefix}quote", f"{prefix}note"):
                if text in columns:
                    pairs.append((prefix, column, text))
                    break
    return pairs




def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_FIGURE_CHARS else text[: _MAX_FIGURE_CHARS - 1] + "…"


# market_size.csv's `kind` values, shown with _().
MARKET_KIND_LABELS = {"estimate": N_("estimate"), "projection": N_("projection"), "reported": N_("reported")}


def _shown(row: Mapping, column: str) -> str:
    return str(i18n.text(row, column))


def describe(table: str, prefix: str, row: Mapping) -> str:
    """What one figure says, in one line (the sentence it came from is shown beside it)."""
    if table == "market_size":
        return _("{scope}, {year}: {figure} ({kind})").format(
            scope=_shown(row, "scope"), year=row["year"], figure=figure_label(row),
            kind=wording.label_of(MARKET_KIND_LABELS, row["kind"]))
    if table == "physician_density":
        year = row["year"] if _present(row.get("year")) else _("year not stated")
        return _("{country}: {value} physicians per 1,000 ({year}; {definition})").format(
            country=_shown(row, "country"), value=f"{row['value_per_1000']:g}", year=year,
            definition=_shown(row, "definition"))
    if table == "facts":
        value = f"{row['value']:,.10g}" + (f"–{row['value_high']:,.10g}" if _present(row.get("value_high")) else "")
        qualifier = row["qualifier"] if _present(row.get("qualifier")) and row["qualifier"] != "range" else ""
        not_stated = str(row["as_of"]).strip().lower() == "not stated"
        if wording.zh():
            when = _("date not stated") if not_stated else _shown(row, "as_of")
            return f"{_shown(row, 'label')}：{fmt.qualified(value, qualifier)} {_shown(row, 'unit')}（{when}）"
        when = "date not stated" if not_stated else row["as_of"]
        qualifier = f"{qualifier} " if qualifier else ""
        return f"{row['label']}: {qualifier}{value} {row['unit']} ({when})"
    if table == "provinces" and prefix == "population_":
        return _("{name}: population {population} (2020 census)").format(
            name=_shown(row, "name"), population=f"{row['population_2020']:,}")
    if table == "provinces" and prefix == "physicians_":
        per = row.get("licensed_physicians_per_1000_2018")
        per_text = _("{value} per 1,000").format(value=f"{per:g}") if _present(per) else _("per-1,000 not given")
        return _("{name}: licensed (assistant) physicians 2018, {per}").format(name=_shown(row, "name"), per=per_text)
    if table == "places" and prefix == "coord_":
        return _("{name}: map point {lat}° N, {lon}° E ({confidence})").format(
            name=_shown(row, "name"), lat=f"{row['lat']:.2f}", lon=f"{row['lon']:.2f}",
            confidence=_shown(row, "coord_confidence"))
    if table == "companies" and prefix == "hq_":
        return _("{name}: headquarters in {city}").format(name=_shown(row, "name"), city=_shown(row, "hq_city"))
    name_col = next((c for c in _NAME_COLUMNS if _present(row.get(c))), None)
    name = _shown(row, name_col) if name_col else ""
    detail_col = next((c for c in _DETAIL_COLUMNS if _present(row.get(c)) and str(row[c]) != str(row[name_col] if name_col else "")), None)
    detail = _shown(row, detail_col) if detail_col else ""
    return _clip(f"{name}{wording.sep(': ')}{detail}" if name and detail else name or detail)


CURATORS_NOTE = N_("curator's note")


def evidence_of(row: Mapping, prefix: str, text_col: str) -> str:
    """What the sentence column holds: the row's `<prefix>evidence` where the file has one; a note is ours."""
    if text_col.endswith("note"):
        return _(CURATORS_NOTE)
    value = row.get(f"{prefix}evidence")
    return wording.label_of(wording.EVIDENCE_LABELS, value if _present(value) else "verbatim")


def figure_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every sourced figure of every table: one row per (row, source, sentence)."""
    records = []
    for name, frame in tables.items():
        if name == "sources" or not isinstance(frame, pd.DataFrame):
            continue
        spec = TABLES.get(name)
        for prefix, source_col, text_col in _quote_pairs(list(frame.columns)):
            for index, row in enumerate(frame.to_dict("records")):
                if not _present(row.get(source_col)):
                    continue
                if "page" in row and row["page"] in PAGE_TITLES:
                    pages = (row["page"],)
                else:
                    pages = TABLE_PAGES.get(name, ())
                topic = row["topic"] if _present(row.get("topic")) else (spec.topic if spec else name)
                records.append({
                    "figure": describe(name, prefix, row),
                    "topic": str(topic),
                    "pages": " · ".join(PAGE_TITLES[p] for p in (*pages, "sources_method")),
                    "source_id": str(row[source_col]),
                    "quote": str(row[text_col]) if _present(row.get(text_col)) else "",
                    "evidence": evidence_of(row, prefix, text_col),
                    "file": spec.file if spec else f"{name}.csv",
                    "row": index + 2,  # as a spreadsheet shows it: the header is row 1
                })
    return pd.DataFrame(records, columns=FIGURE_COLUMNS)


def filter_figures(figures: pd.DataFrame, search: str = "", source_ids=(), pages=(), topics=()) -> pd.DataFrame:
    """Rows matching every word of `search` (anywhere in the row) and the chosen sources, pages and topics."""
    keep = pd.Series(True, index=figures.index)
    if source_ids:
        keep &= figures["source_id"].isin(list(source_ids))
    if topics:
        keep &= figures["topic"].isin(list(topics))
    if pages:
        titles = [PAGE_TITLES.get(p, p) for p in pages]
        keep &= figures["pages"].map(lambda text: any(t in text.split(" · ") for t in titles))
    words = [w.casefold() for w in str(search or "").split()]
    if words:
        haystack = figures[["figure", "topic", "source_id", "quote", "file"]].astype(str).agg(" ".join, axis=1)
        haystack = haystack.str.casefold()
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    return figures[keep]


def source_table(sources: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The sources with how many figures each backs and the pages those figures are on."""
    counts = figures.groupby("source_id").size()
    pages = figures.groupby("source_id")["pages"].agg(
        lambda col: " · ".join(t for t in PAGE_TITLES.values() if any(t in p.split(" · ") for p in col)))
    out = sources.copy()
    out["figures"] = out["source_id"].map(counts).fillna(0).astype(int)
    out["shown_on"] = out["source_id"].map(pages).fillna("")
    return out


# --- where the sources disagree ---------------------------------------------------

@dataclass(frozen=True)
class Disagreement:
    """A place where sources differ (or look as if they do), in words, and how the dashboard shows it."""

    topic: str
    text: str
    how_shown: str
    page: str                      # the page stem where it is shown in full
    source_ids: tuple[str, ...]
    conflict: bool = True          # False: different numbers that are consistent (e.g. a trend)


def _money_pairs(market: pd.DataFrame) -> dict[tuple[str, int], str]:
    return {(r["source_id"], int(r["year"])): figure_label(r) for r in market.to_dict("records")}


def disagreements(market: pd.DataFrame, density: pd.DataFrame, facts: pd.DataFrame,
                  name_of: Callable[[str], str]) -> list[Disagreement]:
    """Built from the rows: different base figures, same-year figures that do not overlap,
    the article's physician densities against official statistics, and the NMPA counts."""
    out: list[Disagreement] = []
    totals = market[market["scope"] == headlines.TOTAL_SCOPE]
    views = headlines.market_views(market)
    if len(views) >= 2:
        parts = wording.join((_("{sources}: {figure} ({year})").format(
            sources=headlines.join_names([name_of(s) for s in v.source_ids]), figure=figure_label(v.first),
            year=v.first["year"]) for v in views), "; ")
        out.append(Disagreement(
            _("Market size in the base years"), _("The sources' starting points differ widely ({figures}), probably "
                                                  "because they count different things; neither states its "
                                                  "scope.").format(figures=parts),
            _("Market size: every source on one chart, a range drawn as a bar (never its midpoint); the overview "
              "gives each source its own card."), "market_size",
            tuple(s for v in views for s in v.source_ids)))
    for year, group in totals.groupby("year"):
        ends = [(r, *(_bounds(r))) for r in group.to_dict("records")]
        for i, (a, a_lo, a_hi) in enumerate(ends):
            for b, b_lo, b_hi in ends[i + 1:]:
                if a_hi < b_lo or b_hi < a_lo:
                    out.append(Disagreement(
                        _("Market size {year}").format(year=year),
                        _("{first_source} gives {first} for {year}; {second_source} gives {second}.").format(
                            first_source=name_of(a["source_id"]), first=figure_label(a), year=year,
                            second_source=name_of(b["source_id"]), second=figure_label(b)),
                        _("Market size: both figures plotted with their source; the arithmetic checks show which one "
                          "fits its own growth path."), "market_size", (a["source_id"], b["source_id"])))
    headline = density[density["series"] == "headline"]
    official = density[density["series"] == "official"]
    for row in headline.to_dict("records"):
        same = official[official["iso3"] == row["iso3"]]
        if same.empty:
            continue
        values = wording.join((_("{value} ({source}, {year})").format(
            value=f"{r['value_per_1000']:g}", source=name_of(r["source_id"]), year=r["year"])
            for r in same.to_dict("records")), ", ")
        gap = max(abs(r["value_per_1000"] - row["value_per_1000"]) / r["value_per_1000"] for r in same.to_dict("records"))
        out.append(Disagreement(
            _("Physicians per 1,000: {country}").format(country=_shown(row, "country")),
            _("The article gives {value} (year and definition not stated); official statistics give "
              "{values}.").format(value=f"{row['value_per_1000']:g}", values=values),
            _("Physician density: the article's comparison and the official statistics on separate charts, each "
              "labelled with its definition and year."), "physician_density",
            tuple(dict.fromkeys([row["source_id"], *same["source_id"]])), conflict=gap > 0.10))
    approvals = facts[facts["metric"] == "nmpa_class3_ai_devices"].dropna(subset=["year"]).sort_values("year")
    recent = approvals.tail(2).to_dict("records")
    if len(recent) == 2 and recent[0]["source_id"] != recent[1]["source_id"]:
        a, b = recent
        if wording.zh():
            counts = _("{first_source}: {first} {first_when}; {second_source}: {second} {second_when}.").format(
                first_source=name_of(a["source_id"]), first_when=wording.when_zh(a),
                first=fmt.qualified(f"{a['value']:g}", a.get("qualifier") if _present(a.get("qualifier")) else ""),
                second_source=name_of(b["source_id"]), second=f"{b['value']:g}", second_when=wording.when_zh(b))
        else:
            counts = (f"{name_of(a['source_id'])}: {a['qualifier'] + ' ' if _present(a.get('qualifier')) else ''}"
                      f"{a['value']:g} {a['as_of']}; {name_of(b['source_id'])}: {b['value']:g} as of {b['as_of']}.")
        out.append(Disagreement(
            _("NMPA Class III AI approvals"),
            wording.sentences(counts, _("Different dates, so a rising count rather than a conflict.")),
            _("Overview: one card with both counts, each with its date and source."), "overview",
            (a["source_id"], b["source_id"]), conflict=False))
    return out


def _bounds(row: Mapping) -> tuple[float, float]:
    if _present(row.get("value_usd_bn")):
        return float(row["value_usd_bn"]), float(row["value_usd_bn"])
    return float(row["low_usd_bn"]), float(row["high_usd_bn"])


# --- the download ------------------------------------------------------------------

def schema_csv() -> bytes:
    """The column contracts (components/data/schemas.py) as a table: the machine-readable data dictionary."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["file", "column", "type", "required", "allowed_values", "min", "max", "refers_to",
                     "table_description"])
    for spec in TABLES.values():
        refs = {r.column: f"{r.table}.{r.key}" for r in spec.refs}
        for col in spec.columns:
            writer.writerow([spec.file, col.name, col.kind, "yes" if col.required else "no",
                             ";".join(col.allowed or ()), "" if col.min is None else f"{col.min:g}",
                             "" if col.max is None else f"{col.max:g}", refs.get(col.name, ""), spec.description])
    return buffer.getvalue().encode("utf-8-sig")


def dataset_zip(files: Mapping[str, bytes], folder: str = "healthcare-ai-china-data") -> bytes:
    """A zip of the data files as they are on disk, plus columns.csv (the column contracts).

    data/README.md travels inside: it is the data dictionary (files, units, provenance,
    known disagreements)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(f"{folder}/{name}", files[name])
        archive.writestr(f"{folder}/columns.csv", schema_csv())
    return buffer.getvalue()
