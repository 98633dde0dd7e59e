"""Sources & method view model: every source, every figure with its sentence, the disagreements, the growth
checks. No Streamlit here.

The page lists what it can even when a data file is broken: the tables it
merely lists are optional (`OPTIONAL`), and the view names the files it had to
leave out. The growth checks are the Market size page's own (components.domain.market).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data import source_names
from components.domain import catalog, market
from components.data.schemas import TABLES as ALL_TABLES
from components.views.base import GlobalFilters, Tables

TABLES = ("sources", "market_size")
OPTIONAL = tuple(name for name in ALL_TABLES if name not in TABLES)
SOURCE_COLUMNS = ["source_id", "title", "publisher", "author", "date_published", "url", "kind", "licence", "notes",
                  "figures", "shown_on"]
CHECK_COLUMNS = ["series_name", "pair", "from_figure", "to_figure", "implied", "stated_cagr", "stated_period", "check"]


@dataclass(frozen=True)
class Settings:
    """The figures tab's search and filters (all URL-bound on the page)."""

    search: str = ""
    source_ids: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class DisagreementView:
    topic: str
    verdict: str                   # "Conflict" / "Consistent"
    text: str
    how_shown: str
    page: str


@dataclass(frozen=True)
class View:
    finding: str
    n_sources: int
    n_figures: int
    n_files: int
    broken_files: tuple[str, ...]
    topics: tuple[str, ...]
    source_ids: tuple[str, ...]
    figures: pd.DataFrame                  # after the search and filters
    sources: pd.DataFrame
    disagreements: tuple[DisagreementView, ...] | None   # None: the files it needs are broken
    flags: tuple[str, ...]
    checks: pd.DataFrame
    market_rows: pd.DataFrame
    licences: pd.DataFrame                 # licence -> the sources under it

    @property
    def slides(self) -> tuple:
        return ()


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    return Settings()


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View:
    sources, market_rows = tables["sources"], tables["market_size"]
    name_of = source_names.namer(sources)
    loaded = {name: frame for name, frame in tables.items() if isinstance(frame, pd.DataFrame)}
    broken = tuple(getattr(tables, "broken", ()))
    every_figure = catalog.figure_rows(loaded)
    shown = catalog.filter_figures(every_figure, settings.search, settings.source_ids, settings.pages,
                                   settings.topics)
    disagreements = None
    if "physician_density" in loaded and "facts" in loaded:
        disagreements = tuple(
            DisagreementView(d.topic, "Conflict" if d.conflict else "Consistent", d.text, d.how_shown, d.page)
            for d in catalog.disagreements(market_rows, loaded["physician_density"], loaded["facts"], name_of))
    data = market.figures(market_rows, name_of)
    implied = market.implied_cagrs(data)
    flags = market.path_flags(data)
    checks = (implied.assign(implied=[market.implied_rate_text(r) for r in implied.to_dict("records")])[CHECK_COLUMNS]
              if not implied.empty else pd.DataFrame(columns=CHECK_COLUMNS))
    return View(
        finding=(f"Every figure in this dashboard traces to one of these {len(sources)} sources and the sentence it "
                 "came from. Where sources disagree, both are shown."),
        n_sources=len(sources), n_figures=len(every_figure), n_files=len(loaded), broken_files=broken,
        topics=tuple(sorted(every_figure["topic"].unique())),
        source_ids=tuple(dict.fromkeys(every_figure["source_id"])),
        figures=shown, sources=catalog.source_table(sources, every_figure)[SOURCE_COLUMNS],
        disagreements=disagreements,
        flags=tuple(f.text for f in flags) + tuple(market.rate_flags(implied, flags)),
        checks=checks, market_rows=market_rows,
        licences=sources.groupby("licence", sort=False)["source_id"].agg(", ".join).reset_index())
