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

from components.ui import export_ui, filters, layout, markdown, presentation, sections, url_state, view_runner
from components.views import barriers_strategy as model
from components.i18n import _

md = markdown.md
presenting = presentation.presenting()
chosen_filters = filters.current()
inputs = view_runner.view_or_stop("barriers_strategy", "inputs", chosen_filters)
layout.page_header(_("Barriers & strategy"), inputs.finding)
# Presenting, the slide's table (barrier -> strategy, as the export's slide has it) follows the finding directly.
slide_area = st.container() if presenting else None
for problem in inputs.rule_problems:
    st.warning(md(_("This rule is ignored: {problem}.").format(problem=problem)), icon=":material/rule:")


def quote_line(quote: str, source: str) -> None:
    st.caption(md(f"{layout.original(quote)} — {source}"))


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
            text = _(model.STRENGTH_WORDS["high" if row["strength"] == "high" else "medium"])
            st.badge(md(_("{strength} for {vertical}").format(strength=text, vertical=vertical_label)),
                     icon=":material/priority_high:",
                     color="red" if row["strength"] == "high" else "orange")
            st.markdown(f"*{md(row['link_reason'])}*")
            quote_line(row["link_quote"], row["source_name"])
        elif vertical_label:
            st.caption(md(_("The source does not tie this barrier to {vertical} directly.").format(
                vertical=vertical_label)))
        layout.paragraphs(_("**Challenge.** {text}").format(text=md(row["challenge"])),
                          _("**Example: {company}.** {text}").format(company=md(row["example_company"]),
                                                                   text=md(row["example"])),
                          _("**Strategy.** {text}").format(text=md(row["strategy"])))


def vertical_card(row: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row["maturity"]:
            st.badge(md(layout.quote_mark(row['maturity'])), color="blue", help=_("The source's own words"))
        layout.paragraphs(md(row["description"]), _("**Use cases.** {text}").format(text=md(row["use_cases"])),
                          _("**Leading companies.** {text}").format(text=md(row["leading_companies"])),
                          row["restrictions"] and _(":orange[**Restriction.**] {text}").format(
                              text=md(row["restrictions"])),
                          _("**Entry approach the source suggests.** {text}").format(text=md(row["entry_approach"])))
        st.caption(md(_("For foreign entrants: {text}").format(text=row["foreign_entry_notes"])))


def channel_card(row: dict) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"#### {md(row['name'])}")
        if row["selected"]:
            st.badge(_("Chosen in the filter"), icon=":material/check:", color="blue")
        layout.paragraphs(_("**Who qualifies.** {text}").format(text=md(row["eligibility"])),
                          _("**What it gives.** {text}").format(text=md(row["benefits"])),
                          _("**How fast.** {text}").format(text=md(row["timeline"])),
                          row["notes"] and _("**Note.** {text}").format(text=md(row["notes"])))
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
# Options stay the data's (English) names, which the URL carries; they are shown translated (inputs.label).
url_state.check_choices("strategy.vertical", inputs.verticals)
pick = st.columns([0.4, 0.6], vertical_alignment="bottom")
vertical_name = url_state.choice(
    pick[0].selectbox, _("Investment vertical (applies to both tabs)"), inputs.verticals, index=None,
    key="strategy.vertical", format_func=inputs.label, placeholder=_("All verticals"),
    help=_("Choose a vertical to see the barriers that bite hardest for it, the entry routes the source suggests "
           "and the companies in it. The sidebar's segment filter narrows this list."))
pick[1].caption(md(_("Sidebar filters: {filters}. Every answer and filter is in the page address: copy it to share "
                     "this view.").format(filters=inputs.filters_text)))

# Only the open tab runs; the finder's answers rerun only the finder (components.ui.sections).
explore_tab, finder_tab = url_state.tabs(model.TABS, key="strategy.tab").values()


def url_choice(key: str, allowed) -> str | None:
    """A control of the closed tab, as the URL sets it (its widget is not drawn this run)."""
    valid = url_state.check_choices(key, allowed)
    return valid[0] if valid else None


def explorer(view) -> None:
    if view.glance:
        glance = view.glance
        st.subheader(_("{vertical}: at a glance").format(vertical=glance.name), anchor=False)
        columns = st.columns(3)
        with columns[0].container(border=True, height="stretch"):
            st.markdown(_("**Barriers that bite hardest**"))
            st.caption(_(":red[●] bites hardest · :orange[○] also bites"))
            for strength, name, reason in glance.barriers:
                st.markdown(f"{':red[●]' if strength == 'high' else ':orange[○]'} **{md(name)}**: {md(reason)}")
        with columns[1].container(border=True, height="stretch"):
            st.markdown(_("**Fitting entry modes and channels**"))
            for name, reason in glance.routes:
                st.markdown(f":green[✔] **{md(name)}**: {md(reason)}")
            if not glance.routes:
                st.markdown(_("The source names no entry mode or channel for this vertical."))
            st.markdown(_("**The source suggests:** {text}").format(text=md(glance.entry_approach)))
        with columns[2].container(border=True, height="stretch"):
            st.markdown(_("**Companies in this vertical**"))
            if not glance.companies:
                st.markdown(_("None in the selected region."))
            else:
                st.markdown("\n".join(f"- {md(name)}" + (_(" ({city})").format(city=md(city)) if city else "")
                                      for name, city in glance.companies))
        layout.source_line(glance.source_ids)

    st.subheader(_("Barriers and how companies got past them"), anchor=False)
    grid(view.barrier_cards, 2, lambda row: barrier_card(row, view.barrier_label))
    layout.source_caption(view.barriers)
    layout.csv_download(view.barriers, "barriers", key="strategy.barriers.csv")

    st.subheader(_("Investment verticals"), anchor=False)
    if view.verticals.empty:
        layout.empty_state(_("No vertical matches these filters: the source ties no vertical to this combination."))
    else:
        grid(view.vertical_cards, 3, vertical_card)
        layout.source_caption(view.verticals)
        layout.csv_download(view.verticals, "verticals", key="strategy.verticals.csv")

    st.subheader(_("Entry modes side by side"), anchor=False)
    st.table(view.matrix.style.apply(lambda _frame: view.matrix_css, axis=None))
    layout.source_caption(view.entry_modes, note=_("“Not stated in the source” marks what the article does not say."))
    layout.csv_download(view.entry_modes, "entry-modes", key="strategy.entry_modes.csv")

    st.subheader(_("Fast-track channels"), anchor=False)
    grid(view.channel_cards, 2, channel_card)
    layout.csv_download(view.channels, "fast-track-channels", key="strategy.channels.csv")

    st.subheader(_("Where to start: pilot zones, parks, accelerators"), anchor=False)
    if view.entry_points.empty:
        layout.empty_state(_("No entry points in the selected region: the sources name none there."))
    else:
        grid(view.entry_point_groups, 4, entry_point_card)
        layout.source_caption(view.entry_points)
        layout.csv_download(view.entry_points, "entry-points", key="strategy.places.csv")

    st.subheader(_("Policies and incentives"), anchor=False)
    st.table(view.policy_table)
    layout.source_caption(view.policies)
    layout.csv_download(view.policies, "policies", key="strategy.policies.csv")

    st.subheader(_("Companies"), anchor=False)
    if view.companies.empty:
        layout.empty_state(_("No company matches these filters."))
    else:
        st.table(view.company_table)
        layout.source_caption(view.companies, columns=("source_id", "hq_source_id"))
        layout.csv_download(view.companies, "companies", key="strategy.companies.csv")


@sections.section
def finder(vertical_name: str | None, barrier_name: str | None, mode_name: str | None) -> None:
    """The entry-path finder: its answers rerun only this tab."""
    ask, result = st.columns([0.34, 0.66], gap="large")
    answers = []
    with ask:
        st.markdown(_("**Answer what you can; the short list updates as you go.**"))
        st.markdown(_("**1. Vertical:** {vertical}").format(
            vertical=md(inputs.label(vertical_name) if vertical_name else _("not chosen (pick one above the tabs)"))))
        for number, question in enumerate(model.QUESTIONS, start=2):
            key = f"strategy.{question.qid}"
            url_state.check_choices(key, question.labels)
            answers.append(url_state.choice(st.segmented_control, f"{number}. {_(question.prompt)}", question.labels,
                                            key=key, format_func=_, help=_(question.help)))
    view = view_runner.view_or_stop("barriers_strategy", "build", chosen_filters,
                                    model.Settings(vertical_name, barrier_name, mode_name, tuple(answers)))
    export_ui.register(*view.slides)
    with result:
        if not view.answered:
            st.info(_("Answer at least one question to get a ranked short list of entry modes and channels."),
                    icon=":material/quiz:")
        else:
            st.subheader(_("Your short list"), anchor=False)
            st.caption(_("Ranked by the rules in data/entry_rules.csv: each answer adds or subtracts weight for a "
                         "route; every reason shows the sentence it rests on."))
            if view.routes:
                st.success(md(view.headline), icon=":material/route:")
            else:
                layout.empty_state(_("No route scores above zero for these answers; see below why the others drop "
                                     "out."))
            for route in view.routes:
                recommendation_card(route)
            if not view.shortlist_csv.empty:
                layout.csv_download(view.shortlist_csv, "entry-path-short-list", key="strategy.shortlist.csv",
                                    label=_("Download the short list (CSV)"))
            if view.ruled_out:
                st.markdown(_("**Not a fit for these answers**"))
                for name, why_not in view.ruled_out:
                    st.markdown(f":red[✘] **{md(name)}**: " + md(why_not))

        if view.suggestion:
            tip = view.suggestion
            with st.container(border=True):
                st.markdown(_("**What the source suggests for {vertical}:** {text}").format(
                    vertical=md(tip.vertical), text=md(tip.entry_approach)))
                if tip.restrictions:
                    st.markdown(_(":orange[**Restriction.**] {text}").format(text=md(tip.restrictions)))
                quote_line(tip.quote, tip.source)

        st.subheader(_("Barriers to plan for"), anchor=False)
        st.caption(md(view.plan_caption))
        for name, strength, why, strategy_text in view.plan:
            with st.container(border=True):
                tag = {"high": _(":red[**Bites hardest.**] "), "medium": _(":orange[**Also bites.**] ")}.get(strength, "")
                st.markdown(_("**{name}.** {tag}{why}").format(name=md(name), tag=tag, why=md(why)))
                st.markdown(_("**Strategy.** {text}").format(text=md(strategy_text)))
        layout.source_line(view.plan_source_ids)


if slide_area is not None:
    answers = tuple(url_choice(f"strategy.{q.qid}", q.labels) for q in model.QUESTIONS)
    slide_view = view_runner.view_or_stop(
        "barriers_strategy", "build", chosen_filters,
        model.Settings(vertical_name, url_choice("strategy.barrier", inputs.barriers),
                       url_choice("strategy.mode", inputs.modes), answers))
    table = slide_view.barrier_table
    source_column = _("Source")
    with slide_area, layout.key_visual():
        st.markdown(f"**{md(table.heading)}**")
        # The source column is the line under the table; a cell's line breaks read as " · " in one HTML cell.
        shown = [column for column in table.columns if column != source_column]
        st.table(pd.DataFrame([[cell.replace("\n", " · ") for cell, column in zip(row, table.columns)
                                if column != source_column] for row in table.rows], columns=shown), hide_index=True)
        layout.source_line(table.source_ids)

if finder_tab.open:
    with finder_tab:
        finder(vertical_name, url_choice("strategy.barrier", inputs.barriers), url_choice("strategy.mode", inputs.modes))
else:
    with explore_tab:
        url_state.check_choices("strategy.barrier", inputs.barriers)
        url_state.check_choices("strategy.mode", inputs.modes)
        row_filters = st.columns(2)
        barrier_name = url_state.choice(
            row_filters[0].selectbox, _("Barrier"), inputs.barriers, index=None, key="strategy.barrier",
            format_func=inputs.label, placeholder=_("All barriers"),
            help=_("Show one barrier and the verticals it bites."))
        mode_name = url_state.choice(
            row_filters[1].selectbox, _("Entry mode or channel"), inputs.modes, index=None, key="strategy.mode",
            format_func=inputs.label, placeholder=_("All entry modes and channels"),
            help=_("Highlight one route and show the verticals the source suggests it for."))
        answers = tuple(url_choice(f"strategy.{q.qid}", q.labels) for q in model.QUESTIONS)
        view = view_runner.view_or_stop("barriers_strategy", "build", chosen_filters,
                                        model.Settings(vertical_name, barrier_name, mode_name, answers))
        export_ui.register(*view.slides)
        explorer(view)
