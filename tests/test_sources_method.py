"""Sources & method: every source, every figure with its sentence, filters, checks, licences, the zip."""
from __future__ import annotations

import io
import importlib
import re
import zipfile

import pytest

from components.data import data_layer
from components.domain import catalog
from components.data.schemas import BOUNDARIES, TABLES
from tests.conftest import DATA, PAGES, ROOT, page_text, run_page


def _sources_page(query: dict | None = None):
    """The page through app.py with its own URL parameters (set after the switch: navigation drops them)."""
    at = run_page()
    at.switch_page(PAGES["sources_method"])
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


TABLE_ALT = {  # AppTest shows no key for a dataframe; its alt text (for screen readers) names it
    "sources.figures_table": "Every figure", "sources.sources_table": "Every source",
    "sources.checks_table": "For each source", "sources.licences_table": "The licence",
}


def _frame(at, key: str):
    return next(d.value for d in at.dataframe if d.proto.alt.startswith(TABLE_ALT[key]))


@pytest.fixture(scope="module")
def sources_at():
    return _sources_page()


def _expected_figures() -> set[tuple[str, int]]:
    """(file, row) of every row that names a source next to a sentence, read from the data layer."""
    out = set()
    for name, spec in TABLES.items():
        if name == "sources":
            continue
        frame = data_layer.table(name)
        for column in frame.columns:
            if column.endswith("source_id"):
                text = column[: -len("source_id")]
                if f"{text}quote" in frame.columns or f"{text}note" in frame.columns:
                    for index, value in enumerate(frame[column]):
                        if value:
                            out.add((spec.file, index + 2))
    return out


def test_lists_every_source_with_its_metadata(sources_at):
    table = _frame(sources_at, "sources.sources_table")
    sources = data_layer.sources()
    assert list(table["source_id"]) == list(sources["source_id"])
    for column in ("title", "publisher", "date_published", "url", "kind", "licence"):
        assert column in table.columns
    assert f"these {len(sources)} sources" in page_text(sources_at)


def test_lists_every_figure_with_its_sentence(sources_at):
    figures = _frame(sources_at, "sources.figures_table")
    shown = set(zip(figures["file"], figures["row"]))
    assert _expected_figures() <= shown
    market = data_layer.table("market_size")
    for row in market.to_dict("records"):
        assert row["quote"] in set(figures["quote"])
    assert (figures["quote"] != "").all()


def test_figures_filter_by_source_page_topic_and_search_from_the_url():
    figures = catalog.figure_rows({n: data_layer.table(n) for n in TABLES})
    at = _sources_page({"sources.source": "china-briefing-2", "sources.topic": "market"})
    shown = _frame(at, "sources.figures_table")
    expected = figures[(figures["source_id"] == "china-briefing-2") & (figures["topic"] == "market")]
    assert len(shown) == len(expected) > 0
    assert set(shown["source_id"]) == {"china-briefing-2"}
    at = _sources_page({"sources.q": "Ping An consultations"})
    shown = _frame(at, "sources.figures_table")
    assert len(shown) >= 1 and all("ping an" in q.lower() for q in shown["quote"])
    at = _sources_page({"sources.page": "Province map"})
    shown = _frame(at, "sources.figures_table")
    assert set(shown["file"]) >= {"places.csv"} and "market_size.csv" not in set(shown["file"])
    assert not [w for w in at.warning if w.icon == ":material/link_off:"]


@pytest.mark.parametrize("query", [
    {"sources.source": "<script>alert(1)</script>"},
    {"sources.topic": "no-such-topic"},
    {"sources.q": "x" * 10_000},
    {"sources.tab": "Nope"},
    {"sources.page": ["Overview", "Overview' onmouseover='alert(1)"]},
])
def test_hostile_parameters_give_a_notice_and_no_markup(query):
    at = _sources_page(query)
    warnings = " ".join(w.value for w in at.warning if w.icon == ":material/link_off:")
    assert "Ignored" in warnings
    assert "<script>" not in page_text(at) and "xxxxxxxxxx" not in page_text(at)


def test_disagreements_show_both_sides_and_how_each_page_shows_them():
    at = _sources_page({"sources.tab": "Disagreements"})
    text = page_text(at)
    market = data_layer.table("market_size")
    for value in market.loc[market["year"] == 2028, "value_usd_bn"]:
        assert f"US\\${value:g} bn" in text
    assert text.count("How it is shown:") >= 4
    density = data_layer.table("physician_density")
    usa = density[density["iso3"] == "USA"]["value_per_1000"]
    assert all(f"{v:g}" in text for v in usa)


def test_growth_checks_are_computed_from_the_rows(sources_at):
    market = data_layer.table("market_size").set_index("row_id")
    start, end = market.loc["cb2-2023", "value_usd_bn"], market.loc["cb2-2030", "value_usd_bn"]
    rate = ((end / start) ** (1 / 7) - 1) * 100
    checks = _frame(sources_at, "sources.checks_table")
    assert f"{rate:.1f}%" in " ".join(checks["implied"])
    stated = market.loc["cb2-2023", "stated_cagr_low_pct"]
    on_path = start * (1 + stated / 100) ** 5
    infos = " ".join(i.value for i in sources_at.info)
    assert f"{on_path:,.2f}" in infos and f"{market.loc['cb2-2028', 'value_usd_bn']:g}" in infos


def test_licences_and_natural_earth_credit(sources_at):
    text = page_text(sources_at)
    assert "Made with Natural Earth" in text and "public domain" in text
    licences = _frame(sources_at, "sources.licences_table")
    assert set(licences["licence"]) == set(data_layer.sources()["licence"])


def test_dataset_zip_holds_every_file_byte_exact_with_the_dictionary(sources_at):
    assert any(b.key == "sources.zip" for b in sources_at.get("download_button"))
    archive = zipfile.ZipFile(io.BytesIO(catalog.dataset_zip(data_layer.dataset_files())))
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    for path in DATA.glob("*.csv"):
        assert path.name in names
        assert archive.read(f"healthcare-ai-china-data/{path.name}") == path.read_bytes()
    assert {"README.md", "columns.csv", "dataset.json"} <= names
    columns = archive.read("healthcare-ai-china-data/columns.csv").decode("utf-8-sig")
    assert "market_size.csv,value_usd_bn,float" in columns


def test_every_table_a_page_loads_is_mapped_to_that_page():
    """The 'Shown on' column must not lie: compare it with the tables each page asks the data layer for."""
    table_names = "|".join(TABLES)
    for stem in catalog.PAGE_TITLES:
        if stem == "sources_method":
            continue
        if (ROOT / "components" / "views" / f"{stem}.py").exists():
            loaded = set(importlib.import_module(f"components.views.{stem}").TABLES) - {"sources", BOUNDARIES}
        else:
            source = (ROOT / "pages" / f"{stem}.py").read_text(encoding="utf-8")
            calls = re.findall(r"(?:tables_or_stop|data_layer\.table)\(([^)]*)\)", source, flags=re.S)
            loaded = {name for call in calls for name in re.findall(rf'"({table_names})"', call)} - {"sources"}
        for name in loaded:
            assert stem in catalog.TABLE_PAGES.get(name, ()), f"{stem} loads {name}: add it to catalog.TABLE_PAGES"
    assert set(TABLES) - {"sources"} <= set(catalog.TABLE_PAGES), "every table needs a TABLE_PAGES entry"
