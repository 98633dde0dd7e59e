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

def gap_sentence(row: dict | pd.Series) -> str:
    """The arithmetic in words, e.g. '(4.2 − 2.4) × 1.4 billion ÷ 1,000 = 2.52 million'."""
    target, china = row["target_per_1000"], row["china_per_1000"]
    if row["extra_physicians"] <= 0:
        return (f"At {fmt.density(china)} per 1,000, China already reaches the "
                f"{fmt.density(target)} of {country_in_sentence(row['country'])}: no gap.")
    return (f"To match {country_in_sentence(row['country'])}: ({fmt.density(target)} − {fmt.density(china)}) × "
            f"{fmt.population(row['population'])} ÷ 1,000 = {fmt.people(row['extra_physicians'])} "
            "more physicians.")


def coverage_sentence(table: pd.DataFrame) -> str:
    """What the chosen AI gain covers, in words, against every gap in `table`."""
    if table.empty:
        return ""
    first = table.iloc[0]
    gain = first["ai_gain_pct"]
    today = (f"China's {fmt.density(first['china_per_1000'])} per 1,000 × "
             f"{fmt.population(first['population'])} ÷ 1,000 = {fmt.people(first['china_physicians'])} "
             "physicians.")
    if gain <= 0:
        return today + " With no productivity gain, AI closes none of the gap."
    parts = []
    for row in table.to_dict("records"):
        share = row["share_of_gap_closed"]
        if share != share:
            parts.append(f"there is no gap to {country_in_sentence(row['country'])}")
        elif row["ai_physician_equivalents"] >= row["extra_physicians"]:
            parts.append(f"all of the gap to {country_in_sentence(row['country'])}")
        else:
            parts.append(f"{fmt.share(share)} of the gap to {country_in_sentence(row['country'])}")
    return (today + f" If AI added {gain:g}% to their output (an assumption), they would do the work of "
            f"{fmt.people(first['ai_physician_equivalents'])} more physicians: " + "; ".join(parts) + ".")


def headline_finding(headline: pd.DataFrame) -> str:
    """'China has 2.4 physicians per 1,000 people, against 4.2 in the United States and 4.3 in Germany.'"""
    china = china_row(headline)
    others = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
    if china is None or others.empty:
        return "Physicians per 1,000 people, as the overview article compares them."
    against = [f"{fmt.density(r['value_per_1000'])} in {country_in_sentence(r['country'])}" for r in others.to_dict("records")]
    about = "about " if str(china.get("qualifier") or "") == "about" else ""
    return (f"China has {about}{fmt.density(china['value_per_1000'])} physicians per 1,000 people, against "
            f"{_and(against)} (the overview article's figures).")


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
    return fmt.people(low) if low == high else f"{fmt.people(low)} to {fmt.people(high)}"


def page_finding(headline: pd.DataFrame, official: pd.DataFrame, table: pd.DataFrame, population: float,
                 name_of) -> str:
    """The page's headline: the article's comparison and the gap it implies, with any contradiction in it."""
    text = (headline_finding(headline) + f" Matching them would take {gap_span(table['extra_physicians'])} more "
            f"physicians at a population of {fmt.population(population)}")
    china_official = latest_official_for(official, "CHN")
    for item in contested(headline, official):
        art, off = item["article"], item["official"]
        text += (f"; but {name_of(off['source_id'])} gives {country_in_sentence(off['country'])} "
                 f"{fmt.density(off['value_per_1000'])} ({year_text(off['year'])}), not {fmt.density(art['value_per_1000'])}")
        if china_official is not None:
            gap = extra_physicians(off["value_per_1000"], china_official["value_per_1000"], population)
            text += (f", which with China's official {fmt.density(china_official['value_per_1000'])} makes that gap "
                     f"about {fmt.people(gap)}")
    return text + "."


def coverage_title(table: pd.DataFrame) -> str:
    """The gap chart's title: what an assumed AI gain would close, marked as an assumption."""
    closing = table["share_of_gap_closed"].dropna()
    gain = float(table["ai_gain_pct"].iloc[0]) if len(table) else 0.0
    if closing.empty:
        return "At these densities China has no gap to close"
    if not gain:
        return "Without a productivity gain, AI closes none of the gap"
    return (f"If AI added {gain:g}% to each physician's output (an assumption, illustrative), it would close "
            f"{fmt.share_span(closing)} of the gap")


def headline_chart_title(headline: pd.DataFrame) -> str:
    """Title stating the finding: China's density as a share of the others'."""
    china = china_row(headline)
    others = headline[headline["iso3"] != "CHN"]
    if china is None or others.empty:
        return "Physicians per 1,000 people (overview article)"
    span = fmt.share_span([china["value_per_1000"] / v for v in others["value_per_1000"] if v > 0])
    names = _and([country_short(c) for c in others.sort_values("value_per_1000", kind="stable")["country"]])
    return f"China has {span} of the physician density of {names}"


def official_chart_title(official: pd.DataFrame, headline: pd.DataFrame) -> str:
    """Title stating the official figures for the article's countries (years are on the bars)."""
    china = latest_official_for(official, "CHN")
    if china is None:
        return "Official statistics: physicians per 1,000 people, with year and definition"
    parts = [f"China {fmt.density(china['value_per_1000'])}"]
    for row in headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable").to_dict("records"):
        other = latest_official_for(official, row["iso3"])
        if other is not None:
            parts.append(f"{country_short(other['country'])} {fmt.density(other['value_per_1000'])}")
    return "Official figures: " + ", ".join(parts) + " per 1,000"


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
        parts.append(f"{fmt.people(gap)} to match {country_in_sentence(other['country'])} "
                     f"({fmt.density(other['value_per_1000'])}, {year_text(other['year'])})")
    if not parts:
        return ""
    return (f"On these official figures (China {fmt.density(china['value_per_1000'])}, "
            f"{year_text(china['year'])}) the same arithmetic at {fmt.population(population)} gives "
            + _and(parts) + ".")


def province_chart_title(rows: pd.DataFrame) -> str:
    """E.g. "Beijing has 2.5× Jiangxi's physician density (4.63 vs 1.88)"."""
    column = "licensed_physicians_per_1000_2018"
    if rows.empty:
        return "Licensed physicians per 1,000 people by province (2018)"
    if len(rows) == 1:
        only = rows.iloc[0]
        return f"{only['name']} has {fmt.density(only[column])} licensed physicians per 1,000 (2018)"
    top = rows.loc[rows[column].idxmax()]
    low = rows.loc[rows[column].idxmin()]
    ratio = top[column] / low[column] if low[column] else math.nan
    return (f"{top['name']} has {ratio:.1f}× {low['name']}'s physician density "
            f"({top[column]:.2f} vs {low[column]:.2f})")  # two decimals, as the source table and the bars


def country_in_sentence(name: str) -> str:
    """'United States' reads 'the United States' in a sentence."""
    return f"the {name}" if name in ("United States", "United Kingdom", "Netherlands") else name


def country_short(name: str) -> str:
    """Compact names for chart titles ('the US'), so a title fits a half-width chart."""
    return {"United States": "the US", "United Kingdom": "the UK"}.get(name, name)


def year_text(year) -> str:
    return "year not stated" if year is None or pd.isna(year) else f"{int(year)}"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def source_names(sources: pd.DataFrame, short_names: dict[str, str]) -> dict[str, str]:
    """source_id -> a compact name for tooltips and tables: the short name, else the publisher, else the title."""
    out = {}
    for row in sources.to_dict("records"):
        publisher = str(row.get("publisher") or "")
        fallback = publisher if publisher and not publisher.startswith("Not stated") else str(row["title"])
        out[row["source_id"]] = short_names.get(row["source_id"], fallback)
    return out
