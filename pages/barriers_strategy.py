"""Barriers & strategy: what stands in a foreign entrant's way, and which route in fits.

Two tabs share one vertical choice: the explorer (barriers, verticals, entry
modes, fast-track channels, entry points, policies, companies, linked to the
chosen vertical) and the entry-path finder (a few answers -> a ranked short
list with reasons and source sentences). Rules and links live in
data/entry_rules.csv and data/vertical_barriers.csv; the ranking lives in
components/strategy.py. Every control is in the URL under "strategy.".
"""
import pandas as pd
import streamlit as st

from components import data_layer, filters, layout, source_names, strategy, theme, url_state

(barriers, verticals, entry_modes, channels, places, policies, companies, provinces,
 rules, links) = layout.tables_or_stop(
    "barriers", "verticals", "entry_modes", "fast_track_channels", "places", "policies", "companies",
    "provinces", "entry_rules", "vertical_barriers")

md = layout.md
source_name = source_names.namer(data_layer.sources())
options = strategy.entry_options(entry_modes, channels)
option_names = dict(zip(options["option_id"], options["name"]))
chosen_filters = filters.current()

layout.page_header(
    "Barriers & strategy",
    f"{strategy.count_in_words(len(barriers))} barriers stand in a foreign entrant's way. Products already cleared abroad or approved in "
    "Hong Kong can take a fast track; otherwise the route is a joint venture, licensing or a WFOE.")

for problem in strategy.rule_problems(rules, list(verticals["vertical_id"])):
    st.warning(md(f"This rule is ignored: {problem}."), icon=":material/rule:")


def quote_line(quote: str, source_id: str) -> None:
    st.caption(md(f"“{quote}” — {source_name(source_id)}"))


# --- The vertical: one choice that drives both tabs -------------------------------------------
shown_verticals = strategy.verticals_in_view(verticals, links, rules, segment_ids=chosen_filters.segment_ids)
vertical_names = dict(zip(shown_verticals["name"], shown_verticals["vertical_id"]))
url_state.check_choices("strategy.vertical", list(vertical_names))
pick = st.columns([0.4, 0.6], vertical_alignment="bottom")
vertical_name = pick[0].selectbox(
    "Investment vertical (applies to both tabs)", list(vertical_names), index=None, key="strategy.vertical",
    bind="query-params", placeholder="All verticals",
    help="Choose a vertical to see the barriers that bite hardest for it, the entry routes the source suggests "
         "and the companies in it. The sidebar's segment filter narrows this list.")
vertical_id = vertical_names.get(vertical_name)
pick[1].caption(md(f"Sidebar filters: {chosen_filters.describe()}. Every answer and filter is in the page address: "
                   "copy it to share this view."))

TABS = ["Explorer", "Entry-path finder"]
url_state.check_choices("strategy.tab", TABS)
explore_tab, finder_tab = st.tabs(TABS, key="strategy.tab", bind="query-params")


def barrier_card(row: dict, vertical_label: str | None) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row.get("strength"):
            text = "Bites hardest" if row["strength"] == "high" else "Also bites"
            st.badge(md(f"{text} for {vertical_label}"), icon=":material/priority_high:",
                     color="red" if row["strength"] == "high" else "orange")
            st.markdown(f"*{md(row['link_reason'])}*")
            quote_line(row["link_quote"], row["source_id"])
        elif vertical_label:
            st.caption(md(f"The source does not tie this barrier to {vertical_label} directly."))
        layout.paragraphs(f"**Challenge.** {md(row['challenge'])}",
                          f"**Example: {md(row['example_company'])}.** {md(row['example'])}",
                          f"**Strategy.** {md(row['strategy'])}")


def grid(rows: list[dict], per_row: int, draw) -> None:
    """Cards in rows of `per_row`, equal heights within a row."""
    for start in range(0, len(rows), per_row):
        cols = st.columns(per_row)
        for col, row in zip(cols, rows[start:start + per_row]):
            with col:
                draw(row)


def vertical_card(row: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row["maturity"]:
            st.badge(md(f"“{row['maturity']}”"), color="blue", help="The source's own words")
        layout.paragraphs(md(row["description"]), f"**Use cases.** {md(row['use_cases'])}",
                          f"**Leading companies.** {md(row['leading_companies'])}",
                          row["restrictions"] and f":orange[**Restriction.**] {md(row['restrictions'])}",
                          f"**Entry approach the source suggests.** {md(row['entry_approach'])}")
        st.caption(md(f"For foreign entrants: {row['foreign_entry_notes']}"))


def channel_card(row: dict, selected: bool = False) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if selected:
            st.badge("Chosen in the filter", icon=":material/check:", color="blue")
        layout.paragraphs(f"**Who qualifies.** {md(row['eligibility'])}", f"**What it gives.** {md(row['benefits'])}",
                          f"**How fast.** {md(row['timeline'])}", row["notes"] and f"**Note.** {md(row['notes'])}")
        quote_line(row["quote"], row["source_id"])


def entry_point_card(group: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{md(group['kind_label'])}**")
        layout.paragraphs(*(md(offer) for offer in group["offers"]))
        st.caption(md(" · ".join(group["places"])))


# --- Explorer ---------------------------------------------------------------------------------
with explore_tab:
    barrier_names = dict(zip(barriers["name"], barriers["barrier_id"]))
    url_state.check_choices("strategy.barrier", list(barrier_names))
    url_state.check_choices("strategy.mode", list(option_names.values()))
    row_filters = st.columns(2)
    barrier_id = barrier_names.get(row_filters[0].selectbox(
        "Barrier", list(barrier_names), index=None, key="strategy.barrier", bind="query-params",
        placeholder="All barriers", help="Show one barrier and the verticals it bites."))
    mode_name = row_filters[1].selectbox(
        "Entry mode or channel", list(option_names.values()), index=None, key="strategy.mode",
        bind="query-params", placeholder="All entry modes and channels",
        help="Highlight one route and show the verticals the source suggests it for.")
    option_id = next((k for k, v in option_names.items() if v == mode_name), None)

    if vertical_id:
        vertical = verticals.set_index("vertical_id").loc[vertical_id]
        fitting = strategy.vertical_options(rules, options, vertical_id)
        vertical_companies = strategy.companies_in_view(companies, provinces, segment_ids=(vertical["segment_id"],),
                                                        regions=chosen_filters.regions)
        st.subheader(f"{vertical_name}: at a glance", anchor=False)
        glance = st.columns(3)
        with glance[0].container(border=True, height="stretch"):
            st.markdown("**Barriers that bite hardest**")
            st.caption(":red[●] bites hardest · :orange[○] also bites")
            for link in strategy.barrier_links(links, vertical_id).merge(
                    barriers[["barrier_id", "name"]], on="barrier_id").to_dict("records"):
                mark = ":red[●]" if link["strength"] == "high" else ":orange[○]"
                st.markdown(f"{mark} **{md(link['name'])}**: {md(link['reason'])}")
        with glance[1].container(border=True, height="stretch"):
            st.markdown("**Fitting entry modes and channels**")
            for fit in fitting.to_dict("records"):
                st.markdown(f":green[✔] **{md(fit['name'])}**: {md(fit['reason'])}")
            if fitting.empty:
                st.markdown("The source names no entry mode or channel for this vertical.")
            st.markdown(f"**The source suggests:** {md(vertical['entry_approach'])}")
        with glance[2].container(border=True, height="stretch"):
            st.markdown("**Companies in this vertical**")
            if vertical_companies.empty:
                st.markdown("None in the selected region.")
            else:
                st.markdown("\n".join(
                    f"- {md(c['name'])}" + (f" ({md(c['hq_city'])})" if c["hq_city"] else "")
                    for c in vertical_companies.to_dict("records")))
        layout.source_caption(strategy.barrier_links(links, vertical_id), fitting, vertical_companies)

    st.subheader("Barriers and how companies got past them", anchor=False)
    barrier_view = strategy.barriers_in_view(barriers, links, vertical_id, barrier_id)
    grid(barrier_view.to_dict("records"), 2, lambda row: barrier_card(row, vertical_name))
    layout.source_caption(barrier_view)
    layout.csv_download(barrier_view, "barriers", key="strategy.barriers.csv")

    st.subheader("Investment verticals", anchor=False)
    vertical_view = strategy.verticals_in_view(verticals, links, rules, segment_ids=chosen_filters.segment_ids,
                                               vertical_id=vertical_id, barrier_id=barrier_id, option_id=option_id)
    if vertical_view.empty:
        layout.empty_state("No vertical matches these filters: the source ties no vertical to this combination.")
    else:
        grid(vertical_view.to_dict("records"), 3, vertical_card)
        layout.source_caption(vertical_view)
        layout.csv_download(vertical_view, "verticals", key="strategy.verticals.csv")

    st.subheader("Entry modes side by side", anchor=False)
    matrix = strategy.entry_mode_matrix(entry_modes)

    def _style(frame: pd.DataFrame) -> pd.DataFrame:
        # What the source does not say reads quieter; the route chosen in the filter stands out.
        css = frame.map(lambda v: f"color: {theme.MUTED_TEXT}; font-style: italic"
                        if str(v).startswith(strategy.NOT_STATED) else "")
        if mode_name in frame.columns:
            css[mode_name] = css[mode_name] + f"; background-color: {theme.GRID}; font-weight: 600"
        return css

    st.table(matrix.style.apply(_style, axis=None))
    layout.source_caption(entry_modes, note="“Not stated in the source” marks what the article does not say.")
    layout.csv_download(entry_modes, "entry-modes", key="strategy.entry_modes.csv")

    st.subheader("Fast-track channels", anchor=False)
    grid(channels.to_dict("records"), 2, lambda row: channel_card(row, row["channel_id"] == option_id))
    layout.csv_download(channels, "fast-track-channels", key="strategy.channels.csv")

    st.subheader("Where to start: pilot zones, parks, accelerators", anchor=False)
    points = strategy.entry_points(places, provinces, chosen_filters.regions)
    if points.empty:
        layout.empty_state("No entry points in the selected region: the sources name none there.")
    else:
        grid(strategy.entry_point_groups(points), 4, entry_point_card)
        layout.source_caption(points)
        layout.csv_download(points, "entry-points", key="strategy.places.csv")

    st.subheader("Policies and incentives", anchor=False)
    st.table(strategy.policy_table(policies))
    layout.source_caption(policies)
    layout.csv_download(policies, "policies", key="strategy.policies.csv")

    st.subheader("Companies", anchor=False)
    segment_scope = (verticals.set_index("vertical_id").loc[vertical_id, "segment_id"],) if vertical_id \
        else chosen_filters.segment_ids
    company_view = strategy.companies_in_view(companies, provinces, segment_ids=segment_scope,
                                              regions=chosen_filters.regions)
    if company_view.empty:
        layout.empty_state("No company matches these filters.")
    else:
        st.table(strategy.company_table(company_view))
        layout.source_caption(company_view, columns=("source_id", "hq_source_id"))
        layout.csv_download(company_view, "companies", key="strategy.companies.csv")


# --- Entry-path finder ------------------------------------------------------------------------
def recommendation_card(rank: int, rec: strategy.Recommendation) -> None:
    with st.container(border=True):
        head = st.columns([0.7, 0.3], vertical_alignment="center")
        head[0].markdown(f"### {rank}. {md(rec.name)}")
        head[1].badge(md(f"{strategy.fit_label(rec.score)} · score {rec.score}"),
                      color="green" if rec.score >= 3 else "gray")
        st.caption(md(rec.kind))
        quoted: set[str] = set()
        for mark, reason in [(":green[✔]", r) for r in rec.reasons_for] + [(":red[✘]", r) for r in rec.reasons_against]:
            st.markdown(f"{mark} {md(reason.text)}")
            if reason.quote not in quoted:  # two rules resting on one sentence: quote it once
                quote_line(reason.quote, reason.source_id)
                quoted.add(reason.quote)


with finder_tab:
    answers: dict[str, str | None] = {"vertical": vertical_id}
    ask, result = st.columns([0.34, 0.66], gap="large")
    with ask:
        st.markdown("**Answer what you can; the short list updates as you go.**")
        st.markdown(f"**1. Vertical:** {md(vertical_name or 'not chosen (pick one above the tabs)')}")
        for number, question in enumerate(strategy.QUESTIONS, start=2):
            key = f"strategy.{question.qid}"
            url_state.check_choices(key, question.labels)
            label = st.segmented_control(f"{number}. {question.prompt}", question.labels, key=key,
                                         bind="query-params", help=question.help)
            answers[question.qid] = question.code_for(label)

    shortlist, ruled_out = strategy.rank_entry_paths(rules, options, answers)
    with result:
        if not any(answers.values()):
            st.info("Answer at least one question to get a ranked short list of entry modes and channels.",
                    icon=":material/quiz:")
        else:
            st.subheader("Your short list", anchor=False)
            st.caption("Ranked by the rules in data/entry_rules.csv: each answer adds or subtracts weight for a "
                       "route; every reason shows the sentence it rests on.")
            if shortlist:
                st.success(md(strategy.headline(shortlist)), icon=":material/route:")
            else:
                layout.empty_state("No route scores above zero for these answers; see below why the others drop out.")
            for rank, rec in enumerate(shortlist, start=1):
                recommendation_card(rank, rec)
            table = strategy.shortlist_table(shortlist)
            if not table.empty:
                layout.csv_download(table, "entry-path-short-list", key="strategy.shortlist.csv",
                                    label="Download the short list (CSV)")
            if ruled_out:
                st.markdown("**Not a fit for these answers**")
                for rec in ruled_out:
                    st.markdown(f":red[✘] **{md(rec.name)}**: "
                                + md(" ".join(r.text for r in rec.reasons_against)))

        if vertical_id:
            vertical = verticals.set_index("vertical_id").loc[vertical_id]
            with st.container(border=True):
                st.markdown(f"**What the source suggests for {md(vertical_name)}:** {md(vertical['entry_approach'])}")
                if vertical["restrictions"]:
                    st.markdown(f":orange[**Restriction.**] {md(vertical['restrictions'])}")
                quote_line(vertical["quote"], vertical["source_id"])

        st.subheader("Barriers to plan for", anchor=False)
        plan = strategy.barriers_in_view(barriers, links, vertical_id, None)
        if vertical_id:
            plan = plan[plan["strength"] != ""]
            st.caption(md(f"The barriers the source ties to {vertical_name}, hardest first, with the strategy it "
                          "recommends."))
        else:
            st.caption("All barriers: choose a vertical to see the ones that bite hardest for it.")
        for row in plan.to_dict("records"):
            with st.container(border=True):
                tag = {"high": ":red[**Bites hardest.**] ", "medium": ":orange[**Also bites.**] "}.get(row["strength"], "")
                st.markdown(f"**{md(row['name'])}.** {tag}{md(row['link_reason'] or row['challenge'])}")
                st.markdown(f"**Strategy.** {md(row['strategy'])}")
        layout.source_caption(plan)
