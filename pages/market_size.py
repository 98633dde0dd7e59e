"""Market size: every source's estimate side by side, reconciled honestly, with a scenario projector.

Thin by design: the figures come from the data layer, every derived number
(implied growth, spreads, consistency flags, the scenario path) from
components.market, the charts from components.market_charts. Every control is
bound to the URL under the prefix "market.", so a shared link reproduces the
view; an invalid value shows a notice instead of silently falling back.
"""
import streamlit as st

from components import chart_specs, data_layer, filters, layout, market, market_charts, url_state
from components.datasets import DataFileError

market_rows, sources = layout.tables_or_stop("market_size", "sources")
name_of = market.source_namer(sources, layout.short_source_name)
figures = market.figures(market_rows, name_of)
total_figures = market.totals(figures)
presentation = layout.presenting()

layout.page_header("Market size", market.headline(figures))
if filters.current().segment_ids:
    st.caption(layout.md(f"Segment filter ({filters.current().describe()}) applies to the segments and verticals "
                         "below; no source splits the total market by segment, so the totals do not change."))

# --- 1. every estimate on one chart ------------------------------------------
st.subheader("Every estimate, by source", anchor=False)
SCALES = ["Linear", "Log"]
layout_cols = st.columns([1, 3])
with layout_cols[0]:
    url_state.check_choices("market.scale", SCALES)
    scale = st.radio("Value axis", SCALES, key="market.scale", bind="query-params", horizontal=True,
                     help="Log shows growth rates as slopes: equal slopes mean equal growth a year.")
log_scale = scale == "Log"
layout.chart_block(
    chart_specs.spec(market_charts.market_size_chart, figures, log_scale=log_scale,
                     title=market.series_finding(figures), presentation=presentation),
    figures[["source_name", "scope", "year", "kind", "qualifier", "value_usd_bn", "low_usd_bn", "high_usd_bn",
             "stated_cagr", "source_id", "quote", "note"]],
    key="market.sources_chart", title=market.series_finding(figures),
    alt_text="Market size in USD billion by year, one coloured series per source; ranges drawn as bars.",
    note="The AI-medical-imaging series is a sub-market and is never added to the totals.",
    numbers={r["series_name"] + f" {r['year']}": r["label"] for r in figures.to_dict("records")})
with st.expander("Every figure with the sentence it comes from"):
    st.dataframe(figures[["source_name", "scope", "year", "label", "kind", "stated_cagr", "quote", "note"]],
                 hide_index=True, width="stretch",
                 column_config={"source_name": "Source", "scope": "Scope", "year": st.column_config.NumberColumn(
                     "Year", format="%d"), "label": "Figure", "kind": "Kind", "stated_cagr": "Stated growth a year",
                     "quote": st.column_config.TextColumn("Quote", width="large"), "note": "Note"})

# --- 2. reconciliation ---------------------------------------------------------
st.subheader("Do the figures add up?", anchor=False)
implied = market.implied_cagrs(figures)
flags = market.path_flags(figures)
for flag in flags:
    st.warning(f"**{layout.md(flag.title)}** {layout.md(flag.detail)}", icon=":material/rule:")
for text in market.rate_flags(implied, flags):
    st.warning(layout.md(text), icon=":material/rule:")
scope_points = market.scope_points(figures) + [t for t in [market.submarket_note(figures)] if t]
if scope_points:
    st.info("**The sources most likely measure different things.**\n" +
            "".join(f"\n- {layout.md(point)}" for point in scope_points), icon=":material/compare_arrows:")

rated = implied[implied["stated_low_pct"].notna()].reset_index(drop=True)
left, right = st.columns([3, 2], gap="large")
with left:
    if not rated.empty:
        layout.chart_block(
            chart_specs.spec(market_charts.implied_cagr_chart, rated, title=market.cagr_finding(rated),
                             presentation=presentation),
            rated[["source_name", "scope", "pair", "from_figure", "to_figure", "implied_low_pct", "implied_high_pct",
                   "widest_low_pct", "widest_high_pct", "stated_cagr", "stated_period", "check", "source_id"]],
            key="market.implied_chart", title=market.cagr_finding(rated),
            alt_text="Growth rate each source's own figures imply between pairs of years, against the rate it states.")
with right:
    st.markdown("**Spread between sources, for each year more than one covers**")
    spread = market.spreads(figures)
    for row in spread.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{row['year']}:** {layout.md(row['summary'])}")
            st.caption(layout.md(row["figures"]))
    st.caption("Ranges count with both ends: the lowest figure may be the low end of a range.")
    layout.source_caption(spread.assign(source_id=spread["source_ids"].str.split(";")).explode("source_id"))
    layout.csv_download(spread, "market-spread", key="market.spread.csv")

st.markdown("**Implied growth between each pair of a source's own figures** (computed here, not stated by the "
            "sources)")
implied_view = implied.assign(implied=[market.implied_rate_text(r) for r in implied.to_dict("records")])
st.dataframe(implied_view[["series_name", "pair", "from_figure", "to_figure", "implied", "stated_cagr",
                           "stated_period", "check"]],
             hide_index=True, width="stretch", column_config={
                 "series_name": st.column_config.TextColumn("Source", width="large"),
                 "pair": st.column_config.TextColumn("Between", width="small"),
                 "from_figure": st.column_config.TextColumn("From", width="small"),
                 "to_figure": st.column_config.TextColumn("To", width="small"),
                 "implied": st.column_config.TextColumn("Implied growth a year", width="large"),
                 "stated_cagr": st.column_config.TextColumn("Stated", width="small"),
                 "stated_period": st.column_config.TextColumn("Stated for", width="small"),
                 "check": st.column_config.TextColumn("Check", width="medium")})
layout.source_caption(implied)

# --- 3. scenario projector -----------------------------------------------------
st.subheader("Scenario projector", anchor=False)
st.caption("Pick a starting value and a growth rate; the path compounds year by year. The link in the address bar "
           "reproduces the scenario.")
bases = market.base_options(figures)
rates = market.rate_options(figures)
# Default: China Briefing Part II's base and rate, the series whose 2028 figure the
# reconciliation questions, so the default view shows where that path really lands.
DEFAULT_SOURCE = "china-briefing-2"
base_labels = [b.label for b in bases] + [market.CUSTOM]
rate_labels = [r.label for r in rates] + [market.CUSTOM_RATE]
base_default = next((i for i, b in enumerate(bases) if b.source_id == DEFAULT_SOURCE), 0)
rate_default = next((i for i, r in enumerate(rates) if r.source_id == DEFAULT_SOURCE), 0)
years = market.custom_years(figures)
horizon_labels = [str(h) for h in market.horizons(figures)]
default_base = bases[base_default] if bases else market.BaseOption(market.CUSTOM, None, years[0], 1.0, None)
default_rate = rates[rate_default].rate_pct if rates else 30.0

# Validate before the widgets read the URL (Streamlit drops invalid bound values silently).
url_state.check_choices("market.base", base_labels)
url_state.check_choices("market.rate", rate_labels)
url_state.check_choices("market.custom_year", [str(y) for y in years])
url_state.check_choices("market.horizon", horizon_labels)
url_state.read_number("market.custom_base", default_base.value, 0.01, 1000.0)
url_state.read_number("market.custom_rate", default_rate, -50.0, 200.0)

c_base, c_rate, c_horizon = st.columns([5, 4, 2], gap="large")
with c_base:
    base_label = st.selectbox("Starting value", base_labels, index=base_default, key="market.base",
                              bind="query-params")
    if base_label == market.CUSTOM:
        sub = st.columns(2)
        custom_value = sub[0].number_input("Custom value, USD billion", min_value=0.01, max_value=1000.0,
                                           value=default_base.value, step=0.1, format="%.2f",
                                           key="market.custom_base", bind="query-params")
        custom_year = sub[1].selectbox("In year", [str(y) for y in years],
                                       index=years.index(default_base.year) if default_base.year in years else 0,
                                       key="market.custom_year", bind="query-params")
        base = market.BaseOption(market.CUSTOM, None, int(custom_year), float(custom_value), None)
    else:
        base = bases[base_labels.index(base_label)]
with c_rate:
    rate_label = st.selectbox("Growth rate", rate_labels, index=rate_default, key="market.rate", bind="query-params")
    if rate_label == market.CUSTOM_RATE:
        rate_pct = float(st.number_input("Custom growth rate, % a year", min_value=-50.0, max_value=200.0,
                                         value=default_rate, step=0.5, format="%.1f", key="market.custom_rate",
                                         bind="query-params"))
        rate_source = None
    else:
        chosen_rate = rates[rate_labels.index(rate_label)]
        rate_pct, rate_source = chosen_rate.rate_pct, chosen_rate.source_id
with c_horizon:
    horizon = int(st.radio("Project to", horizon_labels, key="market.horizon", bind="query-params",
                           horizontal=True, help="Beyond the last year a source covers, the path is pure "
                                                 "extrapolation."))

path = market.project(base.value, base.year, rate_pct, horizon)
table = market.projection_table(path, figures)
last_source_year = int(total_figures["year"].max())
scenario_end = float(path["scenario_usd_bn"].iloc[-1])
scenario_at_last = float(path.loc[path["year"] == last_source_year, "scenario_usd_bn"].iloc[0]) \
    if last_source_year in set(path["year"]) else None
base_text = (f"{market.usd_bn(base.value, stated=False)} in {base.year} (custom)" if base.source_id is None
             else f"{market.usd_bn(base.value)} in {base.year} ({name_of(base.source_id)})")
rate_text = (f"{rate_pct:g}% a year (custom)" if rate_source is None
             else f"{rate_pct:g}% a year ({name_of(rate_source)})")
scenario_title = f"Scenario: {market.usd_bn(scenario_end, stated=False)} by {horizon}"
st.markdown("**Scenario:** " + layout.md(f"{base_text}, growing {rate_text}."))

metric_cols = st.columns([1, 1, 2], gap="medium")
if scenario_at_last is not None:
    metric_cols[0].metric(f"Scenario, {last_source_year}", market.usd_bn(scenario_at_last, stated=False),
                          border=True)
    verdicts = market.scenario_verdict(scenario_at_last, last_source_year, figures)
    metric_cols[2].markdown(f"**Against the sources' {last_source_year} figures:**\n"
                            + "".join(f"\n- {layout.md(v)}" for v in verdicts))
if horizon != last_source_year:
    metric_cols[1].metric(f"Scenario, {horizon}", market.usd_bn(scenario_end, stated=False), border=True,
                          help="No source gives a figure beyond " + str(last_source_year) + ".")

shown_figures = total_figures
scenario_sources = [f for f in (base.source_id, rate_source) if f]
projection_sources = [shown_figures] + ([total_figures[total_figures["source_id"].isin(scenario_sources)]]
                                        if scenario_sources else [])
layout.chart_block(
    chart_specs.spec(market_charts.projection_chart, path, shown_figures, log_scale=log_scale, title=scenario_title,
                     subtitle=f"{base_text}, growing {rate_text}; dots and bars: the sources' own figures.",
                     presentation=presentation),
    table, key="market.projection_chart", title=scenario_title,
    alt_text=f"Projected market path from {base.year} to {horizon} against the sources' own figures.",
    source_frames=projection_sources,
    numbers={f"Scenario {y}": f"US${v:,.2f} bn" for y, v in zip(path["year"], path["scenario_usd_bn"])})
with st.expander("Scenario year by year", expanded=False):
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "year": st.column_config.NumberColumn("Year", format="%d"),
        "scenario_usd_bn": st.column_config.NumberColumn("Scenario (US$ bn)", format="%.2f")})

# --- 4. segments and verticals ------------------------------------------------
st.subheader("Segments and investment verticals", anchor=False)
chosen = filters.current()
try:
    segments = data_layer.table("segments")
    verticals = data_layer.table("verticals")
except DataFileError as err:
    layout.data_error(err)
else:
    st.caption(layout.md(f"Following the sidebar filter: {chosen.describe()}. Segment names and the "
                         "'fastest-growing' tag are the sources' words; no source gives a numeric split of China's "
                         "total market, so none is shown."))
    seg_rows = segments[[chosen.segment_match(s) for s in segments["segment_id"]]]
    vert_rows = verticals[[chosen.segment_match(s) for s in verticals["segment_id"]]]
    sub_rows = figures[~figures["is_total"]]
    if seg_rows.empty and vert_rows.empty:
        layout.empty_state("No segment or vertical matches the segment filter.")
    if not seg_rows.empty:
        st.markdown("**Segments** (fastest-growing first)")
        seg_rows = seg_rows.sort_values("fastest_growing", ascending=False, kind="stable")
        cols = st.columns(3)
        for i, seg in enumerate(seg_rows.to_dict("records")):
            with cols[i % 3].container(border=True, key=f"market.segment.{seg['segment_id']}"):
                tag = ("Fastest-growing, per " + name_of(seg["source_id"])) if seg["fastest_growing"] else \
                    ("Named by " + name_of(seg["source_id"]))
                subs = sub_rows[sub_rows["scope"].map(market.SUBMARKET_SEGMENTS) == seg["segment_id"]]
                layout.paragraphs(
                    f"**{layout.md(seg['name'])}**  \n:blue-badge[{layout.md(tag)}]",
                    "**Use cases:** " + layout.md(seg["use_cases"]),
                    seg["leading_companies"] and "**Leading companies:** " + layout.md(seg["leading_companies"]),
                    not subs.empty and "**Sub-market size:** " + layout.md(
                        " → ".join(f"{r['label']} ({r['year']})" for r in subs.to_dict("records"))
                        + f" ({subs.iloc[0]['scope']}; {subs.iloc[0]['source_name']})"))
        layout.source_caption(seg_rows, sub_rows[sub_rows["scope"].map(market.SUBMARKET_SEGMENTS)
                                                 .isin(seg_rows["segment_id"])])
    if not vert_rows.empty:
        st.markdown("**Investment verticals for foreign investors**")
        cols = st.columns(3)
        for i, vert in enumerate(vert_rows.to_dict("records")):
            with cols[i % 3].container(border=True, key=f"market.vertical.{vert['vertical_id']}"):
                layout.paragraphs(
                    f"**{layout.md(vert['name'])}**"
                    + (f"  \n:orange-badge[“{layout.md(vert['maturity'])}”]" if vert["maturity"] else ""),
                    layout.md(vert["description"]),
                    *(vert[column] and f"**{label}:** " + layout.md(vert[column]) for label, column in (
                        ("Use cases", "use_cases"), ("Leading companies", "leading_companies"),
                        ("Foreign entry", "foreign_entry_notes"), ("Restrictions", "restrictions"),
                        ("Entry approach", "entry_approach"))))
        layout.source_caption(vert_rows)

# --- 5. headline figures -------------------------------------------------------
st.subheader("Headline figures", anchor=False)
try:
    facts = data_layer.table("facts")
except DataFileError as err:
    layout.data_error(err)
else:
    approvals = market.nmpa_series(facts, name_of)
    left, right = st.columns([3, 2], gap="large")
    with left:
        if not approvals.empty:
            notes = "; ".join(f"{r['as_of'] or r['year']}: {r['note']}" for r in approvals.to_dict("records")
                              if r["note"])
            lighter = [f"Lighter bar ({r['as_of'] or r['year']}): {r['label']}, not the same count."
                       for r in approvals.to_dict("records") if not r["comparable"]]
            layout.chart_block(
                chart_specs.spec(market_charts.approvals_chart, approvals, title=market.approvals_finding(approvals),
                                 subtitle=lighter, presentation=presentation),
                approvals[["year", "as_of", "label", "value", "qualifier", "note", "source_id", "quote"]],
                key="market.approvals_chart", title=market.approvals_finding(approvals),
                alt_text="NMPA Class III AI device approval figures over time, one bar per source figure.",
                note=notes or None,
                numbers={r["as_of"] or str(r["year"]): r["figure"] for r in approvals.to_dict("records")})
    with right:
        st.markdown("**Platform scale**")
        platforms = facts[facts["topic"] == "platforms"]
        for fact in platforms.to_dict("records"):
            st.metric(fact["label"], market.count_text(fact["value"], fact["qualifier"],
                                                                fact["value_high"]).capitalize(),
                               help=f"{fact['unit']}; {name_of(fact['source_id'])}", border=True)
        layout.source_caption(platforms)
