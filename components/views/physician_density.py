"""Physician density view model: the article's comparison, the gap in people, what an assumed AI gain covers,
the official statistics beside it and the provinces. No Streamlit here.

`inputs(tables)` gives the page's controls their sourced defaults; `build(tables,
filters, settings)` returns everything the page shows and exports. The
arithmetic and its wording live in components.domain.physicians.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.charts import density_charts
from components.data import source_names
from components.domain import physicians
from components import format as fmt
from components import i18n
from components.i18n import N_, _, terms
from components.charts.vega import spec
from components.views.base import ChartItem, GlobalFilters, Tables

TABLES = ("physician_density", "facts", "provinces", "context_statements", "sources")
POPULATION_BN = (0.1, 2.0)     # control ranges; the URL is checked against the same ones
DENSITY_RANGE = (0.1, 10.0)
GAIN_RANGE = (0, 50)
GAIN_DEFAULT = 20              # a round middle value for the illustration; no source states a gain
# How each official figure was taken from its source (physician_density.csv `evidence`), shown with _().
EVIDENCE = {"verbatim": N_("verbatim"), "table cell": N_("table cell"), "paraphrase": N_("paraphrase")}


@dataclass(frozen=True)
class DensityInput:
    iso3: str
    country: str                    # as shown, in the current language
    default: float


@dataclass(frozen=True)
class Inputs:
    """The page's controls with their sourced defaults; `countries` is empty when the data cannot draw the page."""

    population: float
    population_source: str          # who the default population comes from
    countries: tuple[DensityInput, ...]   # China first, then the comparison countries


@dataclass(frozen=True)
class Settings:
    population: float
    densities: tuple[tuple[str, float], ...]   # (iso3, per 1,000) for every country in Inputs.countries
    gain_pct: float = GAIN_DEFAULT
    presentation: bool = False


@dataclass(frozen=True)
class Statement:
    text: str
    source: str
    quote: str


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str


@dataclass(frozen=True)
class View:
    finding: str
    headline_chart: ChartItem
    why_it_matters: tuple[Statement, ...]
    metrics: tuple[Metric, ...]
    gap_sentences: tuple[str, ...]
    coverage_sentence: str
    gap_chart: ChartItem
    official_chart: ChartItem
    official_sentence: str
    national_note: str
    national_rows: pd.DataFrame
    official_table: pd.DataFrame
    province_chart: ChartItem | None
    province_empty: str
    rural_statements: tuple[Statement, ...]

    @property
    def slides(self) -> tuple[ChartItem, ...]:
        """The key chart first: the article's comparison, then the gap."""
        return (self.headline_chart, self.gap_chart, self.official_chart)


def _names(tables: Tables):
    return source_names.namer(tables["sources"])


def _population(tables: Tables) -> tuple[float, pd.DataFrame]:
    """The sourced population (facts.csv), else the census total of the 31 mainland provinces."""
    facts, provinces = tables["facts"], tables["provinces"]
    fact = physicians.population_default(facts)
    if fact is not None:
        return float(fact["value"]), facts[facts["fact_id"] == fact["fact_id"]]
    mainland = provinces[provinces["licensed_physicians_per_1000_2018"].notna()]
    rows = mainland.rename(columns={"population_source_id": "source_id"}).head(1)
    return float(mainland["population_2020"].sum()), rows


def inputs(tables: Tables) -> Inputs:
    name_of = _names(tables)
    headline = physicians.headline_rows(tables["physician_density"])
    china = physicians.china_row(headline)
    population, rows = _population(tables)
    source = name_of(rows["source_id"].iloc[0]) if len(rows) else ""
    targets = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
    if china is None or targets.empty:
        return Inputs(population, source, ())
    countries = [DensityInput(str(r["iso3"]), physicians.country_name(r), float(r["value_per_1000"]))
                 for r in [china, *targets.to_dict("records")]]
    return Inputs(population, source, tuple(countries))


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    given = inputs(tables)
    return Settings(given.population, tuple((c.iso3, c.default) for c in given.countries), GAIN_DEFAULT, presentation)


def _named(frame: pd.DataFrame, name_of) -> pd.DataFrame:
    return frame.assign(source_name=frame["source_id"].map(name_of))


def _statements(context: pd.DataFrame, topics: list[str], name_of) -> tuple[Statement, ...]:
    rows = context[(context["page"] == "physician_density") & context["topic"].isin(topics)]
    return tuple(Statement(str(i18n.text(r, "statement")), name_of(r["source_id"]), r["quote"])
                 for r in rows.to_dict("records"))


def _countries_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with `country` (and the words beside it) in the current language, for charts and tables."""
    records = frame.to_dict("records")
    shown = frame.assign(country=[physicians.country_name(r) for r in records])
    for column in ("definition", "confidence"):
        if column in frame.columns:
            shown[column] = [i18n.text(r, column) for r in records]
    return shown


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View | None:
    """Everything the page shows; None when the data has no China row and comparison country."""
    name_of = _names(tables)
    density = tables["physician_density"]
    headline = _named(physicians.headline_rows(density), name_of)
    china = physicians.china_row(headline)
    targets = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
    if china is None or targets.empty:
        return None
    present = settings.presentation
    population_default, population_rows = _population(tables)
    default_table = physicians.gap_table(float(china["value_per_1000"]),
                                         {physicians.country_name(r): r["value_per_1000"]
                                          for r in targets.to_dict("records")},
                                         population_default, GAIN_DEFAULT)
    official = _named(physicians.official_rows(density), name_of)
    finding = physicians.page_finding(headline, official, default_table, population_default, name_of)

    headline_shown = _countries_shown(headline)[["country", "iso3", "value_per_1000", "qualifier", "definition", "source_id",
                               "source_name", "quote"]]
    headline_chart = ChartItem(
        key="density.headline", title=_("Physicians per 1,000 people: the article's comparison"),
        spec=spec(density_charts.density_bars_chart, _countries_shown(headline),
                  title=physicians.headline_chart_title(headline),
                  subtitle=[_("Physicians per 1,000 people, as the overview article compares them."),
                            _("Year and definition not stated. China in red.")], presentation=present),
        data=headline_shown,
        alt_text=_("Bar chart: {bars} physicians per 1,000 people.").format(
            bars="; ".join(f"{r.country} {r.value_per_1000:g}" for r in headline_shown.itertuples())),
        source_ids=tuple(dict.fromkeys(headline["source_id"])),
        numbers=tuple((r.country, _("{value} per 1,000").format(value=f"{r.value_per_1000:g}"))
                      for r in headline_shown.itertuples()))

    densities = dict(settings.densities)
    table = physicians.gap_table(
        densities.get("CHN", float(china["value_per_1000"])),
        {physicians.country_name(r): densities.get(r["iso3"], float(r["value_per_1000"]))
         for r in targets.to_dict("records")},
        settings.population, settings.gain_pct)
    metrics = [Metric(_("Gap to {country}").format(country=physicians.country_short(r["country"])),
                      fmt.people(r["extra_physicians"]),
                      _("More physicians China needs to match {country}'s density at this population.").format(
                          country=physicians.country_in_sentence(r["country"])))
               for r in table.to_dict("records")]
    metrics.append(Metric(_("AI gain of {gain}% adds (assumption)").format(gain=f"{settings.gain_pct:g}"),
                          fmt.people(table["ai_physician_equivalents"].iloc[0]),
                          _("Physician-equivalents: the extra work China's physicians (at the density above) would "
                            "do with the assumed gain, counted in physicians.")))
    coverage = physicians.coverage_sentence(table)
    gap_chart = ChartItem(
        key="density.gap", title=_("The physician gap and what an assumed AI productivity gain covers"),
        spec=spec(density_charts.gap_coverage_chart, table.assign(source_name=name_of("mkt-overview")),
                  title=physicians.coverage_title(table),
                  subtitle=[_("Additional physicians China needs, in millions; blue = what the gain covers."),
                            _("An illustration of the arithmetic, not a forecast.")], presentation=present),
        data=table,
        alt_text=_("Stacked bars per comparison country: the additional physicians China needs and the part an AI "
                   "productivity gain covers. {coverage}").format(coverage=coverage),
        source_ids=tuple(dict.fromkeys([*headline["source_id"], *population_rows["source_id"]])),
        note=_("Inputs as set above; the defaults come from these sources. The gain is an assumption, not a "
               "source figure."),
        numbers=tuple((_("gap to {country}").format(country=r["country"]), fmt.people(r["extra_physicians"]))
                      for r in table.to_dict("records")))

    official_bars = _countries_shown(official)
    official_bars = official_bars.assign(bar=[_("{country}, {year}").format(country=c, year=physicians.year_text(y))
                                              for c, y in zip(official_bars["country"], official_bars["year"])])
    official_shown = official_bars[["country", "iso3", "value_per_1000", "year", "definition", "source_id",
                                    "source_name", "confidence", "evidence", "quote"]]
    official_chart = ChartItem(
        key="density.official", title=_("Physicians per 1,000 people: official statistics"),
        spec=spec(density_charts.density_bars_chart, official_bars, label="bar",
                  title=physicians.official_chart_title(official, headline),
                  subtitle=[_("Physicians per 1,000 people, official statistics, with the year of each figure."),
                            _("Definitions vary (see the table below). China in red.")], step=30,
                  presentation=present),
        data=official_shown,
        alt_text=_("Bar chart of official physician densities: {bars}").format(
            bars="; ".join(f"{r.country} {r.value_per_1000:g} ({physicians.year_text(r.year)})"
                           for r in official_bars.itertuples())),
        source_ids=tuple(dict.fromkeys(official["source_id"])))

    national = _named(density[density["series"] == "national_definition"], name_of).sort_values("year", ascending=False)
    national_note = ""
    if len(national):
        latest = national.iloc[0]
        national_note = _("China's own count is higher: {value} licensed and assistant physicians per 1,000 in "
                          "{year} ({source}). It includes assistant physicians, a wider definition, so it is not on "
                          "the chart.").format(value=f"{latest['value_per_1000']:g}",
                                               year=physicians.year_text(latest["year"]), source=latest["source_name"])

    rows = _named(physicians.provinces_with_density(tables["provinces"], filters.region_match)
                  .rename(columns={"physicians_source_id": "source_id", "physicians_quote": "quote"}), name_of)
    province_chart, province_empty = None, ""
    if rows.empty:
        province_empty = _("No province with a 2018 physician figure matches the region filter "
                           "(Hong Kong and Macao are not in the source table).")
    else:
        shown = rows[["name", "name_zh", "region", "licensed_physicians_per_1000_2018", "licensed_physicians_2018",
                      "source_id", "source_name", "quote"]]
        # The bars' names in the current language (English: `name`, as before; Chinese: `name_zh`).
        name_field = "name" if i18n.current() == i18n.DEFAULT else "name_zh"
        drawn = shown if name_field == "name" else shown.assign(region=shown["region"].map(terms.region))
        province_chart = ChartItem(
            key="density.provinces", title=_("Licensed physicians per 1,000 by province (2018)"),
            spec=spec(density_charts.ranked_bar_chart, drawn, name_field, "licensed_physicians_per_1000_2018",
                      _("Licensed (incl. assistant) physicians per 1,000"),
                      title=physicians.province_chart_title(shown),
                      subtitle=[_("Year-end 2018, China Health Statistics Yearbook via Yu et al. (2021)."),
                                _("Region filter: {regions}.").format(
                                    regions=_(", ").join(terms.region(r) for r in filters.regions))
                                if filters.regions
                                else _("All {count} mainland provinces; Hong Kong and Macao are not in the source "
                                       "table.").format(count=len(rows))],
                      tooltip=[{"field": name_field, "type": "nominal", "title": _("Province")},
                               {"field": "region", "type": "nominal", "title": _("Region")},
                               {"field": "licensed_physicians_per_1000_2018", "type": "quantitative",
                                "title": _("Per 1,000 (2018)"), "format": ".2f"},
                               {"field": "licensed_physicians_2018", "type": "quantitative",
                                "title": _("Licensed physicians (2018)"), "format": ","},
                               {"field": "source_name", "type": "nominal", "title": _("Source")}],
                      presentation=present),
            data=shown,
            alt_text=_("Ranked bars of licensed physicians per 1,000 people by province, 2018: {bars}.").format(
                bars="; ".join(f"{i18n.pick(r.name, r.name_zh)} {r.licensed_physicians_per_1000_2018:g}"
                               for r in shown.itertuples())),
            source_ids=tuple(dict.fromkeys(shown["source_id"])))

    context = tables["context_statements"]
    return View(
        finding=finding, headline_chart=headline_chart,
        why_it_matters=_statements(context, ["why it matters", "where AI helps"], name_of),
        metrics=tuple(metrics), gap_sentences=tuple(physicians.gap_sentence(r) for r in table.to_dict("records")),
        coverage_sentence=coverage, gap_chart=gap_chart, official_chart=official_chart,
        official_sentence=physicians.official_gap_sentence(official, headline, settings.population),
        national_note=national_note, national_rows=national.head(1),
        official_table=official_bars.assign(evidence=[_(EVIDENCE[e]) if e in EVIDENCE else e
                                                      for e in official_bars["evidence"]])[
            ["country", "value_per_1000", "year", "definition", "source_name", "confidence", "evidence"]],
        province_chart=province_chart, province_empty=province_empty,
        rural_statements=_statements(context, ["rural-urban gap"], name_of))
