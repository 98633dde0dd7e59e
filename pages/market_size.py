"""Market size: every source's estimate side by side, reconciled honestly, with a scenario projector.

Layout only: components.views.market_size computes everything shown here from
the data, the sidebar filters and the controls below, one call per section.
Every control is bound to the URL under the prefix "market.", so a shared link
reproduces the view; an invalid value shows a notice instead of silently
falling back.

What reruns: the value axis reruns the estimates and the open tab (the scenario
chart follows the axis too); a scenario input reruns only the projector; a tab
runs only when it is open (the others' charts are still registered for the
export). The title, finding and key chart stay on top.
"""
import streamlit as st

from components import i18n
from components.i18n import _
from components.ui import export_ui, filters, layout, markdown, presentation, sections, url_state, view_runner
from components.views import market_size as model

RECONCILE, SCENARIO, SEGMENTS, FACTS = model.TABS

inputs = view_runner.view_or_stop("market_size", "inputs")
chosen = filters.current()
presenting = presentation.presenting()

head = view_runner.view_or_stop("market_size", "header", chosen)
layout.page_header(_("Market size"), head.headline)
if head.filter_note:
    st.caption(markdown.md(head.filter_note))


def reconciliation() -> None:
    view = view_runner.view_or_error("market_size", "reconciliation", presenting)
    if view is None:
        return
    for flag in view.path_flags:
        st.warning(f"**{markdown.md(flag.title)}** {markdown.md(flag.detail)}", icon=":material/rule:")
    for text in view.rate_flags:
        st.warning(markdown.md(text), icon=":material/rule:")
    if view.scope_points:
        st.info("**" + _("The sources most likely measure different things.") + "**\n" +
                "".join(f"\n- {markdown.md(point)}" for point in view.scope_points), icon=":material/compare_arrows:")

    left, right = st.columns([3, 2], gap="large")
    with left:
        if view.implied_chart is not None:
            layout.show_chart(view.implied_chart)
    with right:
        st.markdown("**" + _("Spread between sources, for each year more than one covers") + "**")
        for spread in view.spreads:
            with st.container(border=True):
                st.markdown("**" + _("{year}:").format(year=spread.year) + f"** {markdown.md(spread.summary)}")
                st.caption(markdown.md(spread.figures))
        st.caption(_("Ranges count with both ends: the lowest figure may be the low end of a range."))
        layout.source_line(view.spread_source_ids)
        layout.csv_download(view.spread_table, "market-spread", key="market.spread.csv")

    st.markdown(_("**Implied growth between each pair of a source's own figures** (computed here, not stated by "
                  "the sources)"))
    st.dataframe(view.implied_table, hide_index=True, width="stretch", column_config={
        "series_name": st.column_config.TextColumn(_("Source"), width="large"),
        "pair": st.column_config.TextColumn(_("Between"), width="small"),
        "from_figure": st.column_config.TextColumn(_("From"), width="small"),
        "to_figure": st.column_config.TextColumn(_("To"), width="small"),
        "implied": st.column_config.TextColumn(_("Implied growth a year"), width="large"),
        "stated_cagr": st.column_config.TextColumn(_("Stated"), width="small"),
        "stated_period": st.column_config.TextColumn(_("Stated for"), width="small"),
        "check": st.column_config.TextColumn(_("Check"), width="medium")})
    layout.source_line(view.implied_source_ids)


def scenario_controls() -> model.Settings:
    """The projector's inputs (URL-bound), as Settings with the value axis read from the estimates' control."""
    # Validate before the widgets read the URL (Streamlit drops invalid bound values silently).
    url_state.check_choices("market.base", inputs.base_labels)
    url_state.check_choices("market.rate", inputs.rate_labels)
    url_state.check_choices("market.custom_year", inputs.custom_years)
    url_state.check_choices("market.horizon", inputs.horizons)
    url_state.read_number("market.custom_base", inputs.custom_base, *model.CUSTOM_BASE_RANGE)
    url_state.read_number("market.custom_rate", inputs.custom_rate, *model.CUSTOM_RATE_RANGE)

    custom_value = custom_year = custom_rate = None
    c_base, c_rate, c_horizon = st.columns([5, 4, 2], gap="large")
    with c_base:
        # Options are English labels (the URL values), shown in the current language: url_state.choice, not bind.
        base_shown = dict(zip(inputs.base_labels, inputs.base_shown))
        base_label = url_state.choice(st.selectbox, _("Starting value"), inputs.base_labels, key="market.base",
                                      format_func=lambda label: base_shown.get(label, label),
                                      index=inputs.base_index, default=inputs.base_labels[inputs.base_index])
        if base_label == model.CUSTOM_BASE:
            sub = st.columns(2)
            custom_value = sub[0].number_input(_("Custom value, USD billion"), min_value=model.CUSTOM_BASE_RANGE[0],
                                               max_value=model.CUSTOM_BASE_RANGE[1], value=inputs.custom_base,
                                               step=0.1, format="%.2f", key="market.custom_base", bind="query-params")
            custom_year = sub[1].selectbox(_("In year"), inputs.custom_years, index=inputs.custom_year_index,
                                           key="market.custom_year", bind="query-params")
    with c_rate:
        rate_shown = dict(zip(inputs.rate_labels, inputs.rate_shown))
        rate_label = url_state.choice(st.selectbox, _("Growth rate"), inputs.rate_labels, key="market.rate",
                                      format_func=lambda label: rate_shown.get(label, label),
                                      index=inputs.rate_index, default=inputs.rate_labels[inputs.rate_index])
        if rate_label == model.CUSTOM_RATE:
            custom_rate = st.number_input(_("Custom growth rate, % a year"), min_value=model.CUSTOM_RATE_RANGE[0],
                                          max_value=model.CUSTOM_RATE_RANGE[1], value=inputs.custom_rate, step=0.5,
                                          format="%.1f", key="market.custom_rate", bind="query-params")
    with c_horizon:
        horizon = st.radio(_("Project to"), inputs.horizons, key="market.horizon", bind="query-params",
                           horizontal=True,
                           help=_("Beyond the last year a source covers, the path is pure extrapolation."))
    return model.Settings(scale=url_state.value("market.scale", model.SCALES[0]) or model.SCALES[0], base=base_label,
                          rate=rate_label, custom_base=custom_value,
                          custom_year=int(custom_year) if custom_year else None, custom_rate=custom_rate,
                          horizon=int(horizon), presentation=presenting)


@sections.section
def scenario() -> None:
    """The scenario projector: its inputs rerun only this section."""
    st.caption(_("Pick a starting value and a growth rate; the path compounds year by year. The link in the "
                 "address bar reproduces the scenario."))
    view = view_runner.view_or_error("market_size", "scenario", scenario_controls())
    if view is None:
        return
    st.markdown(_("**Scenario:** {sentence}").format(sentence=markdown.md(view.scenario_sentence)))
    metric_cols = st.columns([1, 1, 2], gap="medium")
    if view.scenario_at_last is not None:
        metric_cols[0].metric(view.scenario_at_last.label, view.scenario_at_last.value, border=True)
        metric_cols[2].markdown(f"**{view.verdict_heading}**\n"
                                + "".join(f"\n- {markdown.md(v)}" for v in view.verdicts))
    if view.scenario_at_horizon is not None:
        metric_cols[1].metric(view.scenario_at_horizon.label, view.scenario_at_horizon.value, border=True,
                              help=view.scenario_at_horizon.help)
    layout.show_chart(view.projection_chart)
    with st.expander(_("Scenario year by year"), expanded=False):
        table, value_format = view.projection_table, "%.2f"
        if i18n.current() == "zh":  # 亿美元 (10^8), as every other figure in Chinese: the same value, ×10
            table, value_format = table.assign(scenario_usd_bn=table["scenario_usd_bn"] * 10), "%.1f"
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "year": st.column_config.NumberColumn(_("Year"), format="%d"),
            "scenario_usd_bn": st.column_config.NumberColumn(_("Scenario (US$ bn)"), format=value_format)})


def scenario_for_export(scale: str) -> None:
    """The scenario's chart as the URL sets it, registered for the export while its tab is closed."""
    def choice(key, allowed):
        valid = url_state.check_choices(key, allowed)
        return valid[0] if valid else None

    base, rate = choice("market.base", inputs.base_labels), choice("market.rate", inputs.rate_labels)
    custom_year, horizon = choice("market.custom_year", inputs.custom_years), choice("market.horizon", inputs.horizons)
    custom_base = url_state.read_number("market.custom_base", inputs.custom_base, *model.CUSTOM_BASE_RANGE)
    custom_rate = url_state.read_number("market.custom_rate", inputs.custom_rate, *model.CUSTOM_RATE_RANGE)
    settings = model.Settings(
        scale=scale, base=base or inputs.base_labels[inputs.base_index],
        rate=rate or inputs.rate_labels[inputs.rate_index],
        custom_base=custom_base if base == model.CUSTOM_BASE else None,
        custom_year=int(custom_year or inputs.custom_years[inputs.custom_year_index]) if base == model.CUSTOM_BASE
        else None,
        custom_rate=custom_rate if rate == model.CUSTOM_RATE else None,
        horizon=int(horizon or inputs.horizons[0]), presentation=presenting)
    view = view_runner.view_or_error("market_size", "scenario", settings)
    if view is not None:
        export_ui.register(view.projection_chart)


def segments() -> None:
    view = view_runner.view_or_error("market_size", "segments", chosen)
    if view is None:
        return
    st.caption(markdown.md(view.caption))
    if view.empty:
        layout.empty_state(view.empty)
    if view.segments:
        st.markdown(_("**Segments** (fastest-growing first)"))
        cols = st.columns(3)
        for i, card in enumerate(view.segments):
            with cols[i % 3].container(border=True, key=card.key):
                layout.paragraphs(f"**{markdown.md(card.name)}**  \n:blue-badge[{markdown.md(card.tag)}]",
                                  *(_("**{label}:** {text}").format(label=label, text=markdown.md(text))
                                    for label, text in card.details))
        layout.source_line(view.segment_source_ids)
    if view.verticals:
        st.markdown("**" + _("Investment verticals for foreign investors") + "**")
        cols = st.columns(3)
        for i, card in enumerate(view.verticals):
            with cols[i % 3].container(border=True, key=card.key):
                layout.paragraphs(
                    f"**{markdown.md(card.name)}**"
                    + (f"  \n:orange-badge[{markdown.md(layout.quote_mark(card.maturity))}]" if card.maturity else ""),
                    markdown.md(card.description),
                    *(_("**{label}:** {text}").format(label=label, text=markdown.md(text))
                      for label, text in card.details))
        layout.source_line(view.vertical_source_ids)


def headline_facts(draw: bool) -> None:
    facts = view_runner.view_or_error("market_size", "headline_facts", presenting)
    if facts is None:
        return
    if not draw:
        if facts.approvals_chart is not None:
            export_ui.register(facts.approvals_chart)
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        if facts.approvals_chart is not None:
            layout.show_chart(facts.approvals_chart)
    with right:
        st.markdown("**" + _("Platform scale") + "**")
        for metric in facts.platforms:
            st.metric(metric.label, metric.value, help=metric.help, border=True)
        layout.source_line(facts.platform_source_ids)


@sections.section
def estimates_and_analyses() -> None:
    """The key chart with its value axis, then the secondary analyses in tabs that run only when open."""
    url_state.check_choices("market.scale", model.SCALES)
    # Presenting, the key chart follows the finding directly, so title, finding, chart and source fit one screen.
    chart_area = st.container() if presenting else None
    st.subheader(_("Every estimate, by source"), anchor=False)
    scale_col, _rest = st.columns([1, 3])
    with scale_col:
        scale = url_state.choice(st.radio, _("Value axis"), model.SCALES, key="market.scale", format_func=_,
                                 default=model.SCALES[0], horizontal=True,
                                 help=_("Log shows growth rates as slopes: equal slopes mean equal growth a year."))
    view = view_runner.view_or_stop("market_size", "estimates", model.Settings(scale=scale, presentation=presenting))
    with chart_area or st.container(), layout.key_visual():
        layout.show_chart(view.sources_chart)
    with st.expander(_("Every figure with the sentence it comes from")):
        st.dataframe(view.figures_table, hide_index=True, width="stretch", column_config={
            "source_name": _("Source"), "scope": _("Scope"), "year": st.column_config.NumberColumn(_("Year"), format="%d"),
            "label": _("Figure"), "kind": _("Kind"), "stated_cagr": _("Stated growth a year"),
            "quote": st.column_config.TextColumn(_("Quote"), width="large"), "note": _("Note")})

    tabs = url_state.tabs(model.TABS, key=model.TAB_KEY)
    # In page order, so the export lists the charts as before. A closed tab draws nothing but registers its
    # chart for the export (the views are cached) and shows a broken file's callout, as an open one would.
    with tabs[RECONCILE]:
        if tabs[RECONCILE].open:
            reconciliation()
        else:
            view = view_runner.view_or_error("market_size", "reconciliation", presenting)
            if view is not None and view.implied_chart is not None:
                export_ui.register(view.implied_chart)
    with tabs[SCENARIO]:
        if tabs[SCENARIO].open:
            scenario()
        else:
            scenario_for_export(scale)
    with tabs[SEGMENTS]:
        if tabs[SEGMENTS].open:
            segments()
        else:
            view_runner.view_or_error("market_size", "segments", chosen)
    with tabs[FACTS]:
        headline_facts(draw=bool(tabs[FACTS].open))


estimates_and_analyses()
