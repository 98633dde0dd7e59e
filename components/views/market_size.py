"""Market size view model: every source's estimate, the reconciliation, the scenario projector, the segments and
verticals, the headline facts. No Streamlit here.

`inputs(tables)` gives the controls their options and sourced defaults;
`build(tables, filters, settings)` returns the market sections (charts,
flags, spreads, the scenario); `segments(tables, filters)` and
`headline_facts(tables, presentation)` return the two sections that read other
files, so a broken segments.csv or facts.csv stops only its own section (see
CALL_TABLES). The arithmetic and its wording live in components.domain.market, the
charts in components.charts.market_charts.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.charts import market_charts
from components.data import source_names
from components.domain import market
from components import format as fmt
from components.charts.vega import spec
from components.views.base import ChartItem, GlobalFilters, Tables, source_ids_in
from components import i18n
from components.i18n import N_, _

MARKET_TABLES = ("market_size", "sources")
TABLES = (*MARKET_TABLES, "segments", "verticals", "facts")
# Each call reads only its own files: a broken facts.csv leaves the market charts and the segments standing.
CALL_TABLES = {
    "inputs": MARKET_TABLES,
    "default_settings": MARKET_TABLES,
    "build": MARKET_TABLES,
    "header": MARKET_TABLES,
    "estimates": MARKET_TABLES,
    "reconciliation": MARKET_TABLES,
    "scenario": MARKET_TABLES,
    "segments": (*MARKET_TABLES, "segments", "verticals"),
    "headline_facts": ("facts", "sources"),
}

SCALES = (N_("Linear"), N_("Log"))   # URL values (English), shown with _()
# The page's secondary analyses, one tab each (only the open one runs); the tab is in the URL under TAB_KEY.
TAB_KEY = "market.tab"
TABS = (N_("Do the figures add up?"), N_("Scenario projector"), N_("Segments and verticals"), N_("Headline figures"))
CUSTOM_BASE = market.CUSTOM
CUSTOM_RATE = market.CUSTOM_RATE
CUSTOM_BASE_RANGE = (0.01, 1000.0)   # USD billion; the URL is checked against the same ranges
CUSTOM_RATE_RANGE = (-50.0, 200.0)   # % a year
# Default: China Briefing Part II's base and rate, the series whose 2028 figure the
# reconciliation questions, so the default view shows where that path really lands.
DEFAULT_SOURCE = "china-briefing-2"
FALLBACK_RATE = 30.0                 # only when no source states a rate
SUB_MARKET_NOTE = N_("The AI-medical-imaging series is a sub-market and is never added to the totals.")
# Kinds of figure (market_size.csv `kind`), shown with _().
KINDS = {"estimate": N_("estimate"), "projection": N_("projection"), "reported": N_("reported")}


@dataclass(frozen=True)
class Inputs:
    """The projector's options and defaults, from the figures."""

    base_labels: tuple[str, ...]     # each source's base-year figure, then CUSTOM_BASE
    base_index: int
    rate_labels: tuple[str, ...]     # each source's stated rate, then CUSTOM_RATE
    rate_index: int
    custom_years: tuple[str, ...]    # years a custom base may sit in
    custom_year_index: int
    custom_base: float               # the default custom value: the default base's
    custom_rate: float               # the default custom rate: the default rate's
    horizons: tuple[str, ...]        # the last year a source covers, and five years on
    base_shown: tuple[str, ...] = ()  # base_labels as shown in the current language (the labels are URL values)
    rate_shown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    scale: str = "Linear"
    base: str = ""                   # a label of Inputs.base_labels ("" = the default)
    rate: str = ""                   # a label of Inputs.rate_labels ("" = the default)
    custom_base: float | None = None  # used when base is CUSTOM_BASE (None = the default)
    custom_year: int | None = None
    custom_rate: float | None = None  # used when rate is CUSTOM_RATE (None = the default)
    horizon: int | None = None       # None = the last year a source covers
    presentation: bool = False

    @property
    def log_scale(self) -> bool:
        return self.scale == "Log"


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class Spread:
    """One year more than one source covers: the spread in words, and the figures it comes from."""

    year: int
    summary: str
    figures: str


@dataclass(frozen=True)
class View:
    headline: str
    filter_note: str                 # why the segment filter leaves the totals alone ("" without a filter)
    sources_chart: ChartItem
    figures_table: pd.DataFrame
    path_flags: tuple[market.Flag, ...]
    rate_flags: tuple[str, ...]
    scope_points: tuple[str, ...]
    implied_chart: ChartItem | None  # None when no source states a rate
    spreads: tuple[Spread, ...]
    spread_table: pd.DataFrame       # the CSV of the spreads
    spread_source_ids: tuple[str, ...]
    implied_table: pd.DataFrame
    implied_source_ids: tuple[str, ...]
    scenario_sentence: str           # "US$1.59 bn in 2023 (China Briefing, Part II), growing 42.5% a year (…)."
    scenario_at_last: Metric | None  # the scenario in the last year a source covers
    scenario_at_horizon: Metric | None   # the scenario at the horizon, when it lies beyond that year
    verdict_heading: str
    verdicts: tuple[str, ...]        # where the scenario lands against each source's figure that year
    projection_chart: ChartItem
    projection_table: pd.DataFrame

    @property
    def slides(self) -> tuple[ChartItem, ...]:
        """The key chart first: every estimate by source; then the implied rates and the scenario."""
        return tuple(c for c in (self.sources_chart, self.implied_chart, self.projection_chart) if c is not None)


@dataclass(frozen=True)
class SegmentCard:
    key: str                         # the card's widget key, "market.segment.<id>"
    name: str
    tag: str                         # "Fastest-growing, per …" or "Named by …"
    details: tuple[tuple[str, str], ...]   # (label, text) paragraphs, empty ones left out


@dataclass(frozen=True)
class VerticalCard:
    key: str
    name: str
    maturity: str                    # the source's words, "" when it gives none
    description: str
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Segments:
    caption: str
    empty: str                       # the empty-state message when nothing matches the filter, else ""
    segments: tuple[SegmentCard, ...]
    segment_source_ids: tuple[str, ...]
    verticals: tuple[VerticalCard, ...]
    vertical_source_ids: tuple[str, ...]


@dataclass(frozen=True)
class HeadlineFacts:
    approvals_chart: ChartItem | None
    platforms: tuple[Metric, ...]
    platform_source_ids: tuple[str, ...]


# --- the figures and the projector's options ------------------------------------------------------------

def _name_of(tables: Tables) -> source_names.NameOf:
    return source_names.namer(tables["sources"])


def _figures(tables: Tables) -> pd.DataFrame:
    return market.figures(tables["market_size"], _name_of(tables), source_names.colours(tables["sources"]))


@dataclass(frozen=True)
class _Options:
    bases: tuple[market.BaseOption, ...]
    rates: tuple[market.RateOption, ...]
    years: tuple[int, ...]
    horizons: tuple[int, ...]
    default_base: market.BaseOption
    default_rate: market.RateOption | None

    @property
    def default_custom_year(self) -> int:
        """A custom base's year before the viewer picks one: the default base's year, if a custom base may sit there."""
        return self.default_base.year if self.default_base.year in self.years else self.years[0]

    @property
    def default_rate_pct(self) -> float:
        return self.default_rate.rate_pct if self.default_rate else FALLBACK_RATE


def _options(figures: pd.DataFrame) -> _Options:
    bases, rates = market.base_options(figures), market.rate_options(figures)
    years = market.custom_years(figures)
    base = next((b for b in bases if b.source_id == DEFAULT_SOURCE), bases[0] if bases else None)
    rate = next((r for r in rates if r.source_id == DEFAULT_SOURCE), rates[0] if rates else None)
    if base is None:
        base = market.BaseOption(market.CUSTOM, None, years[0], 1.0, None)
    return _Options(tuple(bases), tuple(rates), tuple(years), tuple(market.horizons(figures)), base, rate)


def inputs(tables: Tables) -> Inputs:
    opts = _options(_figures(tables))
    base_labels = (*(b.label for b in opts.bases), CUSTOM_BASE)
    rate_labels = (*(r.label for r in opts.rates), CUSTOM_RATE)
    return Inputs(
        base_labels=base_labels,
        base_index=base_labels.index(opts.default_base.label) if opts.bases else 0,
        rate_labels=rate_labels,
        rate_index=rate_labels.index(opts.default_rate.label) if opts.default_rate else 0,
        custom_years=tuple(str(y) for y in opts.years),
        custom_year_index=opts.years.index(opts.default_custom_year),
        custom_base=opts.default_base.value, custom_rate=opts.default_rate_pct,
        horizons=tuple(str(h) for h in opts.horizons),
        base_shown=(*(b.text for b in opts.bases), _(CUSTOM_BASE)),
        rate_shown=(*(r.text for r in opts.rates), _(CUSTOM_RATE)))


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    given = inputs(tables)
    return Settings(SCALES[0], given.base_labels[given.base_index], given.rate_labels[given.rate_index],
                    horizon=int(given.horizons[0]), presentation=presentation)


def _chosen_base(opts: _Options, settings: Settings) -> market.BaseOption:
    if settings.base == CUSTOM_BASE:
        value = opts.default_base.value if settings.custom_base is None else float(settings.custom_base)
        year = int(settings.custom_year) if settings.custom_year is not None else opts.default_custom_year
        return market.BaseOption(market.CUSTOM, None, year, value, None)
    return next((b for b in opts.bases if b.label == settings.base), opts.default_base)


def _chosen_rate(opts: _Options, settings: Settings) -> tuple[float, str | None]:
    """(rate in % a year, the source that states it or None for a custom rate)."""
    if settings.rate == CUSTOM_RATE or opts.default_rate is None:
        rate = opts.default_rate_pct if settings.custom_rate is None else float(settings.custom_rate)
        return rate, None
    chosen = next((r for r in opts.rates if r.label == settings.rate), opts.default_rate)
    return chosen.rate_pct, chosen.source_id


# --- the market sections ----------------------------------------------------------------------------------

def _filter_note(filters: GlobalFilters) -> str:
    if not filters.segment_ids:
        return ""
    return _("Segment filter ({filters}) applies to the segments and verticals below; no source splits the total "
             "market by segment, so the totals do not change.").format(filters=filters.describe())


def _sources_chart(figures: pd.DataFrame, settings: Settings) -> ChartItem:
    finding = market.series_finding(figures)
    shown = figures[["source_name", "scope", "year", "kind", "qualifier", "value_usd_bn", "low_usd_bn",
                     "high_usd_bn", "stated_cagr", "source_id", "quote", "note"]]
    return ChartItem(
        key="market.sources_chart", title=finding,
        spec=spec(market_charts.market_size_chart, figures, log_scale=settings.log_scale, title=finding,
                  presentation=settings.presentation),
        data=shown,
        alt_text=_("Market size in USD billion by year, one coloured series per source; ranges drawn as bars."),
        source_ids=source_ids_in(shown), note=_(SUB_MARKET_NOTE),
        numbers=tuple({r["series_name"] + f" {r['year']}": r["label"] for r in figures.to_dict("records")}.items()))


def _implied_chart(implied: pd.DataFrame, settings: Settings) -> ChartItem | None:
    if implied.empty:
        return None
    rated = implied[implied["stated_low_pct"].notna()].reset_index(drop=True)
    if rated.empty:
        return None
    finding = market.cagr_finding(rated)
    shown = rated[["source_name", "scope", "pair", "from_figure", "to_figure", "implied_low_pct", "implied_high_pct",
                   "widest_low_pct", "widest_high_pct", "stated_cagr", "stated_period", "check", "source_id"]]
    return ChartItem(
        key="market.implied_chart", title=finding,
        spec=spec(market_charts.implied_cagr_chart, rated, title=finding, presentation=settings.presentation),
        data=shown,
        alt_text=_("Growth rate each source's own figures imply between pairs of years, against the rate it "
                   "states."),
        source_ids=source_ids_in(shown))


def _implied_table(implied: pd.DataFrame) -> pd.DataFrame:
    shown = implied.assign(implied=[market.implied_rate_text(r) for r in implied.to_dict("records")])
    return shown[["series_name", "pair", "from_figure", "to_figure", "implied", "stated_cagr", "stated_period",
                  "check"]]


def _spread_source_ids(spread: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for ids in spread["source_ids"] for s in ids.split(";") if s))


@dataclass(frozen=True)
class Header:
    headline: str
    filter_note: str


@dataclass(frozen=True)
class Estimates:
    """Every estimate on one chart (the key visual), and the figures behind it."""

    sources_chart: ChartItem
    figures_table: pd.DataFrame


@dataclass(frozen=True)
class Reconciliation:
    """Do the figures add up: flags, the implied rates and the spreads between sources."""

    path_flags: tuple[market.Flag, ...]
    rate_flags: tuple[str, ...]
    scope_points: tuple[str, ...]
    implied_chart: ChartItem | None
    spreads: tuple[Spread, ...]
    spread_table: pd.DataFrame
    spread_source_ids: tuple[str, ...]
    implied_table: pd.DataFrame
    implied_source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """The scenario projector's result for its settings."""

    scenario_sentence: str
    scenario_at_last: Metric | None
    scenario_at_horizon: Metric | None
    verdict_heading: str
    verdicts: tuple[str, ...]
    projection_chart: ChartItem
    projection_table: pd.DataFrame


def _market_figures(tables: Tables) -> pd.DataFrame:
    return market.figures(tables["market_size"], _name_of(tables), source_names.colours(tables["sources"]))


def _header(figures: pd.DataFrame, filters: GlobalFilters) -> Header:
    return Header(market.headline(figures), _filter_note(filters))


def _estimates(figures: pd.DataFrame, settings: Settings) -> Estimates:
    records = figures.to_dict("records")
    table = figures[["source_name", "scope", "year", "label", "kind", "stated_cagr", "quote", "note"]].assign(
        scope=[i18n.text(r, "scope") for r in records],
        kind=[_(KINDS[k]) if k in KINDS else k for k in figures["kind"]],
        note=[i18n.text(r, "note") for r in records])
    return Estimates(_sources_chart(figures, settings), table)


def _reconciliation(figures: pd.DataFrame, presentation: bool) -> Reconciliation:
    implied = market.implied_cagrs(figures)
    flags = market.path_flags(figures)
    spread = market.spreads(figures)
    return Reconciliation(
        path_flags=tuple(flags),
        rate_flags=tuple(market.rate_flags(implied, flags)),
        scope_points=tuple(market.scope_points(figures) + [t for t in [market.submarket_note(figures)] if t]),
        implied_chart=_implied_chart(implied, Settings(presentation=presentation)),
        spreads=tuple(Spread(int(r["year"]), r["summary"], r["figures"]) for r in spread.to_dict("records")),
        spread_table=spread,
        spread_source_ids=_spread_source_ids(spread),
        implied_table=_implied_table(implied),
        implied_source_ids=source_ids_in(implied))


def _scenario(figures: pd.DataFrame, name_of: source_names.NameOf, settings: Settings) -> Scenario:
    total_figures = market.totals(figures)
    opts = _options(figures)
    base = _chosen_base(opts, settings)
    rate_pct, rate_source = _chosen_rate(opts, settings)
    horizon = int(settings.horizon) if settings.horizon is not None else opts.horizons[0]
    path = market.project(base.value, base.year, rate_pct, horizon)
    table = market.projection_table(path, figures)
    last_source_year = int(total_figures["year"].max())
    scenario_end = float(path["scenario_usd_bn"].iloc[-1])
    scenario_at_last = (float(path.loc[path["year"] == last_source_year, "scenario_usd_bn"].iloc[0])
                        if last_source_year in set(path["year"]) else None)
    base_text = (_("{value} in {year} (custom)").format(value=fmt.usd_bn(base.value, stated=False), year=base.year)
                 if base.source_id is None
                 else _("{value} in {year} ({source})").format(value=fmt.usd_bn(base.value), year=base.year,
                                                               source=name_of(base.source_id)))
    rate_text = (_("{rate}% a year (custom)").format(rate=f"{rate_pct:g}") if rate_source is None
                 else _("{rate}% a year ({source})").format(rate=f"{rate_pct:g}", source=name_of(rate_source)))
    scenario_title = _("Scenario: {value} by {year}").format(value=fmt.usd_bn(scenario_end, stated=False),
                                                             year=horizon)
    scenario_sources = [s for s in (base.source_id, rate_source) if s]
    projection_chart = ChartItem(
        key="market.projection_chart", title=scenario_title,
        spec=spec(market_charts.projection_chart, path, total_figures, log_scale=settings.log_scale,
                  title=scenario_title,
                  subtitle=_("{base}, growing {rate}; dots and bars: the sources' own figures.").format(
                      base=base_text, rate=rate_text),
                  presentation=settings.presentation),
        data=table,
        alt_text=_("Projected market path from {start} to {end} against the sources' own figures.").format(
            start=base.year, end=horizon),
        source_ids=source_ids_in(total_figures, total_figures[total_figures["source_id"].isin(scenario_sources)]),
        numbers=tuple((_("Scenario {year}").format(year=y), fmt.usd_bn(v, stated=False))
                      for y, v in zip(path["year"], path["scenario_usd_bn"])))
    return Scenario(
        scenario_sentence=_("{base}, growing {rate}.").format(base=base_text, rate=rate_text),
        scenario_at_last=(Metric(_("Scenario, {year}").format(year=last_source_year),
                                 fmt.usd_bn(scenario_at_last, stated=False))
                          if scenario_at_last is not None else None),
        scenario_at_horizon=(Metric(_("Scenario, {year}").format(year=horizon), fmt.usd_bn(scenario_end, stated=False),
                                    help=_("No source gives a figure beyond {year}.").format(year=last_source_year))
                             if horizon != last_source_year else None),
        verdict_heading=_("Against the sources' {year} figures:").format(year=last_source_year),
        verdicts=(tuple(market.scenario_verdict(scenario_at_last, last_source_year, figures))
                  if scenario_at_last is not None else ()),
        projection_chart=projection_chart,
        projection_table=table)


# Per-section calls: the page runs each section on its own inputs, so a section that reruns alone (a scale
# toggle, a scenario input) computes only itself; `build` puts them together for exports and tests.

def header(tables: Tables, filters: GlobalFilters) -> Header:
    """The page's finding and the note on what the global filters do here."""
    return _header(_market_figures(tables), filters)


def estimates(tables: Tables, settings: Settings) -> Estimates:
    """Every estimate on one chart, at the scale and size in `settings`."""
    return _estimates(_market_figures(tables), settings)


def reconciliation(tables: Tables, presentation: bool = False) -> Reconciliation:
    """Flags, implied rates and spreads: these depend on the data only."""
    return _reconciliation(_market_figures(tables), presentation)


def scenario(tables: Tables, settings: Settings) -> Scenario:
    """The scenario projector for `settings` (its base, rate, horizon and the value axis)."""
    return _scenario(_market_figures(tables), _name_of(tables), settings)


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View:
    """The market sections of the page: every estimate, the reconciliation and the scenario."""
    figures = _market_figures(tables)
    parts = (_header(figures, filters), _estimates(figures, settings),
             _reconciliation(figures, settings.presentation), _scenario(figures, _name_of(tables), settings))
    return View(**{name: value for part in parts for name, value in vars(part).items()})


# --- segments and verticals (segments.csv, verticals.csv) ---------------------------------------------------

def _segment_card(seg: dict, subs: pd.DataFrame, name_of) -> SegmentCard:
    tag = (_("Fastest-growing, per {source}") if seg["fastest_growing"] else _("Named by {source}")).format(
        source=name_of(seg["source_id"]))
    details = [(_("Use cases"), i18n.text(seg, "use_cases"))]
    if seg["leading_companies"]:
        details.append((_("Leading companies"), i18n.text(seg, "leading_companies")))
    if not subs.empty:
        path = " → ".join(_("{figure} ({year})").format(figure=r["label"], year=r["year"])
                          for r in subs.to_dict("records"))
        details.append((_("Sub-market size"), _("{path} ({scope}; {source})").format(
            path=path, scope=i18n.text(subs.iloc[0], "scope"), source=subs.iloc[0]["source_name"])))
    return SegmentCard(f"market.segment.{seg['segment_id']}", str(i18n.text(seg, "name")), tag, tuple(details))


VERTICAL_DETAILS = ((N_("Use cases"), "use_cases"), (N_("Leading companies"), "leading_companies"),
                    (N_("Foreign entry"), "foreign_entry_notes"), (N_("Restrictions"), "restrictions"),
                    (N_("Entry approach"), "entry_approach"))


def _vertical_card(vert: dict) -> VerticalCard:
    return VerticalCard(f"market.vertical.{vert['vertical_id']}", str(i18n.text(vert, "name")),
                        (i18n.text(vert, "maturity") if vert["maturity"] else "") or "",
                        str(i18n.text(vert, "description")),
                        tuple((_(label), i18n.text(vert, column)) for label, column in VERTICAL_DETAILS
                              if vert[column]))


def segments(tables: Tables, filters: GlobalFilters) -> Segments:
    """The segments and verticals under the segment filter, fastest-growing segments first."""
    name_of = _name_of(tables)
    figures = market.figures(tables["market_size"], name_of, source_names.colours(tables["sources"]))
    segment_rows, vertical_rows = tables["segments"], tables["verticals"]
    seg_rows = segment_rows[[filters.segment_match(s) for s in segment_rows["segment_id"]]]
    vert_rows = vertical_rows[[filters.segment_match(s) for s in vertical_rows["segment_id"]]]
    seg_rows = seg_rows.sort_values("fastest_growing", ascending=False, kind="stable")
    sub_rows = figures[~figures["is_total"]]
    sub_segment = sub_rows["scope"].map(market.SUBMARKET_SEGMENTS)
    cards = tuple(_segment_card(seg, sub_rows[sub_segment == seg["segment_id"]], name_of)
                  for seg in seg_rows.to_dict("records"))
    return Segments(
        caption=_("Following the sidebar filter: {filters}. Segment names and the 'fastest-growing' tag are the "
                  "sources' words; no source gives a numeric split of China's total market, so none is "
                  "shown.").format(filters=filters.describe()),
        empty=_("No segment or vertical matches the segment filter.") if seg_rows.empty and vert_rows.empty else "",
        segments=cards,
        segment_source_ids=source_ids_in(seg_rows, sub_rows[sub_segment.isin(seg_rows["segment_id"])]),
        verticals=tuple(_vertical_card(v) for v in vert_rows.to_dict("records")),
        vertical_source_ids=source_ids_in(vert_rows))


# --- headline facts (facts.csv) -------------------------------------------------------------------------------

def headline_facts(tables: Tables, presentation: bool = False) -> HeadlineFacts:
    """NMPA Class III AI approvals over time, and the platforms' scale."""
    name_of = _name_of(tables)
    facts = tables["facts"]
    approvals = market.nmpa_series(facts, name_of)
    chart = None
    if not approvals.empty:
        records = approvals.to_dict("records")
        for r in records:   # when each figure was given, and what it counts, in the current language
            r["when"], r["label_shown"] = i18n.text(r, "as_of") or r["year"], i18n.text(r, "label")
        finding = market.approvals_finding(approvals)
        shown = approvals[["year", "as_of", "label", "value", "qualifier", "note", "source_id", "quote"]]
        chart = ChartItem(
            key="market.approvals_chart", title=finding,
            spec=spec(market_charts.approvals_chart, approvals, title=finding,
                      subtitle=[_("Lighter bar ({when}): {label}, not the same count.").format(
                                    when=r["when"], label=r["label_shown"]) for r in records if not r["comparable"]],
                      presentation=presentation),
            data=shown,
            alt_text=_("NMPA Class III AI device approval figures over time, one bar per source figure."),
            source_ids=source_ids_in(shown),
            note="; ".join(_("{when}: {note}").format(when=r["when"], note=i18n.text(r, "note"))
                           for r in records if r["note"]),
            numbers=tuple({str(r["when"]): r["figure"] for r in records}.items()))
    platforms = facts[facts["topic"] == "platforms"]
    return HeadlineFacts(
        approvals_chart=chart,
        platforms=tuple(Metric(str(i18n.text(f, "label")),
                               fmt.in_words(f["value"], f["qualifier"], f["value_high"]).capitalize(),
                               help=_("{unit}; {source}").format(unit=i18n.text(f, "unit"),
                                                                 source=name_of(f["source_id"])))
                        for f in platforms.to_dict("records")),
        platform_source_ids=source_ids_in(platforms))
