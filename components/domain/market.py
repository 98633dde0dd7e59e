"""Market-size arithmetic: implied growth rates, consistency checks, spreads, scenarios.

Why a module of its own: the Market size page reconciles sources that disagree,
and every number it shows beyond a quoted figure is computed here from the
rows of data/market_size.csv, never typed in. Keeping it free of Streamlit
lets the tests check the arithmetic directly (1.59 -> 18.88 over 2023-2030 is
about 42.4 % a year) and lets the page stay a thin layout.

Conventions: rates are percentages (42.5 means 42.5 % a year); money is USD
billion; a range the source gives stays a (low, high) pair and is never
collapsed into a midpoint. Source names come in through a `name_of` callable
(components.data.source_names.namer), so this module needs no UI code.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable

import pandas as pd

from components import format as fmt
from components import i18n
from components.domain import wording
from components.i18n import N_, _, ngettext

TOTAL_SCOPE = "AI in healthcare (total)"

# A sub-market series belongs to one segment of the global filter. The CSV has
# no segment column (a market figure is not a segment fact), so the link lives here.
SUBMARKET_SEGMENTS = {"AI medical imaging only": "medical_imaging"}

# Rounding tolerance: sources say "roughly 42.5 percent", so an implied 42.4 %
# fits; beyond one percentage point we call it a mismatch.
RATE_TOLERANCE_PP = 1.0
# An interior figure more than 10 % off its source's own path is flagged.
PATH_TOLERANCE = 0.10

FALLBACK_COLOUR = "#4D4D4D"   # = theme.FALLBACK (a test keeps them equal): a source without its own colour
# Projector options, also URL values (English in every language); shown with _().
CUSTOM = N_("Custom value")
CUSTOM_RATE = N_("Custom rate")

NameOf = Callable[[str], str]


# --- formatting -------------------------------------------------------------

def figure_label(row: pd.Series | dict) -> str:
    """A figure as the source gives it: its qualifier, a point or a range, never a midpoint."""
    value = row["value_usd_bn"]
    text = fmt.usd_bn(value) if pd.notna(value) else fmt.usd_bn_range(row["low_usd_bn"], row["high_usd_bn"])
    return fmt.qualified(text, row.get("qualifier"))


def short_figure_label(row: pd.Series | dict) -> str:
    """The chart's label on a mark: the number without the unit, but with the source's qualifier."""
    value = row["value_usd_bn"]
    text = f"{value:g}" if pd.notna(value) else f"{row['low_usd_bn']:g}–{row['high_usd_bn']:g}"
    return fmt.qualified(text, row.get("qualifier"))


# --- the figures ------------------------------------------------------------

def is_range(row: pd.Series | dict) -> bool:
    return pd.isna(row["value_usd_bn"])


def bounds(row: pd.Series | dict) -> tuple[float, float]:
    """(low, high) of a figure; a point has low == high."""
    if is_range(row):
        return float(row["low_usd_bn"]), float(row["high_usd_bn"])
    return float(row["value_usd_bn"]), float(row["value_usd_bn"])


def series_name(source_name: str, scope: str, scope_shown: str | None = None) -> str:
    """Legend name: the source, plus the scope (as shown: `scope_shown`) when it is not the total market."""
    if scope == TOTAL_SCOPE:
        return source_name
    # Keep legends short: the part before any parenthesis names the source well enough.
    return _("{source} · {scope} (sub-market)").format(source=source_name.split(" (")[0],
                                                       scope=scope if scope_shown is None else scope_shown)


def figures(market: pd.DataFrame, name_of: NameOf, colours: dict[str, str] | None = None) -> pd.DataFrame:
    """The market rows with what a chart or table needs: names, labels, a series key, the source's colour."""
    data = market.copy()
    data["colour"] = [(colours or {}).get(s, FALLBACK_COLOUR) for s in data["source_id"]]
    data["year"] = data["year"].astype(int)
    data["source_name"] = data["source_id"].map(name_of)
    with i18n.use("en"):  # the projector's options are URL values: named in English in every language
        data["source_name_en"] = data["source_id"].map(name_of)
    data["series"] = data["source_id"] + "|" + data["scope"]
    data["series_name"] = [series_name(n, r["scope"], str(i18n.text(r, "scope")))
                           for n, r in zip(data["source_name"], data.to_dict("records"))]
    data["label"] = [figure_label(r) for r in data.to_dict("records")]
    data["short_label"] = [short_figure_label(r) for r in data.to_dict("records")]
    data["is_range"] = data["value_usd_bn"].isna()
    data["is_total"] = data["scope"] == TOTAL_SCOPE
    data["stated_cagr"] = [fmt.rate_range(lo, hi) for lo, hi in
                           zip(data["stated_cagr_low_pct"], data["stated_cagr_high_pct"])]
    # Sources keep the order of the file (the analyst's order); the total market comes first.
    order = {sid: i for i, sid in enumerate(dict.fromkeys(data["source_id"]))}
    data["_order"] = data["source_id"].map(order)
    data = data.sort_values(["is_total", "_order", "year"], ascending=[False, True, True], kind="stable")
    return data.drop(columns="_order").reset_index(drop=True)


def totals(data: pd.DataFrame) -> pd.DataFrame:
    return data[data["scope"] == TOTAL_SCOPE]


# --- growth arithmetic ------------------------------------------------------

def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate in % from `start` to `end` over `years` years."""
    if years <= 0 or start <= 0 or end <= 0:
        raise ValueError("cagr needs positive values and a positive number of years")
    return ((end / start) ** (1 / years) - 1) * 100


def compound(value: float, rate_pct: float, years: float) -> float:
    """`value` grown at `rate_pct` % a year for `years` years."""
    return value * (1 + rate_pct / 100) ** years


def _period(text: object) -> tuple[int, int] | None:
    """'2023-2028' -> (2023, 2028); empty -> None (the rate covers the source's whole path)."""
    if not isinstance(text, str) or not text.strip():
        return None
    parts = text.replace("–", "-").split("-")
    try:
        return int(parts[0]), int(parts[-1])
    except ValueError:
        return None


def implied_cagrs(data: pd.DataFrame) -> pd.DataFrame:
    """For each source and scope, the growth rate its own figures imply between each pair of years.

    Like-for-like ends for ranges (low -> low, high -> high) give `implied_low/high_pct`;
    every pairing of ends gives the widest band (`widest_low/high_pct`). `check` compares
    the implied rate with the rate the source states, over the period it states it for.
    """
    rows = []
    for (source_id, scope), group in data.groupby(["source_id", "scope"], sort=False):
        group = group.sort_values("year")
        records = group.to_dict("records")
        for a, b in combinations(records, 2):
            years = b["year"] - a["year"]
            if years <= 0:
                continue
            (a_lo, a_hi), (b_lo, b_hi) = bounds(a), bounds(b)
            like = sorted([cagr(a_lo, b_lo, years), cagr(a_hi, b_hi, years)])
            every = [cagr(x, y, years) for x in (a_lo, a_hi) for y in (b_lo, b_hi)]
            stated_lo, stated_hi = a["stated_cagr_low_pct"], a["stated_cagr_high_pct"]
            period = _period(a.get("cagr_period"))
            kind, check = _check(like, stated_lo, stated_hi, period, (a["year"], b["year"]))
            rows.append({
                "source_id": source_id, "source_name": a["source_name"], "scope": scope,
                "series_name": a["series_name"],
                "from_year": a["year"], "to_year": b["year"], "pair": f"{a['year']}→{b['year']}",
                "from_figure": a["label"], "to_figure": b["label"],
                "implied_low_pct": like[0], "implied_high_pct": like[1],
                "widest_low_pct": min(every), "widest_high_pct": max(every),
                "stated_low_pct": stated_lo, "stated_high_pct": stated_hi,
                "stated_cagr": fmt.rate_range(stated_lo, stated_hi),
                "stated_period": f"{period[0]}–{period[1]}" if period else "",
                "check": check,
                "check_kind": kind,   # fits / low_end / high_end / below / above / period / none (language-free)
            })
    return pd.DataFrame(rows)


def _check(implied: list[float], stated_lo: float, stated_hi: float, period: tuple[int, int] | None,
           pair: tuple[int, int]) -> tuple[str, str]:
    """(kind, words): the kind is for code (`rate_flags`), the words for the reader."""
    if pd.isna(stated_lo):
        return "none", _("no rate stated")
    if period and pair != period:
        return "period", _("rate stated for {start}–{end} only").format(start=period[0], end=period[1])
    low, high = implied
    if high < stated_lo - RATE_TOLERANCE_PP:
        return "below", _("below the stated rate by {pp} pp").format(pp=f"{stated_lo - high:.1f}")
    if low > stated_hi + RATE_TOLERANCE_PP:
        return "above", _("above the stated rate by {pp} pp").format(pp=f"{low - stated_hi:.1f}")
    if stated_hi - stated_lo > 2 * RATE_TOLERANCE_PP:
        # A stated range: say which part of it the figures reach, not just that they touch it.
        middle = (stated_lo + stated_hi) / 2
        if high < middle:
            return "low_end", _("fits only the low end of the stated {low}–{high}% (implied {implied})").format(
                low=f"{stated_lo:g}", high=f"{stated_hi:g}", implied=_span(low, high))
        if low > middle:
            return "high_end", _("fits only the high end of the stated {low}–{high}% (implied {implied})").format(
                low=f"{stated_lo:g}", high=f"{stated_hi:g}", implied=_span(low, high))
    return "fits", _("fits the stated rate")


def _span(low: float, high: float) -> str:
    return fmt.pct(low) if round(low, 1) == round(high, 1) else f"{fmt.pct(low)}–{fmt.pct(high)}"


def implied_rate_text(row: pd.Series | dict) -> str:
    """'42.4%' for points; '30.8%' or '30.8% (20.1–42.4% across the range ends)' for ranges."""
    low, high = row["implied_low_pct"], row["implied_high_pct"]
    text = fmt.pct(low) if round(low, 1) == round(high, 1) else f"{fmt.pct(low)}–{fmt.pct(high)}"
    if round(row["widest_low_pct"], 1) != round(low, 1) or round(row["widest_high_pct"], 1) != round(high, 1):
        text = _("{rate} ({low}–{high}% pairing any ends)").format(
            rate=text, low=f"{row['widest_low_pct']:.1f}", high=f"{row['widest_high_pct']:.1f}")
    return text


@dataclass(frozen=True)
class Flag:
    """A figure that does not fit its own source's path, in words, with the rows it rests on."""

    source_id: str
    year: int
    title: str
    detail: str
    row_ids: tuple[str, ...]

    @property
    def text(self) -> str:
        return wording.sentences(self.title, self.detail)


def path_flags(data: pd.DataFrame) -> list[Flag]:
    """Interior point figures that do not lie on the path their own source draws.

    The expected value comes from the source's first figure grown at the rate it
    states (when it states one rate from that year), otherwise from the constant-
    growth path between its first and last figure. Ranges are not judged here.
    """
    flags = []
    for (_source, _scope), group in data.groupby(["source_id", "scope"], sort=False):
        points = group[group["value_usd_bn"].notna()].sort_values("year").to_dict("records")
        if len(points) < 3:
            continue
        first, last = points[0], points[-1]
        span = last["year"] - first["year"]
        path_rate = cagr(first["value_usd_bn"], last["value_usd_bn"], span)
        stated_lo, stated_hi = first["stated_cagr_low_pct"], first["stated_cagr_high_pct"]
        period = _period(first.get("cagr_period"))
        use_stated = pd.notna(stated_lo) and stated_lo == stated_hi and (period is None or period[0] == first["year"])
        for mid in points[1:-1]:
            years_in = mid["year"] - first["year"]
            on_path = compound(first["value_usd_bn"], path_rate, years_in)
            expected = compound(first["value_usd_bn"], stated_lo, years_in) if use_stated else on_path
            if abs(mid["value_usd_bn"] / expected - 1) <= PATH_TOLERANCE:
                continue
            to_mid = cagr(first["value_usd_bn"], mid["value_usd_bn"], years_in)
            after = cagr(mid["value_usd_bn"], last["value_usd_bn"], last["year"] - mid["year"])
            if use_stated:
                basis = _("{figure} ({figure_year}) growing at its stated {rate}% a year gives about {expected} for "
                          "{year} ({on_path} on its own {start}→{end} path)").format(
                    figure=fmt.usd_bn(first["value_usd_bn"]), figure_year=first["year"], rate=f"{stated_lo:g}",
                    expected=fmt.usd_bn(expected, stated=False), year=mid["year"],
                    on_path=fmt.usd_bn(on_path, stated=False), start=first["year"], end=last["year"])
            else:
                basis = _("its {start}→{end} path gives about {expected} for {year}").format(
                    start=first["year"], end=last["year"], expected=fmt.usd_bn(expected, stated=False),
                    year=mid["year"])
            title = _("{source}: its {year} figure ({figure}) does not fit its own path.").format(
                source=mid["source_name"], year=mid["year"], figure=fmt.usd_bn(mid["value_usd_bn"]))
            detail = _("{basis}. {figure} would need {to_mid} a year from {start} to {year}, then {after} a year to "
                       "{end}.").format(basis=basis[0].upper() + basis[1:], figure=fmt.usd_bn(mid["value_usd_bn"]),
                                        to_mid=fmt.pct(to_mid), start=first["year"], year=mid["year"],
                                        after=fmt.pct(after), end=last["year"])
            flags.append(Flag(first["source_id"], int(mid["year"]), title, detail,
                              (first["row_id"], mid["row_id"], last["row_id"])))
    return flags


def rate_flags(implied: pd.DataFrame, already_flagged: list[Flag]) -> list[str]:
    """Pairs whose implied rate misses the stated one, unless a path flag already explains them."""
    covered = {(f.source_id, f.year) for f in already_flagged}
    out = []
    for row in implied.to_dict("records"):
        if row["check_kind"] not in ("below", "above"):
            continue
        if (row["source_id"], row["from_year"]) in covered or (row["source_id"], row["to_year"]) in covered:
            continue
        out.append(_("{source}: {from_figure} ({from_year}) → {to_figure} ({to_year}) implies {implied} a year; the "
                     "source states {stated} ({check}).").format(
            source=row["source_name"], from_figure=row["from_figure"], from_year=row["from_year"],
            to_figure=row["to_figure"], to_year=row["to_year"], implied=implied_rate_text(row),
            stated=row["stated_cagr"], check=row["check"]))
    return out


def spreads(data: pd.DataFrame) -> pd.DataFrame:
    """For each year at least two sources cover (total market only): lowest, highest, gap and ratio."""
    rows = []
    for year, group in totals(data).groupby("year"):
        if group["source_id"].nunique() < 2:
            continue
        records = group.to_dict("records")
        ends = [bounds(r) for r in records]
        lowest, highest = min(lo for lo, _hi in ends), max(hi for _lo, hi in ends)
        widest = next((r for r, (lo, hi) in zip(records, ends) if lo == lowest and hi == highest and lo < hi), None)
        inside = widest is not None and all(widest["low_usd_bn"] <= lo and hi <= widest["high_usd_bn"]
                                            for r, (lo, hi) in zip(records, ends) if r is not widest)
        if inside:
            others = list(dict.fromkeys(_("{source}'s {figure}").format(source=r["source_name"], figure=r["label"])
                                        for r in records if r is not widest))
            summary = ngettext("{figures} lies inside {source}'s own range ({range}): the spread is that one "
                               "source's range, not a gap between sources",
                               "{figures} lie inside {source}'s own range ({range}): the spread is that one "
                               "source's range, not a gap between sources", len(others)).format(
                figures=wording.and_pairs(others), source=widest["source_name"], range=widest["label"])
        elif highest == lowest:
            summary = _("all give the same figure")
        else:
            summary = _("from {lowest} to {highest}: a gap of {gap}, the highest {ratio}× the lowest").format(
                lowest=fmt.usd_bn(lowest), highest=fmt.usd_bn(highest),
                gap=fmt.usd_bn(highest - lowest, stated=False), ratio=f"{highest / lowest:.2f}")
        rows.append({
            "year": int(year),
            "figures": wording.join((f"{n}{wording.sep(': ')}{lbl}"
                                     for n, lbl in zip(group["source_name"], group["label"])), "; "),
            "lowest_usd_bn": lowest, "highest_usd_bn": highest,
            "gap_usd_bn": round(highest - lowest, 4), "high_over_low": round(highest / lowest, 4),
            "source_ids": ";".join(group["source_id"]),
            "summary": summary,
        })
    return pd.DataFrame(rows, columns=["year", "figures", "lowest_usd_bn", "highest_usd_bn", "gap_usd_bn",
                                       "high_over_low", "summary", "source_ids"])


def base_gap(data: pd.DataFrame) -> dict | None:
    """How far apart the sources' starting points are, once brought to the same year.

    Each total-market source's earliest figure is grown at the source's own stated
    rate to the latest of those base years. Returns the lowest and highest source
    with their figures then, or None when fewer than two sources have a base.
    """
    bases = []
    for source_id, group in totals(data).groupby("source_id", sort=False):
        first = group.sort_values("year").iloc[0]
        bases.append(first)
    if len(bases) < 2:
        return None
    target = max(int(b["year"]) for b in bases)
    rolled = []
    for b in bases:
        lo, hi = bounds(b)
        years = target - int(b["year"])
        if years and pd.notna(b["stated_cagr_low_pct"]):
            lo, hi = compound(lo, b["stated_cagr_low_pct"], years), compound(hi, b["stated_cagr_high_pct"], years)
        elif years:
            continue  # no stated rate: cannot be brought forward without inventing one
        rolled.append({"row": b, "low": lo, "high": hi, "years": years})
    if len(rolled) < 2:
        return None
    lowest = min(rolled, key=lambda r: r["high"])
    highest = max(rolled, key=lambda r: r["low"])
    return {"year": target, "lowest": lowest, "highest": highest,
            "ratio_low": highest["low"] / lowest["high"], "ratio_high": highest["high"] / lowest["low"]}


def scope_points(data: pd.DataFrame) -> list[str]:
    """Why the sources probably measure different things, point by point, with the numbers."""
    gap = base_gap(data)
    if gap is None:
        return []
    low, high = gap["lowest"], gap["highest"]
    low_row, high_row = low["row"], high["row"]
    rolled = (ngettext(", grown {years} year at its stated {rate}, is about {value} for {year}",
                       ", grown {years} years at its stated {rate}, is about {value} for {year}", low["years"]).format(
        years=low["years"], rate=fmt.rate_range(low_row["stated_cagr_low_pct"], low_row["stated_cagr_high_pct"]),
        value=fmt.usd_bn(low["low"], stated=False), year=gap["year"]) if low["years"] else "")
    points = [_("Starting points: {low_source}'s {low_figure} ({low_year}){rolled}; {high_source} puts {year} at "
                "{high_figure}, {ratio_low}–{ratio_high} times as much.").format(
        low_source=low_row["source_name"], low_figure=figure_label(low_row), low_year=low_row["year"], rolled=rolled,
        high_source=high_row["source_name"], year=gap["year"], high_figure=figure_label(high_row),
        ratio_low=f"{gap['ratio_low']:.1f}", ratio_high=f"{gap['ratio_high']:.1f}")]
    ends = spreads(data)
    if not ends.empty:
        end = ends.iloc[-1]
        labels = list(dict.fromkeys(totals(data)[totals(data)["year"] == end["year"]]["label"]))
        points.append(_("End points: by {year} the figures overlap ({figures}).").format(
            year=end["year"], figures=wording.and_pairs(labels)))
        points.append(_("Starting points this far apart with end points that overlap suggest the sources count "
                        "different things (scope or definition of the market); neither article says what it "
                        "includes."))
    return points


def submarket_note(data: pd.DataFrame) -> str:
    """Sub-market series compared with the total-market path of the same year, in words."""
    notes = []
    subs = data[data["scope"] != TOTAL_SCOPE]
    tots = totals(data)
    for (_source, scope), group in subs.groupby(["source_id", "scope"], sort=False):
        last = group.sort_values("year").iloc[-1]
        if is_range(last):
            continue
        for source_id, tgroup in tots.groupby("source_id", sort=False):
            first = tgroup.sort_values("year").iloc[0]
            rate = first["stated_cagr_low_pct"]
            if is_range(first) or pd.isna(rate) or rate != first["stated_cagr_high_pct"]:
                continue
            years = int(last["year"]) - int(first["year"])
            if years < 0:
                continue
            total_then = compound(first["value_usd_bn"], rate, years)
            if last["value_usd_bn"] > total_then:
                notes.append(_("Sub-market: {source} puts the sub-market “{scope}” at {figure} in {year}, more than the "
                               "whole market on {total_source}'s path (about {total} that year): another sign that the "
                               "sources define the market differently.").format(
                    source=last["source_name"], scope=i18n.text(last, "scope"), figure=figure_label(last),
                    year=last["year"], total_source=first["source_name"], total=fmt.usd_bn(total_then, stated=False)))
            break
    return wording.sentences(*notes)


# --- the scenario projector -------------------------------------------------

@dataclass(frozen=True)
class BaseOption:
    label: str                     # the URL value: English in every language
    source_id: str | None
    year: int
    value: float
    row_id: str | None
    shown: str = ""                # the label in the current language ("" = the label; CUSTOM: _(label))

    @property
    def text(self) -> str:
        return self.shown or _(self.label)


@dataclass(frozen=True)
class RateOption:
    label: str                     # the URL value: English in every language
    source_id: str | None
    rate_pct: float
    shown: str = ""

    @property
    def text(self) -> str:
        return self.shown or _(self.label)


def _label_and_shown(make: Callable[[str], str], row) -> tuple[str, str]:
    """An option's label twice: in English (the URL value, with the source's English name) and as shown."""
    with i18n.use("en"):
        label = make(row.get("source_name_en", row["source_name"]))
    return label, make(row["source_name"])


def base_options(data: pd.DataFrame) -> list[BaseOption]:
    """Each total-market source's base-year figure (both ends of a range), as the projector offers them."""
    out = []
    for source_id, group in totals(data).groupby("source_id", sort=False):
        first = group.sort_values("year").iloc[0]
        if is_range(first):
            for end, col in ((N_("low end"), "low_usd_bn"), (N_("high end"), "high_usd_bn")):
                label, shown = _label_and_shown(lambda name: _("{source}, {end}: {figure} ({year})").format(
                    source=name, end=_(end), figure=fmt.qualified(fmt.usd_bn(first[col]), first.get("qualifier")),
                    year=first["year"]), first)
                out.append(BaseOption(label, source_id, int(first["year"]), float(first[col]), first["row_id"],
                                      shown))
        else:
            label, shown = _label_and_shown(lambda name: _("{source}: {figure} ({year})").format(
                source=name, figure=figure_label(first), year=first["year"]), first)
            out.append(BaseOption(label, source_id, int(first["year"]), float(first["value_usd_bn"]),
                                  first["row_id"], shown))
    return out


def rate_options(data: pd.DataFrame) -> list[RateOption]:
    """Each total-market source's stated growth rate (both ends of a range)."""
    out = []
    for source_id, group in totals(data).groupby("source_id", sort=False):
        first = group.sort_values("year").iloc[0]
        low, high = first["stated_cagr_low_pct"], first["stated_cagr_high_pct"]
        if pd.isna(low):
            continue
        if low == high:
            texts = [(N_("{source}: {rate}% a year"), low)]
        else:
            texts = [(N_("{source}, low end: {rate}% a year"), low), (N_("{source}, high end: {rate}% a year"), high)]
        for template, rate in texts:
            label, shown = _label_and_shown(
                lambda name: _(template).format(source=name, rate=f"{rate:g}"), first)
            out.append(RateOption(label, source_id, float(rate), shown))
    return out


def project(base_value: float, base_year: int, rate_pct: float, horizon: int) -> pd.DataFrame:
    """The constant-growth path from the base year to the horizon, one row a year."""
    years = list(range(int(base_year), int(horizon) + 1))
    return pd.DataFrame({"year": years,
                         "scenario_usd_bn": [compound(base_value, rate_pct, y - base_year) for y in years]})


def projection_table(path: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """The scenario year by year beside the figures the total-market sources give for those years."""
    table = path.copy()
    table["scenario_usd_bn"] = table["scenario_usd_bn"].round(2)
    tots = totals(data)
    for source_id, group in tots.groupby("source_id", sort=False):
        by_year = dict(zip(group["year"], group["label"]))
        table[group["source_name"].iloc[0]] = [by_year.get(y, "") for y in table["year"]]
    return table


def scenario_verdict(value: float, year: int, data: pd.DataFrame) -> list[str]:
    """Where the scenario lands against each total-market source's own figure for `year`."""
    out = []
    for row in totals(data)[totals(data)["year"] == year].to_dict("records"):
        lo, hi = bounds(row)
        change = 0.0
        if is_range(row):
            text = (_("inside {source}'s {figure}") if lo <= value <= hi else
                    _("below {source}'s {figure}") if value < lo else _("above {source}'s {figure}"))
        else:
            change = value / lo - 1
            text = (_("the same as {source}'s {figure}") if abs(change) < 0.005 else
                    _("{share} above {source}'s {figure}") if change > 0 else _("{share} below {source}'s {figure}"))
        out.append(text.format(source=row["source_name"], figure=row["label"], share=f"{abs(change):.0%}"))
    return out


# --- headline facts ---------------------------------------------------------

def nmpa_series(facts: pd.DataFrame, name_of: NameOf, metric: str = "nmpa_class3_ai_devices") -> pd.DataFrame:
    """The NMPA Class III AI approval figures over time, with labels that keep their qualifiers."""
    data = facts[(facts["metric"] == metric) & facts["year"].notna()].copy()
    data["year"] = data["year"].astype(int)
    data["source_name"] = data["source_id"].map(name_of)
    data["figure"] = [fmt.in_words(v, q) for v, q in zip(data["value"], data["qualifier"])]
    data["figure_label"] = [(f"{f}（{i18n.text(r, 'as_of')}）" if wording.zh() else f"{f} ({a})") if a else f
                            for f, a, r in zip(data["figure"], data["as_of"], data.to_dict("records"))]
    data = data.sort_values("year").reset_index(drop=True)
    # Figures that count something else (e.g. approvals within 18 months, not an all-time
    # total) are drawn lighter; the latest figure's label defines what the series counts.
    data["comparable"] = data["label"] == (data["label"].iloc[-1] if len(data) else "")
    return data


# --- findings in words (titles state the finding) ---------------------------

def _same_figures_once(rows: list) -> list[str]:
    """'US$1.59 bn in 2023' once for sources giving the same figure, saying when only some qualify it."""
    groups: dict[tuple, list] = {}
    for row in rows:
        plain = figure_label({**dict(row), "qualifier": ""})
        groups.setdefault((plain, int(row["year"])), []).append(row)
    out = []
    for (plain, year), group in groups.items():
        words = {str(r.get("qualifier") or "") for r in group}
        if len(words) == 1:
            out.append(_("{figure} in {year}").format(figure=group[0]["label"], year=year))
        else:
            qualified_by = [r["source_name"] for r in group if r.get("qualifier")]
            word = next(str(r["qualifier"]) for r in group if r.get("qualifier"))
            out.append(_("{figure} in {year}, “{qualifier}” in {sources}").format(
                figure=plain, year=year, qualifier=fmt.qualifier_word(word) if wording.zh() else word,
                sources=wording.and_pairs(qualified_by)))
    return out


def headline(data: pd.DataFrame) -> str:
    """The page's one-sentence finding, from the figures themselves."""
    tots = totals(data)
    if tots.empty:
        return _("No total-market figures are available.")
    firsts = [g.sort_values("year").iloc[0] for _source, g in tots.groupby("source_id", sort=False)]
    starts = wording.join(_same_figures_once(firsts), " vs ")
    ends = spreads(data)
    if ends.empty:
        return _("The sources disagree on the market's size in their base years ({starts}).").format(starts=starts)
    end = ends.iloc[-1]
    labels = list(dict.fromkeys(tots[tots["year"] == end["year"]]["label"]))
    return _("The sources disagree on the market's size in their base years ({starts}) yet overlap by {year} "
             "({ends}): they most likely count different things.").format(
        starts=starts, year=end["year"], ends=wording.and_pairs(labels))


def series_finding(data: pd.DataFrame) -> str:
    gap = base_gap(data)
    ends = spreads(data)
    if gap is None or ends.empty:
        return _("China's healthcare-AI market by source, USD billion")
    return _("Starting points {low}–{high}× apart, {year} figures overlapping: the sources size different "
             "markets").format(low=f"{gap['ratio_low']:.1f}", high=f"{gap['ratio_high']:.1f}",
                               year=int(ends.iloc[-1]["year"]))


def cagr_finding(implied: pd.DataFrame) -> str:
    """The source whose own figures imply the widest spread of growth rates, in one line."""
    rated = implied[implied["stated_low_pct"].notna()]
    if rated.empty:
        return _("Growth rates implied by each source's own figures")
    spread = rated.groupby("source_name").agg(lo=("implied_low_pct", "min"), hi=("implied_high_pct", "max"),
                                              stated=("stated_cagr", "first"))
    spread["width"] = spread["hi"] - spread["lo"]
    name, row = next(iter(spread.sort_values("width", ascending=False).iterrows()))
    return _("{source} states {stated} a year; its own figures imply {low}% to {high}%").format(
        source=name, stated=row["stated"], low=f"{row['lo']:.1f}", high=f"{row['hi']:.1f}")


def approvals_finding(series: pd.DataFrame) -> str:
    """'NMPA Class III AI approvals: over 50 by 2023, 92 by mid-2024' from rows counting the same thing."""
    if series.empty:
        return _("NMPA Class III AI approvals")
    same = series[series["label"] == series.iloc[-1]["label"]]
    if wording.zh():
        parts = [_("{figure} {when}").format(figure=r["figure"], when=wording.when_zh(r)) if r["as_of"] else
                 r["figure"] for r in same.to_dict("records")]
    else:
        parts = [f"{f} {a if a.startswith(('by', 'as of')) else 'by ' + a}" if a else f
                 for f, a in zip(same["figure"], same["as_of"])]
    return _("NMPA Class III AI device approvals: {counts}").format(counts=wording.join(parts, ", "))


def custom_years(data: pd.DataFrame) -> list[int]:
    """Years a custom base may sit in: from the earliest figure up to the year before the last total one."""
    last = int(totals(data)["year"].max())
    return list(range(int(data["year"].min()), last))


def horizons(data: pd.DataFrame) -> list[int]:
    """The last year the sources cover, and five years beyond it (clearly an extrapolation)."""
    last = int(totals(data)["year"].max())
    return [last, last + 5]
