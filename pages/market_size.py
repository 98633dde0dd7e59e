"""Market size: every source's estimate side by side, reconciled honestly, with a scenario projector.

Layout only: components.views.market_size computes everything shown here from
the data, the sidebar filters and the controls below. Every control is bound to
the URL under the prefix "market.", so a shared link reproduces the view; an
invalid value shows a notice instead of silently falling back.
"""
import streamlit as st

from components.ui import filters, layout, markdown, presentation, url_state, view_runner
from components.views import market_size as model

inputs = view_runner.view_or_stop("market_size", "inputs")
chosen = filters.current()
presenting = presentation.presenting()

# The controls come first in the script (their values feed the view); containers keep the page's order.
# Presenting, the key chart follows the finding directly, so title, finding, chart and source fit one screen.
header_area = st.container()
if presenting:
    sources_area = st.container()
st.subheader("Every estimate, by source", anchor=False)
scale_col, _ = st.columns([1, 3])
with scale_col:
    url_state.check_choices("market.scale", model.SCALES)
    scale = st.radio("Value axis", model.SCALES, key="market.scale", bind="query-params", horizontal=True,
                     help="Log shows growth rates as slopes: equal slopes mean equal growth a year.")
if not presenting:
    sources_area = st.container()
st.subheader("Do the figures add up?", anchor=False)
reconciliation_area = st.container()

# --- 3. scenario projector -----------------------------------------------------
st.subheader("Scenario projector", anchor=False)
st.caption("Pick a starting value and a growth rate; the path compounds year by year. The link in the address bar "
           "reproduces the scenario.")
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
    base_label = st.selectbox("Starting value", inputs.base_labels, index=inputs.base_index, key="market.base",
                              bind="query-params")
    if base_label == model.CUSTOM_BASE:
        sub = st.columns(2)
        custom_value = sub[0].number_input("Custom value, USD billion", min_value=model.CUSTOM_BASE_RANGE[0],
                                           max_value=model.CUSTOM_BASE_RANGE[1], value=inputs.custom_base, step=0.1,
                                           format="%.2f", key="market.custom_base", bind="query-params")
        custom_year = sub[1].selectbox("In year", inputs.custom_years, index=inputs.custom_year_index,
                                       key="market.custom_year", bind="query-params")
with c_rate:
    rate_label = st.selectbox("Growth rate", inputs.rate_labels, index=inputs.rate_index, key="market.rate",
                              bind="query-params")
    if rate_label == model.CUSTOM_RATE:
        custom_rate = st.number_input("Custom growth rate, % a year", min_value=model.CUSTOM_RATE_RANGE[0],
                                      max_value=model.CUSTOM_RATE_RANGE[1], value=inputs.custom_rate, step=0.5,
                                      format="%.1f", key="market.custom_rate", bind="query-params")
with c_horizon:
    horizon = st.radio("Project to", inputs.horizons, key="market.horizon", bind="query-params", horizontal=True,
                       help="Beyond the last year a source covers, the path is pure extrapolation.")

settings = model.Settings(scale=scale, base=base_label, rate=rate_label, custom_base=custom_value,
                          custom_year=int(custom_year) if custom_year else None, custom_rate=custom_rate,
                          horizon=int(horizon), presentation=presenting)
view = view_runner.view_or_stop("market_size", "build", chosen, settings)

with header_area:
    layout.page_header("Market size", view.headline)
    if view.filter_note:
        st.caption(markdown.md(view.filter_note))

# --- 1. every estimate on one chart ------------------------------------------
with sources_area:
    with layout.key_visual():
        layout.show_chart(view.sources_chart)
    with st.expander("Every figure with the sentence it comes from"):
        st.dataframe(view.figures_table, hide_index=True, width="stretch", column_config={
            "source_name": "Source", "scope": "Scope", "year": st.column_config.NumberColumn("Year", format="%d"),
            "label": "Figure", "kind": "Kind", "stated_cagr": "Stated growth a year",
            "quote": st.column_config.TextColumn("Quote", width="large"), "note": "Note"})

# --- 2. reconciliation ---------------------------------------------------------
with reconciliation_area:
    for flag in view.path_flags:
        st.warning(f"**{markdown.md(flag.title)}** {markdown.md(flag.detail)}", icon=":material/rule:")
    for text in view.rate_flags:
        st.warning(markdown.md(text), icon=":material/rule:")
    if view.scope_points:
        st.info("**The sources most likely measure different things.**\n" +
                "".join(f"\n- {markdown.md(point)}" for point in view.scope_points), icon=":material/compare_arrows:")

    left, right = st.columns([3, 2], gap="large")
    with left:
        if view.implied_chart is not None:
            layout.show_chart(view.implied_chart)
    with right:
        st.markdown("**Spread between sources, for each year more than one covers**")
        for spread in view.spreads:
            with st.container(border=True):
                st.markdown(f"**{spread.year}:** {markdown.md(spread.summary)}")
                st.caption(markdown.md(spread.figures))
        st.caption("Ranges count with both ends: the lowest figure may be the low end of a range.")
        layout.source_line(view.spread_source_ids)
        layout.csv_download(view.spread_table, "market-spread", key="market.spread.csv")

    st.markdown("**Implied growth between each pair of a source's own figures** (computed here, not stated by the "
                "sources)")
    st.dataframe(view.implied_table, hide_index=True, width="stretch", column_config={
        "series_name": st.column_config.TextColumn("Source", width="large"),
        "pair": st.column_config.TextColumn("Between", width="small"),
        "from_figure": st.column_config.TextColumn("From", width="small"),
        "to_figure": st.column_config.TextColumn("To", width="small"),
        "implied": st.column_config.TextColumn("Implied growth a year", width="large"),
        "stated_cagr": st.column_config.TextColumn("Stated", width="small"),
        "stated_period": st.column_config.TextColumn("Stated for", width="small"),
        "check": st.column_config.TextColumn("Check", width="medium")})
    layout.source_line(view.implied_source_ids)

# --- 3. the scenario, as the controls above set it ----------------------------
st.markdown("**Scenario:** " + markdown.md(view.scenario_sentence))
metric_cols = st.columns([1, 1, 2], gap="medium")
if view.scenario_at_last is not None:
    metric_cols[0].metric(view.scenario_at_last.label, view.scenario_at_last.value, border=True)
    metric_cols[2].markdown(f"**{view.verdict_heading}**\n" + "".join(f"\n- {markdown.md(v)}" for v in view.verdicts))
if view.scenario_at_horizon is not None:
    metric_cols[1].metric(view.scenario_at_horizon.label, view.scenario_at_horizon.value, border=True,
                          help=view.scenario_at_horizon.help)
layout.show_chart(view.projection_chart)
with st.expander("Scenario year by year", expanded=False):
    st.dataframe(view.projection_table, hide_index=True, width="stretch", column_config={
        "year": st.column_config.NumberColumn("Year", format="%d"),
        "scenario_usd_bn": st.column_config.NumberColumn("Scenario (US$ bn)", format="%.2f")})

# --- 4. segments and verticals ------------------------------------------------
st.subheader("Segments and investment verticals", anchor=False)
segments = view_runner.view_or_error("market_size", "segments", chosen)
if segments is not None:
    st.caption(markdown.md(segments.caption))
    if segments.empty:
        layout.empty_state(segments.empty)
    if segments.segments:
        st.markdown("**Segments** (fastest-growing first)")
        cols = st.columns(3)
        for i, card in enumerate(segments.segments):
            with cols[i % 3].container(border=True, key=card.key):
                layout.paragraphs(f"**{markdown.md(card.name)}**  \n:blue-badge[{markdown.md(card.tag)}]",
                                  *(f"**{label}:** " + markdown.md(text) for label, text in card.details))
        layout.source_line(segments.segment_source_ids)
    if segments.verticals:
        st.markdown("**Investment verticals for foreign investors**")
        cols = st.columns(3)
        for i, card in enumerate(segments.verticals):
            with cols[i % 3].container(border=True, key=card.key):
                layout.paragraphs(
                    f"**{markdown.md(card.name)}**"
                    + (f"  \n:orange-badge[“{markdown.md(card.maturity)}”]" if card.maturity else ""),
                    markdown.md(card.description),
                    *(f"**{label}:** " + markdown.md(text) for label, text in card.details))
        layout.source_line(segments.vertical_source_ids)

# --- 5. headline figures -------------------------------------------------------
st.subheader("Headline figures", anchor=False)
facts = view_runner.view_or_error("market_size", "headline_facts", presenting)
if facts is not None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        if facts.approvals_chart is not None:
            layout.show_chart(facts.approvals_chart)
    with right:
        st.markdown("**Platform scale**")
        for metric in facts.platforms:
            st.metric(metric.label, metric.value, help=metric.help, border=True)
        layout.source_line(facts.platform_source_ids)
