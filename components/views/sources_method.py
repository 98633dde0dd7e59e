"""Sources & method view model: every source, every figure with its sentence, the disagreements, the growth
checks. No Streamlit here.

The page lists what it can even when a data file is broken: the tables it
merely lists are optional (`OPTIONAL`), and the view names the files it had to
leave out. The growth checks are the Market size page's own (components.domain.market).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import i18n
from components.data import source_names
from components.domain import catalog, market
from components.data.schemas import TABLES as ALL_TABLES
from components.views.base import GlobalFilters, Tables
from components.i18n import N_, _

TABLES = ("sources", "market_size")
OPTIONAL = tuple(name for name in ALL_TABLES if name not in TABLES)
SOURCE_COLUMNS = ["source_id", "title", "publisher", "author", "date_published", "url", "kind", "licence", "notes",
                  "figures", "shown_on"]
CHECK_COLUMNS = ["series_name", "pair", "from_figure", "to_figure", "implied", "stated_cagr", "stated_period", "check"]
# Values of the data (a figure's topic, a source's kind) that the tables show: in English as the data writes
# them, in Chinese translated (the filters and the URL keep the data's values).
TOPIC_LABELS = {t: t for t in (
    N_("companies"), N_("genomics"), N_("infrastructure"), N_("market"), N_("market_access"), N_("places"),
    N_("platforms"), N_("policy"), N_("provinces"), N_("regulation"), N_("rural-urban gap"), N_("strategy"),
    N_("where AI helps"), N_("why it matters"), N_("workforce"), N_("sources"))}
SOURCE_KIND_LABELS = {k: k for k in (N_("article"), N_("official_statistics"), N_("dataset"),
                                     N_("secondary_summary"))}
CONFLICT, CONSISTENT = N_("Conflict"), N_("Consistent")


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
    source_labels: tuple[tuple[str, str], ...] = ()   # (source id, as the source filter shows it)

    def source_label(self, source_id: str) -> str:
        """The source filter's option as shown: the id in English, the source's short name in Chinese."""
        return dict(self.source_labels).get(source_id, source_id)

    @property
    def slides(self) -> tuple:
        return ()


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    return Settings()


def topic_label(topic: str) -> str:
    return _(TOPIC_LABELS[topic]) if topic in TOPIC_LABELS else topic


def _titles(text: str) -> str:
    """'Market size · Sources & method' in the current language (the data joins the English titles)."""
    return " · ".join(_(title) for title in str(text).split(" · ")) if text else text


def _shown_figures(figures: pd.DataFrame) -> pd.DataFrame:
    if i18n.current() == i18n.DEFAULT:
        return figures
    return figures.assign(topic=figures["topic"].map(topic_label), pages=figures["pages"].map(_titles))


def _shown_sources(table: pd.DataFrame) -> pd.DataFrame:
    if i18n.current() == i18n.DEFAULT:
        return table
    records = table.to_dict("records")
    return table.assign(**{column: [i18n.text(r, column) for r in records]
                           for column in ("publisher", "licence", "notes")},
                        kind=table["kind"].map(lambda k: _(SOURCE_KIND_LABELS[k]) if k in SOURCE_KIND_LABELS else k),
                        shown_on=table["shown_on"].map(_titles))


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
            DisagreementView(d.topic, _(CONFLICT) if d.conflict else _(CONSISTENT), d.text, d.how_shown, d.page)
            for d in catalog.disagreements(market_rows, loaded["physician_density"], loaded["facts"], name_of))
    data = market.figures(market_rows, name_of)
    implied = market.implied_cagrs(data)
    flags = market.path_flags(data)
    checks = (implied.assign(implied=[market.implied_rate_text(r) for r in implied.to_dict("records")])[CHECK_COLUMNS]
              if not implied.empty else pd.DataFrame(columns=CHECK_COLUMNS))
    sources_shown = _shown_sources(catalog.source_table(sources, every_figure))
    licence_of = dict(zip(sources_shown["source_id"], sources_shown["licence"]))
    return View(
        finding=_("Every figure in this dashboard traces to one of these {count} sources and the sentence it came "
                  "from. Where sources disagree, both are shown.").format(count=len(sources)),
        n_sources=len(sources), n_figures=len(every_figure), n_files=len(loaded), broken_files=broken,
        topics=tuple(sorted(every_figure["topic"].unique())),
        source_ids=tuple(dict.fromkeys(every_figure["source_id"])),
        figures=_shown_figures(shown), sources=sources_shown[SOURCE_COLUMNS],
        disagreements=disagreements,
        flags=tuple(f.text for f in flags) + tuple(market.rate_flags(implied, flags)),
        checks=checks, market_rows=market_rows,
        licences=sources.assign(licence=sources["source_id"].map(licence_of)).groupby(
            "licence", sort=False)["source_id"].agg(", ".join).reset_index(),
        source_labels=tuple((sid, sid if i18n.current() == i18n.DEFAULT else str(i18n.text(row, "short_name")))
                            for sid, row in zip(sources["source_id"], sources.to_dict("records"))))
