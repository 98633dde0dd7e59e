"""View models: pure functions of (tables, filters, settings), computed without a server."""
from __future__ import annotations

import json

from components import pages
from components.data import data_layer
from components.views import overview, physician_density, sources_method
from components.views.base import GlobalFilters


def _tables(module) -> dict:
    return {name: data_layer.table(name) for name in (*module.TABLES, *getattr(module, "OPTIONAL", ()))}


def test_every_page_in_the_registry_has_a_script_and_exporting_pages_have_a_view():
    for page in pages.PAGES:
        assert (data_layer.DEFAULT_DATA_DIR.parent / page.script).is_file(), page.script
    assert [p.stem for p in pages.PAGES if p.default] == ["overview"]
    assert not pages.BY_STEM["sources_method"].slide and not pages.BY_STEM["sources_method"].exports


def test_overview_view_carries_every_card_with_its_sources():
    view = overview.build(_tables(overview), GlobalFilters(), overview.Settings())
    assert len(view.cards) >= 6
    assert all(card.sources.startswith("Source: ") for card in view.cards)
    assert any("not stated" in card.sources for card in view.cards)   # the overview article's caveat
    assert {t.page for t in view.takeaways} <= set(pages.BY_STEM)


def test_sources_view_search_narrows_the_figures():
    tables = _tables(sources_method)
    every = sources_method.build(tables, GlobalFilters(), sources_method.Settings())
    nmpa = sources_method.build(tables, GlobalFilters(), sources_method.Settings(search="NMPA"))
    assert 0 < len(nmpa.figures) < len(every.figures) == every.n_figures
    assert nmpa.figures.apply(lambda r: "nmpa" in " ".join(map(str, r.values)).lower(), axis=1).all()


def test_density_view_follows_the_region_filter_and_the_controls():
    tables = _tables(physician_density)
    settings = physician_density.default_settings(tables)
    everything = physician_density.build(tables, GlobalFilters(), settings)
    east = physician_density.build(tables, GlobalFilters(regions=("East",)), settings)
    assert len(east.province_chart.data) < len(everything.province_chart.data)
    assert set(east.province_chart.data["region"]) == {"East"}
    doubled = physician_density.build(tables, GlobalFilters(), physician_density.Settings(
        settings.population, settings.densities, 40.0))
    assert doubled.metrics[-1].value != everything.metrics[-1].value
    assert everything.slides[0].key == "density.headline"
    assert "If AI added 20%" in json.dumps(everything.gap_chart.spec["title"])
