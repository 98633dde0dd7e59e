"""Barriers & strategy view model: the barriers and how companies got past them, the verticals, entry modes,
fast-track channels, entry points, policies and companies under the page's filters, and the entry-path
finder's ranked short list for its answers. No Streamlit here.

`inputs(tables, filters)` gives the controls their options (the vertical list
follows the sidebar's segment filter); `build(tables, filters, settings)` returns
everything the page shows and its export: the barrier -> strategy table for the
current filters and, when the finder has answers, the ranked entry paths with
their reasons and sources. The rules and their arithmetic live in
components.domain.strategy; this module only names, orders and words what it returns.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import theme
from components.data import source_names
from components.domain import strategy
from components.views.base import GlobalFilters, TableItem, Tables, source_ids_in
from components.i18n import N_

TABLES = ("barriers", "verticals", "entry_modes", "fast_track_channels", "places", "policies", "companies",
          "provinces", "entry_rules", "vertical_barriers", "sources")
QUESTIONS = strategy.QUESTIONS
TABS = (N_("Explorer"), N_("Entry-path finder"))
STRENGTH_WORDS = {"high": "Bites hardest", "medium": "Also bites"}


@dataclass(frozen=True)
class Inputs:
    finding: str
    rule_problems: tuple[str, ...]
    verticals: tuple[str, ...]            # names of the verticals under the segment filter
    barriers: tuple[str, ...]
    modes: tuple[str, ...]                # entry modes, then fast-track channels
    filters_text: str


@dataclass(frozen=True)
class Settings:
    vertical: str | None = None           # names, as the widgets (and the URL) carry them
    barrier: str | None = None
    mode: str | None = None
    answers: tuple[str | None, ...] = ()  # the finder's answer labels, in QUESTIONS order (None = not answered)


@dataclass(frozen=True)
class Glance:
    """The chosen vertical at a glance: its barriers, the routes that fit, its companies."""

    name: str
    barriers: tuple[tuple[str, str, str], ...]        # (strength, barrier name, reason), hardest first
    routes: tuple[tuple[str, str], ...]               # (route name, reason)
    entry_approach: str
    companies: tuple[tuple[str, str], ...]            # (name, HQ city or "")
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReasonLine:
    supports: bool                        # counts for the route (else against)
    text: str
    quote: str                            # "" when an earlier reason on the card already quoted it
    source: str


@dataclass(frozen=True)
class Route:
    """One card of the short list."""

    rank: int
    name: str
    kind: str
    badge: str                            # "Strong fit · score 6"
    good: bool                            # score of 3 or more
    reasons: tuple[ReasonLine, ...]


@dataclass(frozen=True)
class Suggestion:
    vertical: str
    entry_approach: str
    restrictions: str
    quote: str
    source: str


@dataclass(frozen=True)
class View:
    filters_text: str
    vertical_id: str | None
    glance: Glance | None
    barrier_label: str | None             # the chosen vertical's name, for the barrier cards
    barrier_cards: tuple[dict, ...]       # barrier rows with their link to the vertical and the source's name
    barriers: pd.DataFrame                # the CSV of the cards
    verticals: pd.DataFrame
    matrix: pd.DataFrame                  # entry modes side by side
    matrix_css: pd.DataFrame              # its cell styles: what the source does not say quieter, the chosen route bold
    entry_modes: pd.DataFrame
    channel_cards: tuple[dict, ...]       # with `selected` (chosen in the filter) and `source_name`
    channels: pd.DataFrame
    entry_point_groups: tuple[dict, ...]
    entry_points: pd.DataFrame
    policy_table: pd.DataFrame
    policies: pd.DataFrame
    company_table: pd.DataFrame
    companies: pd.DataFrame
    answered: bool
    headline: str
    routes: tuple[Route, ...]
    shortlist_csv: pd.DataFrame
    ruled_out: tuple[tuple[str, str], ...]    # (route, why not)
    suggestion: Suggestion | None
    plan_caption: str
    plan: tuple[tuple[str, str, str, str], ...]   # (barrier, strength, why it bites, strategy)
    plan_source_ids: tuple[str, ...]
    barrier_table: TableItem
    route_table: TableItem | None

    @property
    def slides(self) -> tuple[TableItem, ...]:
        """The barrier -> strategy table first; the ranked entry paths when the finder has answers."""
        return (self.barrier_table,) + ((self.route_table,) if self.route_table else ())


def _options(tables: Tables) -> pd.DataFrame:
    return strategy.entry_options(tables["entry_modes"], tables["fast_track_channels"])


def _verticals_in_view(tables: Tables, filters: GlobalFilters, **narrowing) -> pd.DataFrame:
    return strategy.verticals_in_view(tables["verticals"], tables["vertical_barriers"], tables["entry_rules"],
                                      segment_ids=filters.segment_ids, **narrowing)


def inputs(tables: Tables, filters: GlobalFilters = GlobalFilters()) -> Inputs:
    barriers = tables["barriers"]
    finding = (f"{strategy.count_in_words(len(barriers))} barriers stand in a foreign entrant's way. Products already "
               "cleared abroad or approved in Hong Kong can take a fast track; otherwise the route is a joint "
               "venture, licensing or a WFOE.")
    return Inputs(finding, tuple(strategy.rule_problems(tables["entry_rules"], list(tables["verticals"]["vertical_id"]))),
                  tuple(_verticals_in_view(tables, filters)["name"]), tuple(barriers["name"]),
                  tuple(_options(tables)["name"]), filters.describe())


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    """No vertical, barrier or route chosen and no finder answer (the page looks the same when presenting)."""
    return Settings()


def _id_for(frame: pd.DataFrame, id_column: str, name: str | None) -> str | None:
    matches = frame.loc[frame["name"] == name, id_column] if name else ()
    return str(matches.iloc[0]) if len(matches) else None


def _glance(tables: Tables, filters: GlobalFilters, options: pd.DataFrame, vertical_id: str) -> Glance:
    vertical = tables["verticals"].set_index("vertical_id").loc[vertical_id]
    links = strategy.barrier_links(tables["vertical_barriers"], vertical_id)
    named = links.merge(tables["barriers"][["barrier_id", "name"]], on="barrier_id")
    fitting = strategy.vertical_options(tables["entry_rules"], options, vertical_id)
    companies = strategy.companies_in_view(tables["companies"], tables["provinces"],
                                           segment_ids=(vertical["segment_id"],), regions=filters.regions)
    return Glance(str(vertical["name"]), tuple(zip(named["strength"], named["name"], named["reason"])),
                  tuple(zip(fitting["name"], fitting["reason"])), str(vertical["entry_approach"]),
                  tuple((c["name"], c["hq_city"] or "") for c in companies.to_dict("records")),
                  source_ids_in(links, fitting, companies))


def _matrix_css(matrix: pd.DataFrame, mode: str | None) -> pd.DataFrame:
    css = matrix.map(lambda v: f"color: {theme.MUTED_TEXT}; font-style: italic"
                     if str(v).startswith(strategy.NOT_STATED) else "")
    if mode in css.columns:
        css[mode] = css[mode] + f"; background-color: {theme.GRID}; font-weight: 600"
    return css


def _routes(shortlist: list[strategy.Recommendation], source_name) -> tuple[Route, ...]:
    routes = []
    for rank, rec in enumerate(shortlist, start=1):
        lines, quoted = [], set()
        for supports, reason in [(True, r) for r in rec.reasons_for] + [(False, r) for r in rec.reasons_against]:
            # Two rules resting on one sentence: quote it once.
            lines.append(ReasonLine(supports, reason.text, "" if reason.quote in quoted else reason.quote,
                                    source_name(reason.source_id)))
            quoted.add(reason.quote)
        routes.append(Route(rank, rec.name, rec.kind, f"{strategy.fit_label(rec.score)} · score {rec.score}",
                            rec.score >= 3, tuple(lines)))
    return tuple(routes)


def _barrier_table(tables: Tables, filters: GlobalFilters, cards: pd.DataFrame, vertical_name: str | None,
                   vertical_id: str | None) -> TableItem:
    """The slide: each barrier on screen, where it bites under these filters, the strategy, the source."""
    source_name = source_names.namer(tables["sources"])
    links = tables["vertical_barriers"]
    in_view = _verticals_in_view(tables, filters)
    names = dict(zip(in_view["vertical_id"], in_view["name"]))
    rows, all_sources = [], []
    for card in cards.to_dict("records"):
        ties = links[links["barrier_id"] == card["barrier_id"]]
        if vertical_id:
            ties = ties[ties["vertical_id"] == vertical_id]
            bites = (f"{STRENGTH_WORDS[card['strength']]} for {vertical_name}: {card['link_reason']}"
                     if card["strength"] else f"Not tied to {vertical_name} by the source.")
        else:
            ties = ties[ties["vertical_id"].isin(names)]
            parts = [f"{word}: " + ", ".join(names[v] for v in ties.loc[ties["strength"] == strength, "vertical_id"])
                     for strength, word in STRENGTH_WORDS.items() if (ties["strength"] == strength).any()]
            bites = "\n".join(parts) if parts else "No vertical in view is tied to it by the source."
        sources = list(dict.fromkeys(s for s in (card["source_id"], *ties["source_id"]) if s))
        all_sources += sources
        rows.append((card["name"], bites, card["strategy"], "; ".join(source_name(s) for s in sources)))
    if vertical_id:
        heading = f"The barriers the source ties to {vertical_name}, hardest first, and the strategy for each"
        where = "Where it bites"
    else:
        scope = f" ({', '.join(filters.segment_names)})" if filters.segment_names else ""
        heading = (f"{strategy.count_in_words(len(rows))} barrier{'s' if len(rows) != 1 else ''} a foreign entrant "
                   f"faces, the verticals{scope} each bites, and the strategy the source recommends")
        where = "Verticals it bites" + scope
    return TableItem(
        key="strategy.barriers", title="Barriers and strategies", heading=heading,
        columns=("Barrier", where, "Strategy", "Source"), rows=tuple(rows), widths=(2.0, 3.6, 4.9, 1.8),
        subtitle=f"Filters: {filters.describe()}" + (f"; vertical: {vertical_name}" if vertical_name else ""),
        source_ids=tuple(dict.fromkeys(all_sources)),
        note="Each barrier's challenge and example are in the speaker notes.",
        details=cards[["name", "challenge", "example_company", "example", "strategy", "strength", "link_reason",
                       "source_id"]])


def _route_table(answer_words: list[str], routes: tuple[Route, ...], ruled_out, headline: str,
                 source_ids: tuple[str, ...], details: pd.DataFrame) -> TableItem:
    rows = []
    for route in routes:
        why = "\n".join(("For: " if line.supports else "Against: ") + line.text for line in route.reasons)
        rows.append((str(route.rank), f"{route.name}\n({route.kind})", route.badge, why,
                     "; ".join(dict.fromkeys(line.source for line in route.reasons))))
    for name, why_not, sources in ruled_out:
        rows.append(("–", name, "Not a fit", "Against: " + why_not, sources))
    return TableItem(
        key="strategy.entry_paths", title="Entry-path finder", heading=headline or
        "No route scores above zero for these answers",
        columns=("#", "Entry path", "Fit", "Why (each reason rests on a source sentence)", "Sources"),
        rows=tuple(rows), widths=(0.5, 2.3, 1.7, 6.2, 1.6), subtitle="Answers: " + "; ".join(answer_words),
        source_ids=source_ids, details=details,
        note="Ranked by the rules in data/entry_rules.csv; the sentences the reasons rest on are on the page.")


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View:
    source_name = source_names.namer(tables["sources"])
    barriers, verticals, links = tables["barriers"], tables["verticals"], tables["vertical_barriers"]
    rules, entry_modes, channels = tables["entry_rules"], tables["entry_modes"], tables["fast_track_channels"]
    options = _options(tables)
    shown = _verticals_in_view(tables, filters)
    vertical_id = _id_for(shown, "vertical_id", settings.vertical)
    vertical_name = settings.vertical if vertical_id else None
    vertical = verticals.set_index("vertical_id").loc[vertical_id] if vertical_id else None
    barrier_id = _id_for(barriers, "barrier_id", settings.barrier)
    option_id = _id_for(options, "option_id", settings.mode)
    mode = settings.mode if option_id else None

    # ---- the explorer
    cards = strategy.barriers_in_view(barriers, links, vertical_id, barrier_id)
    vertical_cards = _verticals_in_view(tables, filters, vertical_id=vertical_id, barrier_id=barrier_id,
                                        option_id=option_id)
    matrix = strategy.entry_mode_matrix(entry_modes)
    points = strategy.entry_points(tables["places"], tables["provinces"], filters.regions)
    segment_scope = (vertical["segment_id"],) if vertical is not None else filters.segment_ids
    companies = strategy.companies_in_view(tables["companies"], tables["provinces"], segment_ids=segment_scope,
                                           regions=filters.regions)

    # ---- the finder
    answers: dict[str, str | None] = {"vertical": vertical_id}
    answer_words = [f"Vertical: {vertical_name}"] if vertical_name else []
    for question, label in zip(QUESTIONS, settings.answers):
        answers[question.qid] = question.code_for(label)
        if answers[question.qid]:
            answer_words.append(f"{question.prompt.rstrip('?')}: {label}")
    shortlist, ruled_out = strategy.rank_entry_paths(rules, options, answers)
    routes = _routes(shortlist, source_name)
    ruled = tuple((rec.name, " ".join(r.text for r in rec.reasons_against),
                   "; ".join(dict.fromkeys(source_name(r.source_id) for r in rec.reasons_against)))
                  for rec in ruled_out)
    answered = any(answers.values())
    headline = strategy.headline(shortlist)
    plan = strategy.barriers_in_view(barriers, links, vertical_id, None)
    if vertical_id:
        plan = plan[plan["strength"] != ""]
        plan_caption = (f"The barriers the source ties to {vertical_name}, hardest first, with the strategy it "
                        "recommends.")
    else:
        plan_caption = "All barriers: choose a vertical to see the ones that bite hardest for it."
    route_sources = tuple(dict.fromkeys(r.source_id for rec in [*shortlist, *ruled_out] for r in rec.reasons))
    shortlist_csv = strategy.shortlist_table(shortlist)

    return View(
        filters_text=filters.describe(), vertical_id=vertical_id,
        glance=_glance(tables, filters, options, vertical_id) if vertical_id else None,
        barrier_label=vertical_name,
        barrier_cards=tuple(dict(row, source_name=source_name(row["source_id"])) for row in cards.to_dict("records")),
        barriers=cards, verticals=vertical_cards, matrix=matrix, matrix_css=_matrix_css(matrix, mode),
        entry_modes=entry_modes,
        channel_cards=tuple(dict(row, selected=row["channel_id"] == option_id, source_name=source_name(row["source_id"]))
                            for row in channels.to_dict("records")),
        channels=channels, entry_point_groups=tuple(strategy.entry_point_groups(points)), entry_points=points,
        policy_table=strategy.policy_table(tables["policies"]), policies=tables["policies"],
        company_table=strategy.company_table(companies), companies=companies,
        answered=answered, headline=headline, routes=routes, shortlist_csv=shortlist_csv,
        ruled_out=tuple((name, why) for name, why, _ in ruled),
        suggestion=Suggestion(vertical_name, str(vertical["entry_approach"]), str(vertical["restrictions"] or ""),
                              str(vertical["quote"]), source_name(vertical["source_id"]))
        if vertical is not None else None,
        plan_caption=plan_caption,
        plan=tuple((r["name"], r["strength"], r["link_reason"] or r["challenge"], r["strategy"])
                   for r in plan.to_dict("records")),
        plan_source_ids=source_ids_in(plan),
        barrier_table=_barrier_table(tables, filters, cards, vertical_name, vertical_id),
        route_table=_route_table(answer_words, routes, ruled, headline, route_sources,
                                 shortlist_csv.drop(columns=["kind", "rule_id"])) if answered else None)
