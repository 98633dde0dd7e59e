"""Physician-gap arithmetic and the sentences that state it (pure: no Streamlit, no I/O).

Why a module of its own: the Physician density page makes claims an executive
will check with a calculator ("2.52 million more physicians", "AI covers 27 %
of the gap"). Keeping the arithmetic and its wording here lets the tests check
both exactly, and keeps the page a thin layout over it.

The model is deliberately the simplest one the sources support:

* extra physicians to match a target density
      = (target per 1,000 − China per 1,000) × population ÷ 1,000
* an AI productivity gain g (an assumption: no source states one) makes China's physicians do the work of
      China physicians × g  more physicians ("physician-equivalents"),
      where China physicians = China per 1,000 × population ÷ 1,000
* the share of a gap that gain closes = physician-equivalents ÷ extra physicians,
  capped at 100 % (a gain larger than the gap closes all of it).

It is an illustration of the arithmetic, not a forecast: it assumes the gain
applies evenly to every physician and that a gap counted in heads can be
filled by work done; the page says so.
"""
from __future__ import annotations

import math

import pandas as pd

from components import format as fmt
from components import i18n
from components.domain import wording
from components.i18n import _

PER = 1_000  # densities are per 1,000 people

GAP_COLUMNS = ["country", "target_per_1000", "china_per_1000", "population", "china_physicians",
               "extra_physicians", "ai_gain_pct", "ai_physician_equivalents", "share_of_gap_closed"]


# ---- arithmetic -------------------------------------------------------------------------------

def physicians_at(density_per_1000: float, population: float) -> float:
    """Head count implied by a density: density × population ÷ 1,000."""
    return density_per_1000 * population / PER


def extra_physicians(target_per_1000: float, china_per_1000: float, population: float) -> float:
    """Additional physicians China needs to reach the target density (0 when it is already there)."""
    return max(0.0, physicians_at(target_per_1000 - china_per_1000, population))


def ai_physician_equivalents(china_per_1000: float, population: float, gain_pct: float) -> float:
    """The extra work a productivity gain gives China's physicians (at the given density), counted in physicians."""
    return physicians_at(china_per_1000, population) * gain_pct / 100


def share_closed(equivalents: float, gap: float) -> float:
    """Share (0–1) of a gap the physician-equivalents close; NaN when there is no gap to close."""
    if gap <= 0:
        return math.nan
    return min(1.0, equivalents / gap)


def gap_table(china_per_1000: float, targets: dict[str, float], population: float,
              gain_pct: float) -> pd.DataFrame:
    """One row per target country: the gap in people and the share an AI gain closes.

    `targets` maps a country name to its density per 1,000, in the order to show.
    """
    china_physicians = physicians_at(china_per_1000, population)
    equivalents = ai_physician_equivalents(china_per_1000, population, gain_pct)
    rows = []
    for country, target in targets.items():
        gap = extra_physicians(target, china_per_1000, population)
        rows.append({"country": country, "target_per_1000": target, "china_per_1000": china_per_1000,
                     "population": population, "china_physicians": china_physicians,
                     "extra_physicians": gap, "ai_gain_pct": gain_pct,
                     "ai_physician_equivalents": equivalents,
                     "share_of_gap_closed": share_closed(equivalents, gap)})
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


# ---- picking rows from the data layer ----------------------------------------------------------

def headline_rows(density: pd.DataFrame) -> pd.DataFrame:
    """The overview article's comparison (series `headline`), highest density first."""
    rows = density[density["series"] == "headline"]
    return rows.sort_values("value_per_1000", ascending=False, kind="stable").reset_index(drop=True)


def china_row(rows: pd.DataFrame) -> pd.Series | None:
    """China's row in a set of rows (by ISO code); None when there is none."""
    match = rows[rows["iso3"] == "CHN"]
    return match.iloc[0] if len(match) else None


def official_rows(density: pd.DataFrame) -> pd.DataFrame:
    """OECD / Eurostat / WHO / Destatis figures, each with year and definition, highest first.

    The China NHC figures (series `national_definition`) are left out on purpose:
    they count assistant physicians too, so they never share a chart with these.
    """
    rows = density[density["series"] == "official"]
    # The index keeps the file order, which latest_official_for uses to break ties.
    return rows.sort_values("value_per_1000", ascending=False, kind="stable")


def latest_official_for(official: pd.DataFrame, iso3: str) -> pd.Series | None:
    """The most recent official row for a country (file order breaks ties, e.g. OECD before WHO)."""
    match = official[official["iso3"] == iso3].sort_index()
    if match.empty:
        return None
    years = match["year"].fillna(0)
    return match[years == years.max()].iloc[0]


def population_default(facts: pd.DataFrame, fact_id: str = "china_population") -> pd.Series | None:
    """The sourced population figure the gap is computed on (facts.csv)."""
    match = facts[facts["fact_id"] == fact_id]
    return match.iloc[0] if len(match) else None


def provinces_with_density(provinces: pd.DataFrame, region_match=lambda region: True) -> pd.DataFrame:
    """Provinces that have a 2018 density (not Hong Kong/Macao) and pass the region filter."""
    rows = provinces[provinces["licensed_physicians_per_1000_2018"].notna()]
    rows = rows[rows["region"].map(region_match).astype(bool)]
    return rows.sort_values("licensed_physicians_per_1000_2018", ascending=False, kind="stable")


# ---- words ------------------------------------------------------------------------------------

def country_name(row) -> str:
    """A country as the data names it, in the current language (`country_zh` where curated)."""
    return str(i18n.text(row, "country"))


def gap_sentence(row: dict | pd.Series) -> str:
    """The arithmetic in words, e.g. '(4.2 − 2.4) × 1.4 billion ÷ 1,000 = 2.52 million'."""
    target, china = row["target_per_1000"], row["china_per_1000"]
    if row["extra_physicians"] <= 0:
        return _("At {china} per 1,000, China already reaches the {target} of {country}: no gap.").format(
            china=fmt.density(china), target=fmt.density(target), country=country_in_sentence(row["country"]))
    return _("To match {country}: ({target} − {china}) × {population} ÷ 1,000 = {extra} more physicians.").format(
        country=country_in_sentence(row["country"]), target=fmt.density(target), china=fmt.density(china),
        population=fmt.population(row["population"]), extra=fmt.people(row["extra_physicians"]))


def coverage_sentence(table: pd.DataFrame) -> str:
    """What the chosen AI gain covers, in words, against every gap in `table`."""
    if table.empty:
        return ""
    first = table.iloc[0]
    gain = first["ai_gain_pct"]
    today = _("China's {density} per 1,000 × {population} ÷ 1,000 = {physicians} physicians.").format(
        density=fmt.density(first["china_per_1000"]), population=fmt.population(first["population"]),
        physicians=fmt.people(first["china_physicians"]))
    if gain <= 0:
        return wording.sentences(today, _("With no productivity gain, AI closes none of the gap."))
    parts = []
    for row in table.to_dict("records"):
        share = row["share_of_gap_closed"]
        country = country_in_sentence(row["country"])
        if share != share:
            parts.append(_("there is no gap to {country}").format(country=country))
        elif row["ai_physician_equivalents"] >= row["extra_physicians"]:
            parts.append(_("all of the gap to {country}").format(country=country))
        else:
            parts.append(_("{share} of the gap to {country}").format(share=fmt.share(share), country=country))
    return wording.sentences(today, _(
        "If AI added {gain}% to their output (an assumption), they would do the work of {equivalents} more "
        "physicians: {gaps}.").format(gain=f"{gain:g}", equivalents=fmt.people(first["ai_physician_equivalents"]),
                                      gaps=wording.join(parts, "; ")))


def headline_finding(headline: pd.DataFrame) -> str:
    """'China has 2.4 physicians per 1,000 people, against 4.2 in the United States and 4.3 in Germany.'"""
    china = china_row(headline)
    others = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
    if china is None or others.empty:
        return _("Physicians per 1,000 people, as the overview article compares them.")
    against = [_("{density} in {country}").format(density=fmt.density(r["value_per_1000"]),
                                                  country=country_in_sentence(country_name(r)))
               for r in others.to_dict("records")]
    if str(china.get("qualifier") or "") == "about":
        text = _("China has about {density} physicians per 1,000 people, against {others} (the overview article's "
                 "figures).")
    else:
        text = _("China has {density} physicians per 1,000 people, against {others} (the overview article's "
                 "figures).")
    return text.format(density=fmt.density(china["value_per_1000"]), others=wording.clauses(against))


CONTESTED_BY = 0.10  # an official figure more than 10 % away from the article's contradicts it


def contested(headline: pd.DataFrame, official: pd.DataFrame) -> list[dict]:
    """The article's comparison countries whose figure the latest official statistic contradicts."""
    out = []
    for row in headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable").to_dict("records"):
        other = latest_official_for(official, row["iso3"])
        if other is not None and abs(other["value_per_1000"] / row["value_per_1000"] - 1) > CONTESTED_BY:
            out.append({"article": row, "official": dict(other)})
    return out


def gap_span(gaps) -> str:
    """'2.52 to 2.66 million' (or one figure when the gaps are equal)."""
    low, high = min(gaps), max(gaps)
    return fmt.people(low) if low == high else _("{low} to {high}").format(low=fmt.people(low), high=fmt.people(high))


def page_finding(headline: pd.DataFrame, official: pd.DataFrame, table: pd.DataFrame, population: float,
                 name_of) -> str:
    """The page's headline: the article's comparison and the gap it implies, with any contradiction in it."""
    text = wording.sentences(headline_finding(headline), _(
        "Matching them would take {gap} more physicians at a population of {population}").format(
        gap=gap_span(table["extra_physicians"]), population=fmt.population(population)))
    china_official = latest_official_for(official, "CHN")
    for item in contested(headline, official):
        art, off = item["article"], item["official"]
        text += _("; but {source} gives {country} {official} ({year}), not {article}").format(
            source=name_of(off["source_id"]), country=country_in_sentence(country_name(off)),
            official=fmt.density(off["value_per_1000"]), year=year_text(off["year"]),
            article=fmt.density(art["value_per_1000"]))
        if china_official is not None:
            gap = extra_physicians(off["value_per_1000"], china_official["value_per_1000"], population)
            text += _(", which with China's official {china} makes that gap about {gap}").format(
                china=fmt.density(china_official["value_per_1000"]), gap=fmt.people(gap))
    return text + wording.stop()


def coverage_title(table: pd.DataFrame) -> str:
    """The gap chart's title: what an assumed AI gain would close, marked as an assumption."""
    closing = table["share_of_gap_closed"].dropna()
    gain = float(table["ai_gain_pct"].iloc[0]) if len(table) else 0.0
    if closing.empty:
        return _("At these densities China has no gap to close")
    if not gain:
        return _("Without a productivity gain, AI closes none of the gap")
    return _("If AI added {gain}% to each physician's output (an assumption, illustrative), it would close "
             "{share} of the gap").format(gain=f"{gain:g}", share=fmt.share_span(closing))


def headline_chart_title(headline: pd.DataFrame) -> str:
    """Title stating the finding: China's density as a share of the others'."""
    china = china_row(headline)
    others = headline[headline["iso3"] != "CHN"]
    if china is None or others.empty:
        return _("Physicians per 1,000 people (overview article)")
    span = fmt.share_span([china["value_per_1000"] / v for v in others["value_per_1000"] if v > 0])
    names = wording.and_list([country_short(country_name(r)) for r in
                              others.sort_values("value_per_1000", kind="stable").to_dict("records")])
    return _("China has {share} of the physician density of {countries}").format(share=span, countries=names)


def official_chart_title(official: pd.DataFrame, headline: pd.DataFrame) -> str:
    """Title stating the official figures for the article's countries (years are on the bars)."""
    china = latest_official_for(official, "CHN")
    if china is None:
        return _("Official statistics: physicians per 1,000 people, with year and definition")
    parts = [_("China {density}").format(density=fmt.density(china["value_per_1000"]))]
    for row in headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable").to_dict("records"):
        other = latest_official_for(official, row["iso3"])
        if other is not None:
            parts.append(f"{country_short(country_name(other))} {fmt.density(other['value_per_1000'])}")
    return _("Official figures: {figures} per 1,000").format(figures=wording.join(parts, ", "))


def official_gap_sentence(official: pd.DataFrame, headline: pd.DataFrame, population: float) -> str:
    """The same gap arithmetic on official figures, so a careful reader sees how much hangs on them."""
    china = latest_official_for(official, "CHN")
    if china is None:
        return ""
    parts = []
    for row in headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable").to_dict("records"):
        other = latest_official_for(official, row["iso3"])
        if other is None:
            continue
        gap = extra_physicians(other["value_per_1000"], china["value_per_1000"], population)
        parts.append(_("{gap} to match {country} ({density}, {year})").format(
            gap=fmt.people(gap), country=country_in_sentence(country_name(other)),
            density=fmt.density(other["value_per_1000"]), year=year_text(other["year"])))
    if not parts:
        return ""
    return _("On these official figures (China {density}, {year}) the same arithmetic at {population} gives "
             "{gaps}.").format(density=fmt.density(china["value_per_1000"]), year=year_text(china["year"]),
                               population=fmt.population(population), gaps=wording.clauses(parts))


def province_chart_title(rows: pd.DataFrame) -> str:
    """E.g. "Beijing has 2.5× Jiangxi's physician density (4.63 vs 1.88)"."""
    column = "licensed_physicians_per_1000_2018"
    if rows.empty:
        return _("Licensed physicians per 1,000 people by province (2018)")
    if len(rows) == 1:
        only = rows.iloc[0]
        return _("{province} has {density} licensed physicians per 1,000 (2018)").format(
            province=i18n.text(only, "name"), density=fmt.density(only[column]))
    top = rows.loc[rows[column].idxmax()]
    low = rows.loc[rows[column].idxmin()]
    ratio = top[column] / low[column] if low[column] else math.nan
    # Two decimals, as the source table and the bars.
    return _("{top} has {ratio}× {low}'s physician density ({top_density} vs {low_density})").format(
        top=i18n.text(top, "name"), ratio=f"{ratio:.1f}", low=i18n.text(low, "name"),
        top_density=f"{top[column]:.2f}", low_density=f"{low[column]:.2f}")


def country_in_sentence(name: str) -> str:
    """'United States' reads 'the United States' in an English sentence (Chinese has no article)."""
    if wording.zh():
        return name
    return f"the {name}" if name in ("United States", "United Kingdom", "Netherlands") else name


def country_short(name: str) -> str:
    """Compact names for chart titles ('the US'), so a title fits a half-width chart."""
    if wording.zh():
        return name
    return {"United States": "the US", "United Kingdom": "the UK"}.get(name, name)


def year_text(year) -> str:
    return _("year not stated") if year is None or pd.isna(year) else f"{int(year)}"


def _and(items: list[str]) -> str:
    return wording.and_list(items)


def source_names(sources: pd.DataFrame, short_names: dict[str, str]) -> dict[str, str]:
    """source_id -> a compact name for tooltips and tables: the short name, else the publisher, else the title."""
    out = {}
    for row in sources.to_dict("records"):
        publisher = str(row.get("publisher") or "")
        fallback = publisher if publisher and not publisher.startswith("Not stated") else str(row["title"])
        out[row["source_id"]] = short_names.get(row["source_id"], fallback)
    return out
