"""Barriers & strategy: what stands in a foreign entrant's way, and which route in fits.

Two tabs share one vertical choice: the explorer (barriers, verticals, entry
modes, fast-track channels, entry points, policies, companies, linked to the
chosen vertical) and the entry-path finder (a few answers -> a ranked short
list with reasons and source sentences). Layout only:
components.views.barriers_strategy computes everything shown here (the rules
live in data/entry_rules.csv and components/domain/strategy.py). Every control is in
the URL under "strategy.".
"""
import pandas as pd
import streamlit as st

from components.ui import export_ui, filters, layout, markdown, presentation, url_state, view_runner
from components.views import barriers_strategy as model

md = markdown.md
presenting = presentation.presenting()
chosen_filters = filters.current()
inputs = view_runner.view_or_stop("barriers_strategy", "inputs", chosen_filters)
layout.page_header("Barriers & strategy", inputs.finding)
# Presenting, the slide's table (barrier -> strategy, as the export's slide has it) follows the finding directly.
slide_area = st.container() if presenting else None
for problem in inputs.rule_problems:
    st.warning(md(f"This rule is ignored: {problem}."), icon=":material/rule:")


def quote_line(quote: str, source: str) -> None:
    st.caption(md(f"“{quote}” — {source}"))


def grid(rows, per_row: int, draw) -> None:
    """Cards in rows of `per_row`, equal heights within a row."""
    rows = list(rows)
    for start in range(0, len(rows), per_row):
        cols = st.columns(per_row)
        for col, row in zip(cols, rows[start:start + per_row]):
            with col:
                draw(row)


def barrier_card(row: dict, vertical_label: str | None) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row.get("strength"):
            text = "Bites hardest" if row["strength"] == "high" else "Also bites"
            st.badge(md(f"{text} for {vertical_label}"), icon=":material/priority_high:",
                     color="red" if row["strength"] == "high" else "orange")
            st.markdown(f"*{md(row['link_reason'])}*")
            quote_line(row["link_quote"], row["source_name"])
        elif vertical_label:
            st.caption(md(f"The source does not tie this barrier to {vertical_label} directly."))
        layout.paragraphs(f"**Challenge.** {md(row['challenge'])}",
                          f"**Example: {md(row['example_company'])}.** {md(row['example'])}",
                          f"**Strategy.** {md(row['strategy'])}")


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


def channel_card(row: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row["selected"]:
            st.badge("Chosen in the filter", icon=":material/check:", color="blue")
        layout.paragraphs(f"**Who qualifies.** {md(row['eligibility'])}", f"**What it gives.** {md(row['benefits'])}",
                          f"**How fast.** {md(row['timeline'])}", row["notes"] and f"**Note.** {md(row['notes'])}")
        quote_line(row["quote"], row["source_name"])


def entry_point_card(group: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{md(group['kind_label'])}**")
        layout.paragraphs(*(md(offer) for offer in group["offers"]))
        st.caption(md(" · ".join(group["places"])))


def recommendation_card(route: model.Route) -> None:
    with st.container(border=True):
        head = st.columns([0.7, 0.3], vertical_alignment="center")
        head[0].markdown(f"### {route.rank}. {md(route.name)}")
        head[1].badge(md(route.badge), color="green" if route.good else "gray")
        st.caption(md(route.kind))
        for line in route.reasons:
            st.markdown(f"{':green[✔]' if line.supports else ':red[✘]'} {md(line.text)}")
            if line.quote:
                quote_line(line.quote, line.source)


# --- The controls: the vertical drives both tabs; each tab's own controls sit at its top -----------
url_state.check_choices("strategy.vertical", inputs.verticals)
pick = st.columns([0.4, 0.6], vertical_alignment="bottom")
vertical_name = pick[0].selectbox(
    "Investment vertical (applies to both tabs)", inputs.verticals, index=None, key="strategy.vertical",
    bind="query-params", placeholder="All verticals",
    help="Choose a vertical to see the barriers that bite hardest for it, the entry routes the source suggests "
         "and the companies in it. The sidebar's segment filter narrows this list.")
pick[1].caption(md(f"Sidebar filters: {inputs.filters_text}. Every answer and filter is in the page address: "
                   "copy it to share this view."))

url_state.check_choices("strategy.tab", model.TABS)
explore_tab, finder_tab = st.tabs(model.TABS, key="strategy.tab", bind="query-params")
with explore_tab:
    url_state.check_choices("strategy.barrier", inputs.barriers)
    url_state.check_choices("strategy.mode", inputs.modes)
    row_filters = st.columns(2)
    barrier_name = row_filters[0].selectbox(
        "Barrier", inputs.barriers, index=None, key="strategy.barrier", bind="query-params",
        placeholder="All barriers", help="Show one barrier and the verticals it bites.")
    mode_name = row_filters[1].selectbox(
        "Entry mode or channel", inputs.modes, index=None, key="strategy.mode",
        bind="query-params", placeholder="All entry modes and channels",
        help="Highlight one route and show the verticals the source suggests it for.")
    explorer = st.container()
with finder_tab:
    ask, result = st.columns([0.34, 0.66], gap="large")
    answers = []
    with ask:
        st.markdown("**Answer what you can; the short list updates as you go.**")
        st.markdown(f"**1. Vertical:** {md(vertical_name or 'not chosen (pick one above the tabs)')}")
        for number, question in enumerate(model.QUESTIONS, start=2):
            key = f"strategy.{question.qid}"
            url_state.check_choices(key, question.labels)
            answers.append(st.segmented_control(f"{number}. {question.prompt}", question.labels, key=key,
                                                bind="query-params", help=question.help))

view = view_runner.view_or_stop("barriers_strategy", "build", chosen_filters,
                                model.Settings(vertical_name, barrier_name, mode_name, tuple(answers)))
export_ui.register(*view.slides)

if slide_area is not None:
    table = view.barrier_table
    with slide_area, layout.key_visual():
        st.markdown(f"**{md(table.heading)}**")
        # The source column is the line under the table; a cell's line breaks read as " · " in one HTML cell.
        shown = [column for column in table.columns if column != "Source"]
        st.table(pd.DataFrame([[cell.replace("\n", " · ") for cell, column in zip(row, table.columns)
                                if column != "Source"] for row in table.rows], columns=shown), hide_index=True)
        layout.source_line(table.source_ids)

# --- Explorer ---------------------------------------------------------------------------------
with explorer:
    if view.glance:
        glance = view.glance
        st.subheader(f"{glance.name}: at a glance", anchor=False)
        columns = st.columns(3)
        with columns[0].container(border=True, height="stretch"):
            st.markdown("**Barriers that bite hardest**")
            st.caption(":red[●] bites hardest · :orange[○] also bites")
            for strength, name, reason in glance.barriers:
                st.markdown(f"{':red[●]' if strength == 'high' else ':orange[○]'} **{md(name)}**: {md(reason)}")
        with columns[1].container(border=True, height="stretch"):
            st.markdown("**Fitting entry modes and channels**")
            for name, reason in glance.routes:
                st.markdown(f":green[✔] **{md(name)}**: {md(reason)}")
            if not glance.routes:
                st.markdown("The source names no entry mode or channel for this vertical.")
            st.markdown(f"**The source suggests:** {md(glance.entry_approach)}")
        with columns[2].container(border=True, height="stretch"):
            st.markdown("**Companies in this vertical**")
            if not glance.companies:
                st.markdown("None in the selected region.")
            else:
                st.markdown("\n".join(f"- {md(name)}" + (f" ({md(city)})" if city else "")
                                      for name, city in glance.companies))
        layout.source_line(glance.source_ids)

    st.subheader("Barriers and how companies got past them", anchor=False)
    grid(view.barrier_cards, 2, lambda row: barrier_card(row, view.barrier_label))
    layout.source_caption(view.barriers)
    layout.csv_download(view.barriers, "barriers", key="strategy.barriers.csv")

    st.subheader("Investment verticals", anchor=False)
    if view.verticals.empty:
        layout.empty_state("No vertical matches these filters: the source ties no vertical to this combination.")
    else:
        grid(view.verticals.to_dict("records"), 3, vertical_card)
        layout.source_caption(view.verticals)
        layout.csv_download(view.verticals, "verticals", key="strategy.verticals.csv")

    st.subheader("Entry modes side by side", anchor=False)
    st.table(view.matrix.style.apply(lambda _: view.matrix_css, axis=None))
    layout.source_caption(view.entry_modes, note="“Not stated in the source” marks what the article does not say.")
    layout.csv_download(view.entry_modes, "entry-modes", key="strategy.entry_modes.csv")

    st.subheader("Fast-track channels", anchor=False)
    grid(view.channel_cards, 2, channel_card)
    layout.csv_download(view.channels, "fast-track-channels", key="strategy.channels.csv")

    st.subheader("Where to start: pilot zones, parks, accelerators", anchor=False)
    if view.entry_points.empty:
        layout.empty_state("No entry points in the selected region: the sources name none there.")
    else:
        grid(view.entry_point_groups, 4, entry_point_card)
        layout.source_caption(view.entry_points)
        layout.csv_download(view.entry_points, "entry-points", key="strategy.places.csv")

    st.subheader("Policies and incentives", anchor=False)
    st.table(view.policy_table)
    layout.source_caption(view.policies)
    layout.csv_download(view.policies, "policies", key="strategy.policies.csv")

    st.subheader("Companies", anchor=False)
    if view.companies.empty:
        layout.empty_state("No company matches these filters.")
    else:
        st.table(view.company_table)
        layout.source_caption(view.companies, columns=("source_id", "hq_source_id"))
        layout.csv_download(view.companies, "companies", key="strategy.companies.csv")

# --- Entry-path finder ------------------------------------------------------------------------
with result:
    if not view.answered:
        st.info("Answer at least one question to get a ranked short list of entry modes and channels.",
                icon=":material/quiz:")
    else:
        st.subheader("Your short list", anchor=False)
        st.caption("Ranked by the rules in data/entry_rules.csv: each answer adds or subtracts weight for a "
                   "route; every reason shows the sentence it rests on.")
        if view.routes:
            st.success(md(view.headline), icon=":material/route:")
        else:
            layout.empty_state("No route scores above zero for these answers; see below why the others drop out.")
        for route in view.routes:
            recommendation_card(route)
        if not view.shortlist_csv.empty:
            layout.csv_download(view.shortlist_csv, "entry-path-short-list", key="strategy.shortlist.csv",
                                label="Download the short list (CSV)")
        if view.ruled_out:
            st.markdown("**Not a fit for these answers**")
            for name, why_not in view.ruled_out:
                st.markdown(f":red[✘] **{md(name)}**: " + md(why_not))

    if view.suggestion:
        tip = view.suggestion
        with st.container(border=True):
            st.markdown(f"**What the source suggests for {md(tip.vertical)}:** {md(tip.entry_approach)}")
            if tip.restrictions:
                st.markdown(f":orange[**Restriction.**] {md(tip.restrictions)}")
            quote_line(tip.quote, tip.source)

    st.subheader("Barriers to plan for", anchor=False)
    st.caption(md(view.plan_caption))
    for name, strength, why, strategy_text in view.plan:
        with st.container(border=True):
            tag = {"high": ":red[**Bites hardest.**] ", "medium": ":orange[**Also bites.**] "}.get(strength, "")
            st.markdown(f"**{md(name)}.** {tag}{md(why)}")
            st.markdown(f"**Strategy.** {md(strategy_text)}")
    layout.source_line(view.plan_source_ids)
