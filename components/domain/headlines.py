"""The overview's headline figures and takeaways, computed from the data tables (no Streamlit).

Why a module of its own: the overview is where an executive decides whether to
read on, so every number on it must be a row of data/ with its source, and
nothing may be typed into the page. Each card and each takeaway is built here
from the validated frames (market_size, facts, physician_density, places) and
carries the source ids and quotes it rests on, so the page only lays out and
the tests can check the wording against the data.

Rules kept here: a range stays a range ("US$3–5 bn", never its midpoint);
sources that disagree each get their own card; "over 50" reads "50+".
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components import format as fmt
from components import i18n
from components.data import source_names
from components.domain import physicians, wording
from components.i18n import _
from components.domain.market import TOTAL_SCOPE, figure_label


@dataclass(frozen=True)
class Card:
    """One metric card: a label, the figure, one line of context, and where it comes from."""

    label: str
    value: str
    context: str
    source_ids: tuple[str, ...]
    quotes: tuple[str, ...]
    caveat: str = ""               # how far the source can be trusted, shown with the card


def reliability_notes(sources: pd.DataFrame) -> dict[str, str]:
    """A visible caveat for each source that names no publisher and no date (its figures cannot be dated)."""
    notes = {}
    for row in sources.to_dict("records"):
        if str(row.get("publisher") or "").startswith("Not stated") and not row.get("date_published"):
            notes[row["source_id"]] = _("{source}: publisher, author and date not stated; treat its figures as "
                                        "indicative.").format(source=source_names.short_name(row))
    return notes


def with_caveats(cards: list[Card], notes: dict[str, str]) -> list[Card]:
    """Each card carries the caveat of any source it rests on."""
    out = []
    for card in cards:
        caveat = wording.sep(" ").join(dict.fromkeys(notes[s] for s in card.source_ids if s in notes))
        out.append(Card(card.label, card.value, card.context, card.source_ids, card.quotes, caveat))
    return out


@dataclass(frozen=True)
class Takeaway:
    """One plain sentence and the page that shows its evidence (`query` pre-sets that page's filters)."""

    text: str
    page: str                      # a key of tests.conftest.PAGES / the page file stem
    link_label: str
    source_ids: tuple[str, ...]
    query: dict[str, str] = field(default_factory=dict)


# --- number formatting ----------------------------------------------------------

def by_when(as_of: str) -> str:
    """'mid-2024' -> 'by mid-2024'; 'by 2023' stays."""
    as_of = str(as_of).strip()
    return as_of if as_of.lower().startswith(("by ", "as of ", "in ")) else f"by {as_of}"


def when(row) -> str:
    """A fact's date as a phrase in the current language: 'by mid-2024' / '截至2024年年中'."""
    return wording.when_zh(row) if wording.zh() else by_when(row["as_of"])




def join_names(names: list[str]) -> str:
    """'China Briefing, Part II' + 'China Briefing, Part I' -> 'China Briefing, Part II and Part I'."""
    if len(names) == 1:
        return names[0]
    heads = {n.rpartition(", ")[0] for n in names}
    if len(heads) == 1 and "" not in heads:
        return f"{heads.pop()}, " + wording.sep(" and ").join(n.rpartition(", ")[2] for n in names)
    return wording.sep(" and ").join(names)


# --- market cards ----------------------------------------------------------------

@dataclass(frozen=True)
class MarketView:
    """One source's (or identical sources') path: first figure, last figure, stated growth."""

    source_ids: tuple[str, ...]
    first: dict
    last: dict
    growth: str
    quotes: tuple[str, ...]


def market_views(market: pd.DataFrame) -> list[MarketView]:
    """Per source, the total-market path; sources that state the same path are merged into one view."""
    totals = market[market["scope"] == TOTAL_SCOPE].sort_values("year", kind="stable")
    views: list[MarketView] = []
    signature_of: dict[tuple, int] = {}
    # Sources in the order of the file: the analyst decides which comes first.
    for source_id in dict.fromkeys(market.loc[market["scope"] == TOTAL_SCOPE, "source_id"]):
        rows = totals[totals["source_id"] == source_id].to_dict("records")
        first, last = rows[0], rows[-1]
        growth = fmt.rate_range(first.get("stated_cagr_low_pct"), first.get("stated_cagr_high_pct"), missing="")
        signature = (first["year"], figure_label(first), last["year"], figure_label(last), growth)
        quotes = tuple(dict.fromkeys(r["quote"] for r in rows))
        if signature in signature_of:
            i = signature_of[signature]
            old = views[i]
            views[i] = MarketView(old.source_ids + (source_id,), old.first, old.last, old.growth,
                                  tuple(dict.fromkeys(old.quotes + quotes)))
        else:
            signature_of[signature] = len(views)
            views.append(MarketView((source_id,), first, last, growth, quotes))
    return views


def market_cards(market: pd.DataFrame, name_of) -> list[Card]:
    """One card per distinct source path: the first figure, then growth and the last projection."""
    cards = []
    for view in market_views(market):
        names = join_names([name_of(s) for s in view.source_ids])
        context = []
        if view.growth:
            context.append(_("{rate} a year").format(rate=view.growth))
        context.append(_("{figure} by {year}").format(figure=figure_label(view.last), year=view.last["year"]))
        cards.append(Card(label=_("Market size {year} · {sources}").format(year=view.first["year"], sources=names),
                          value=figure_label(view.first),
                          context=" → ".join(context), source_ids=view.source_ids, quotes=view.quotes))
    return cards


# --- adoption and need ----------------------------------------------------------------

def _facts_of(facts: pd.DataFrame, metric: str) -> list[dict]:
    rows = facts[facts["metric"] == metric].copy()
    rows["_year"] = rows["year"].astype("Float64").fillna(0)
    return rows.sort_values("_year", kind="stable").drop(columns="_year").to_dict("records")


def _fact_text(row: dict) -> str:
    return fmt.quantity(row["value"], row.get("qualifier") or "", row.get("value_high"))


def approvals_card(facts: pd.DataFrame) -> Card | None:
    """NMPA Class III AI approvals: the latest count, and the one before it (different sources)."""
    rows = _facts_of(facts, "nmpa_class3_ai_devices")
    if not rows:
        return None
    latest = rows[-1]
    shown = [latest]
    context = when(latest)
    if len(rows) > 1:
        before = rows[-2]
        shown.insert(0, before)
        context += " · " + _("{figure} {when}").format(figure=_fact_text(before), when=when(before))
    return Card(_("NMPA Class III AI devices approved"), _fact_text(latest), context,
                tuple(dict.fromkeys(r["source_id"] for r in shown)), tuple(dict.fromkeys(r["quote"] for r in shown)))


def contradiction(density: pd.DataFrame, name_of) -> tuple[str, tuple[str, ...]]:
    """'OECD … gives the United States 2.7 (2021)': official figures that contradict the article's, and their sources."""
    headline = density[density["series"] == "headline"]
    items = physicians.contested(headline, physicians.official_rows(density))
    text = wording.join((_("{source} gives {country} {value} ({year})").format(
        source=name_of(i["official"]["source_id"]),
        country=physicians.country_in_sentence(physicians.country_name(i["official"])),
        value=f"{i['official']['value_per_1000']:g}", year=physicians.year_text(i["official"]["year"]))
        for i in items), "; ")
    return text, tuple(i["official"]["source_id"] for i in items)


def density_card(density: pd.DataFrame, name_of) -> Card | None:
    """The article's physician density: China against the other countries it names, and what contradicts it."""
    headline = density[density["series"] == "headline"]
    china = headline[headline["iso3"] == "CHN"]
    if china.empty:
        return None
    china_row = china.iloc[0]
    others = headline[headline["iso3"] != "CHN"]
    context = _("Article: {figures}").format(figures=" · ".join(
        f"{physicians.country_name(r)} {r['value_per_1000']:g}" for r in others.to_dict("records")))
    against, against_ids = contradiction(density, name_of)
    if against:
        context += wording.sep(". ") + _("But {against}.").format(against=against)
    value = f"{china_row['value_per_1000']:g}"
    if str(china_row.get("qualifier") or "") == "about":
        value = "≈" + value
    return Card(_("Physicians per 1,000 people · China"), value, context,
                tuple(dict.fromkeys([*headline["source_id"], *against_ids])), tuple(dict.fromkeys(headline["quote"])))


def platform_card(facts: pd.DataFrame) -> Card | None:
    users = _facts_of(facts, "pingan_registered_users")
    daily = _facts_of(facts, "pingan_daily_consultations")
    if not users:
        return None
    context = _("{figure} consultations a day").format(figure=_fact_text(daily[0])) if daily else ""
    rows = users + daily
    return Card(_("Ping An Good Doctor · registered users"), _fact_text(users[0]), context,
                tuple(dict.fromkeys(r["source_id"] for r in rows)), tuple(dict.fromkeys(r["quote"] for r in rows)))


def hub_names(hubs: pd.DataFrame) -> str:
    """'Beijing (academic + government), Shanghai (innovation hub), …': places and roles as the source names them."""
    groups: dict[str, list[str]] = {}
    shown_role: dict[str, str] = {}
    for row in hubs.to_dict("records"):
        role = str(row.get("source_role") or "")
        groups.setdefault(role, []).append(str(i18n.text(row, "named_as")))
        shown_role.setdefault(role, str(i18n.text(row, "source_role") or "") if role else "")
    parts = []
    for role, names in groups.items():
        joined = wording.and_list(names)
        if wording.zh():
            parts.append(f"{joined}（{shown_role[role]}）" if role else joined)
            continue
        plural = role + "s" if role and len(names) > 1 and not role.endswith("s") else role
        parts.append(f"{joined} ({plural})" if role else joined)
    return wording.join(parts, ", ")


def sites_card(facts: pd.DataFrame) -> Card | None:
    """AI diagnosis pilot sites: a count whose locations no source gives, and the card says so."""
    pilots = _facts_of(facts, "ai_diagnosis_pilot_sites")
    if not pilots:
        return None
    return Card(_("AI diagnosis pilot sites"), _fact_text(pilots[0]),
                _("Locations not named in any source (the map's pilot-zone hospitals are a different list)"),
                (pilots[0]["source_id"],), (pilots[0]["quote"],))


def adoption_cards(facts: pd.DataFrame, density: pd.DataFrame, name_of) -> list[Card]:
    cards = [approvals_card(facts), density_card(density, name_of), platform_card(facts), sites_card(facts)]
    return [c for c in cards if c is not None]


# --- takeaways ---------------------------------------------------------------------

def takeaways(market: pd.DataFrame, facts: pd.DataFrame, density: pd.DataFrame, places: pd.DataFrame,
              channels: pd.DataFrame, name_of) -> list[Takeaway]:
    """Five or six plain sentences, each built from the rows it cites and linked to its evidence."""
    out: list[Takeaway] = []
    views = market_views(market)
    if len(views) >= 2:
        firsts = wording.join((_("{figure} in {year} ({sources})").format(
            figure=figure_label(v.first), year=v.first["year"], sources=join_names([name_of(s) for s in v.source_ids]))
            for v in views), "; ")
        out.append(Takeaway(
            _("The sources disagree on the market's size in their base years: {figures}. They are shown side by "
              "side, not averaged.").format(figures=firsts),
            "market_size", _("Market size: every estimate"), tuple(s for v in views for s in v.source_ids)))
    if views:
        paths = wording.join(((_("{sources}, {rate} a year to {figure} by {year}") if v.growth else
                               _("{sources}, {figure} by {year}")).format(
            sources=join_names([name_of(s) for s in v.source_ids]), rate=v.growth, figure=figure_label(v.last),
            year=v.last["year"]) for v in views), "; ")
        out.append(Takeaway(_("Every source expects fast growth: {paths}.").format(paths=paths), "market_size",
                            _("Market size: growth and implied rates"), tuple(s for v in views for s in v.source_ids)))
    approvals = _facts_of(facts, "nmpa_class3_ai_devices")
    if len(approvals) >= 2:
        a, b = approvals[-2], approvals[-1]
        out.append(Takeaway(
            _("Regulators are approving the highest-risk AI devices: {first} NMPA Class III approvals {first_when}, "
              "{second} {second_when}.").format(first=fmt.in_words(a["value"], a["qualifier"]), first_when=when(a),
                                                second=fmt.in_words(b["value"], b["qualifier"]), second_when=when(b)),
            "sources_method", _("Sources: the regulation figures"),
            (a["source_id"], b["source_id"]), {"sources.topic": str(b["topic"])}))
    headline = density[density["series"] == "headline"].set_index("iso3")
    if "CHN" in headline.index:
        others = wording.and_pairs(f"{physicians.country_name(r)} {r['value_per_1000']:g}"
                                   for r in headline.drop(index="CHN").reset_index().to_dict("records"))
        against, against_ids = contradiction(density, name_of)
        against = _("; {against}, a contradiction the page shows").format(against=against) if against else ""
        out.append(Takeaway(
            _("Doctors are scarce: about {china} physicians per 1,000 people in China, against {others} (the overview "
              "article's figures{against}).").format(china=f"{headline.loc['CHN', 'value_per_1000']:g}",
                                                     others=others, against=against),
            "physician_density", _("Physician density"), tuple(dict.fromkeys([*headline["source_id"], *against_ids]))))
    users = _facts_of(facts, "pingan_registered_users")
    daily = _facts_of(facts, "pingan_daily_consultations")
    if users and daily:
        out.append(Takeaway(
            _("Platforms already work at national scale: Ping An Good Doctor has {users} registered users and handles "
              "{consultations} consultations a day.").format(
                users=fmt.in_words(users[0]["value"], users[0]["qualifier"]),
                consultations=fmt.in_words(daily[0]["value"], daily[0]["qualifier"])), "sources_method",
            _("Sources: the platform figures"), (users[0]["source_id"], daily[0]["source_id"]),
            {"sources.topic": str(users[0]["topic"])}))
    hubs = places[places["kind"] == "innovation_hub"]
    if len(hubs) and len(channels):
        out.append(Takeaway(
            _("The overview article names {hub_count} regional hubs: {hubs}; {channel_count} fast-track channels "
              "({channels}) offer a quicker route to patients for products already approved elsewhere.").format(
                hub_count=len(hubs), hubs=hub_names(hubs), channel_count=len(channels),
                channels=wording.and_pairs(str(i18n.text(r, "name")) for r in channels.to_dict("records"))),
            "province_map", _("Province map"),
            tuple(dict.fromkeys([*hubs["source_id"], *channels["source_id"]]))))
    return out
