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

from components import i18n, theme
from components.data import source_names
from components.domain import strategy, wording
from components.views.base import GlobalFilters, TableItem, Tables, source_ids_in
from components.i18n import N_, _, ngettext

TABLES = ("barriers", "verticals", "entry_modes", "fast_track_channels", "places", "policies", "companies",
          "provinces", "entry_rules", "vertical_barriers", "sources")
QUESTIONS = strategy.QUESTIONS
TABS = (N_("Explorer"), N_("Entry-path finder"))
STRENGTH_WORDS = {"high": N_("Bites hardest"), "medium": N_("Also bites")}
# Texts of a barrier, vertical and channel row that are shown (their curated `_zh` translation in Chinese).
BARRIER_TEXTS = ("name", "challenge", "example_company", "example", "strategy")
VERTICAL_TEXTS = ("name", "description", "use_cases", "leading_companies", "restrictions", "entry_approach",
                  "foreign_entry_notes", "maturity")
CHANNEL_TEXTS = ("name", "eligibility", "benefits", "timeline", "notes")


@dataclass(frozen=True)
class Inputs:
    finding: str
    rule_problems: tuple[str, ...]
    verticals: tuple[str, ...]            # names of the verticals under the segment filter
    barriers: tuple[str, ...]
    modes: tuple[str, ...]                # entry modes, then fast-track channels
    filters_text: str
    shown: tuple[tuple[str, str], ...] = ()   # (name as the URL carries it, name as shown) of every option above

    def label(self, name: str) -> str:
        """A vertical, barrier or route as shown (its curated translation in Chinese)."""
        return dict(self.shown).get(name, name)


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
    barrier_cards: tuple[dict, ...]       # barrier rows (texts as shown) with their link to the vertical and source
    barriers: pd.DataFrame                # the CSV of the cards
    verticals: pd.DataFrame
    vertical_cards: tuple[dict, ...]      # the verticals' rows, texts as shown
    matrix: pd.DataFrame                  # entry modes side by side
    matrix_css: pd.DataFrame              # its cell styles: what the source does not say quieter, the chosen route bold
    entry_modes: pd.DataFrame
    channel_cards: tuple[dict, ...]       # texts as shown, with `selected` (chosen in the filter) and `source_name`
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


def _shown(row: dict, columns: tuple[str, ...]) -> dict:
    """The row with these text columns as shown (curated translations in Chinese); other columns unchanged."""
    return dict(row, **{c: i18n.text(row, c) for c in columns if c in row})


def inputs(tables: Tables, filters: GlobalFilters = GlobalFilters()) -> Inputs:
    barriers = tables["barriers"]
    finding = _("{count} barriers stand in a foreign entrant's way. Products already cleared abroad or approved in "
                "Hong Kong can take a fast track; otherwise the route is a joint venture, licensing or a WFOE."
                ).format(count=strategy.count_in_words(len(barriers)))
    verticals, options = _verticals_in_view(tables, filters), _options(tables)
    shown = {**{r["name"]: str(i18n.text(r, "name")) for r in tables["verticals"].to_dict("records")},
             **{r["name"]: str(i18n.text(r, "name")) for r in barriers.to_dict("records")},
             **dict(zip(options["name"], options["label"]))}
    return Inputs(finding, tuple(strategy.rule_problems(tables["entry_rules"], list(tables["verticals"]["vertical_id"]))),
                  tuple(verticals["name"]), tuple(barriers["name"]), tuple(options["name"]), filters.describe(),
                  tuple(shown.items()))


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    """No vertical, barrier or route chosen and no finder answer (the page looks the same when presenting)."""
    return Settings()


def _id_for(frame: pd.DataFrame, id_column: str, name: str | None) -> str | None:
    matches = frame.loc[frame["name"] == name, id_column] if name else ()
    return str(matches.iloc[0]) if len(matches) else None


def _glance(tables: Tables, filters: GlobalFilters, options: pd.DataFrame, vertical_id: str) -> Glance:
    vertical = tables["verticals"].set_index("vertical_id").loc[vertical_id]
    links = strategy.barrier_links(tables["vertical_barriers"], vertical_id)
    barrier_names = {r["barrier_id"]: i18n.text(r, "name") for r in tables["barriers"].to_dict("records")}
    named = links.assign(name=links["barrier_id"].map(barrier_names))
    named = named[named["name"].notna()]
    fitting = strategy.vertical_options(tables["entry_rules"], options, vertical_id)
    companies = strategy.companies_in_view(tables["companies"], tables["provinces"],
                                           segment_ids=(vertical["segment_id"],), regions=filters.regions)
    return Glance(str(i18n.text(vertical, "name")), tuple(zip(named["strength"], named["name"], named["reason"])),
                  tuple(zip(fitting["name"], fitting["reason"])), str(i18n.text(vertical, "entry_approach")),
                  tuple((str(i18n.text(c, "name")), i18n.text(c, "hq_city") or "")
                        for c in companies.to_dict("records")),
                  source_ids_in(links, fitting, companies))


def _matrix_css(matrix: pd.DataFrame, mode: str | None) -> pd.DataFrame:
    not_stated = (strategy.NOT_STATED, _(strategy.NOT_STATED))
    css = matrix.map(lambda v: f"color: {theme.MUTED_TEXT}; font-style: italic"
                     if str(v).startswith(not_stated) else "")
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
        routes.append(Route(rank, rec.shown, _(rec.kind),
                            _("{fit} · score {score}").format(fit=strategy.fit_label(rec.score), score=rec.score),
                            rec.score >= 3, tuple(lines)))
    return tuple(routes)


def _barrier_table(tables: Tables, filters: GlobalFilters, cards: pd.DataFrame, vertical_name: str | None,
                   vertical_id: str | None) -> TableItem:
    """The slide: each barrier on screen, where it bites under these filters, the strategy, the source."""
    source_name = source_names.namer(tables["sources"])
    links = tables["vertical_barriers"]
    in_view = _verticals_in_view(tables, filters)
    names = {r["vertical_id"]: str(i18n.text(r, "name")) for r in in_view.to_dict("records")}
    shown_name = (str(i18n.text(tables["verticals"].set_index("vertical_id").loc[vertical_id], "name"))
                  if vertical_id else None)
    comma = wording.sep(", ")
    rows, all_sources = [], []
    for card in cards.to_dict("records"):
        ties = links[links["barrier_id"] == card["barrier_id"]]
        if vertical_id:
            ties = ties[ties["vertical_id"] == vertical_id]
            bites = (_("{strength} for {vertical}: {reason}").format(
                strength=_(STRENGTH_WORDS[card["strength"]]), vertical=shown_name, reason=card["link_reason"])
                if card["strength"] else _("Not tied to {vertical} by the source.").format(vertical=shown_name))
        else:
            ties = ties[ties["vertical_id"].isin(names)]
            parts = [_("{strength}: {verticals}").format(strength=_(word), verticals=comma.join(
                names[v] for v in ties.loc[ties["strength"] == strength, "vertical_id"]))
                for strength, word in STRENGTH_WORDS.items() if (ties["strength"] == strength).any()]
            bites = "\n".join(parts) if parts else _("No vertical in view is tied to it by the source.")
        sources = list(dict.fromkeys(s for s in (card["source_id"], *ties["source_id"]) if s))
        all_sources += sources
        rows.append((i18n.text(card, "name"), bites, i18n.text(card, "strategy"),
                     "; ".join(source_name(s) for s in sources)))
    if vertical_id:
        heading = _("The barriers the source ties to {vertical}, hardest first, and the strategy for each").format(
            vertical=shown_name)
        where = _("Where it bites")
    else:
        segments = comma.join(filters.segment_names)
        count = strategy.count_in_words(len(rows))
        if filters.segment_names:
            heading = ngettext("{count} barrier a foreign entrant faces, the verticals ({segments}) each bites, and "
                               "the strategy the source recommends",
                               "{count} barriers a foreign entrant faces, the verticals ({segments}) each bites, and "
                               "the strategy the source recommends", len(rows)).format(count=count, segments=segments)
            where = _("Verticals it bites ({segments})").format(segments=segments)
        else:
            heading = ngettext("{count} barrier a foreign entrant faces, the verticals each bites, and the strategy "
                               "the source recommends",
                               "{count} barriers a foreign entrant faces, the verticals each bites, and the strategy "
                               "the source recommends", len(rows)).format(count=count)
            where = _("Verticals it bites")
    subtitle = _("Filters: {filters}").format(filters=filters.describe())
    if vertical_name:
        subtitle = _("Filters: {filters}; vertical: {vertical}").format(filters=filters.describe(),
                                                                        vertical=shown_name)
    return TableItem(
        key="strategy.barriers", title=_("Barriers and strategies"), heading=heading,
        columns=(_("Barrier"), where, _("Strategy"), _("Source")), rows=tuple(rows), widths=(2.0, 3.6, 4.9, 1.8),
        subtitle=subtitle, source_ids=tuple(dict.fromkeys(all_sources)),
        note=_("Each barrier's challenge and example are in the speaker notes."),
        details=cards[["name", "challenge", "example_company", "example", "strategy", "strength", "link_reason",
                       "source_id"]])


def _route_table(answer_words: list[str], routes: tuple[Route, ...], ruled_out, headline: str,
                 source_ids: tuple[str, ...], details: pd.DataFrame) -> TableItem:
    rows = []
    for route in routes:
        why = "\n".join((_("For: {reason}") if line.supports else _("Against: {reason}")).format(reason=line.text)
                        for line in route.reasons)
        rows.append((str(route.rank), _("{name}\n({kind})").format(name=route.name, kind=route.kind), route.badge,
                     why, "; ".join(dict.fromkeys(line.source for line in route.reasons))))
    for name, why_not, sources in ruled_out:
        rows.append(("–", name, _("Not a fit"), _("Against: {reason}").format(reason=why_not), sources))
    return TableItem(
        key="strategy.entry_paths", title=_("Entry-path finder"), heading=headline or
        _("No route scores above zero for these answers"),
        columns=("#", _("Entry path"), _("Fit"), _("Why (each reason rests on a source sentence)"), _("Sources")),
        rows=tuple(rows), widths=(0.5, 2.3, 1.7, 6.2, 1.6),
        subtitle=_("Answers: {answers}").format(answers="; ".join(answer_words)),
        source_ids=source_ids, details=details,
        note=_("Ranked by the rules in data/entry_rules.csv; the sentences the reasons rest on are on the page."))


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
    matrix_css = _matrix_css(matrix, mode)
    # The columns are the modes' names in the data (the chosen one is highlighted by name): shown translated.
    mode_labels = dict(zip(options["name"], options["label"]))
    matrix, matrix_css = matrix.rename(columns=mode_labels), matrix_css.rename(columns=mode_labels)
    points = strategy.entry_points(tables["places"], tables["provinces"], filters.regions)
    segment_scope = (vertical["segment_id"],) if vertical is not None else filters.segment_ids
    companies = strategy.companies_in_view(tables["companies"], tables["provinces"], segment_ids=segment_scope,
                                           regions=filters.regions)

    # ---- the finder
    answers: dict[str, str | None] = {"vertical": vertical_id}
    shown_vertical = str(i18n.text(vertical, "name")) if vertical is not None else None
    answer_words = [_("Vertical: {vertical}").format(vertical=shown_vertical)] if vertical_name else []
    for question, label in zip(QUESTIONS, settings.answers):
        answers[question.qid] = question.code_for(label)
        if answers[question.qid]:
            answer_words.append(_("{question}: {answer}").format(question=_(question.prompt).rstrip("?？"),
                                                                 answer=_(label)))
    shortlist, ruled_out = strategy.rank_entry_paths(rules, options, answers)
    routes = _routes(shortlist, source_name)
    ruled = tuple((rec.shown, wording.sep(" ").join(r.text for r in rec.reasons_against),
                   "; ".join(dict.fromkeys(source_name(r.source_id) for r in rec.reasons_against)))
                  for rec in ruled_out)
    answered = any(answers.values())
    headline = strategy.headline(shortlist)
    plan = strategy.barriers_in_view(barriers, links, vertical_id, None)
    if vertical_id:
        plan = plan[plan["strength"] != ""]
        plan_caption = _("The barriers the source ties to {vertical}, hardest first, with the strategy it "
                         "recommends.").format(vertical=shown_vertical)
    else:
        plan_caption = _("All barriers: choose a vertical to see the ones that bite hardest for it.")
    route_sources = tuple(dict.fromkeys(r.source_id for rec in [*shortlist, *ruled_out] for r in rec.reasons))
    shortlist_csv = strategy.shortlist_table(shortlist)

    return View(
        filters_text=filters.describe(), vertical_id=vertical_id,
        glance=_glance(tables, filters, options, vertical_id) if vertical_id else None,
        barrier_label=shown_vertical,
        barrier_cards=tuple(dict(_shown(row, BARRIER_TEXTS), source_name=source_name(row["source_id"]))
                            for row in cards.to_dict("records")),
        barriers=cards, verticals=vertical_cards,
        vertical_cards=tuple(_shown(row, VERTICAL_TEXTS) for row in vertical_cards.to_dict("records")),
        matrix=matrix, matrix_css=matrix_css,
        entry_modes=entry_modes,
        channel_cards=tuple(dict(_shown(row, CHANNEL_TEXTS), selected=row["channel_id"] == option_id,
                                 source_name=source_name(row["source_id"])) for row in channels.to_dict("records")),
        channels=channels, entry_point_groups=tuple(strategy.entry_point_groups(points)), entry_points=points,
        policy_table=strategy.policy_table(tables["policies"]), policies=tables["policies"],
        company_table=strategy.company_table(companies), companies=companies,
        answered=answered, headline=headline, routes=routes, shortlist_csv=shortlist_csv,
        ruled_out=tuple((name, why) for name, why, _ in ruled),
        suggestion=Suggestion(shown_vertical, str(i18n.text(vertical, "entry_approach")),
                              str(i18n.text(vertical, "restrictions") or ""),
                              str(vertical["quote"]), source_name(vertical["source_id"]))
        if vertical is not None else None,
        plan_caption=plan_caption,
        plan=tuple((i18n.text(r, "name"), r["strength"], r["link_reason"] or i18n.text(r, "challenge"),
                    i18n.text(r, "strategy")) for r in plan.to_dict("records")),
        plan_source_ids=source_ids_in(plan),
        barrier_table=_barrier_table(tables, filters, cards, vertical_name, vertical_id),
        route_table=_route_table(answer_words, routes, ruled, headline, route_sources,
                                 shortlist_csv.drop(columns=["kind", "rule_id"])) if answered else None)
