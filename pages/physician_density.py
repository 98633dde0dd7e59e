"""Physician density: China 2.4 vs US 4.2 vs Germany 4.3 per 1,000, the gap in people, and what AI could cover.

Thin page: the arithmetic and its wording live in components.physicians, the
charts in components.density_charts; this file asks the data layer, reads the
URL-bound controls and lays out. The article's headline figures and the
official statistics are shown apart, each labelled, because they measure
different things (year and definition).
"""
import streamlit as st

from components import chart_specs, density_charts, filters, layout, physicians, url_state

density, facts, provinces, context, sources = layout.tables_or_stop(
    "physician_density", "facts", "provinces", "context_statements", "sources")

PRESENT = layout.presenting()
NAMES = physicians.source_names(sources, layout.SHORT_NAMES)
POPULATION_BN = (0.1, 2.0)    # control ranges; the URL is checked against the same ones
DENSITY_RANGE = (0.1, 10.0)
GAIN_RANGE = (0, 50)
GAIN_DEFAULT = 20              # a round middle value for the illustration; no source states a gain


def named(frame):
    return frame.assign(source_name=frame["source_id"].map(lambda s: NAMES.get(s, s)))


headline = named(physicians.headline_rows(density))
china = physicians.china_row(headline)
targets = headline[headline["iso3"] != "CHN"].sort_values("value_per_1000", kind="stable")
if china is None or targets.empty:
    layout.page_header("Physician density")
    layout.empty_state("physician_density.csv has no headline row for China and a comparison country, "
                       "so the comparison cannot be drawn.")
    st.stop()

population_fact = physicians.population_default(facts)
if population_fact is not None:
    population_default = float(population_fact["value"])
    population_rows = facts[facts["fact_id"] == population_fact["fact_id"]]
else:  # fall back to the census total in provinces.csv (31 mainland provinces), and say so
    mainland = provinces[provinces["licensed_physicians_per_1000_2018"].notna()]
    population_default = float(mainland["population_2020"].sum())
    population_rows = mainland.rename(columns={"population_source_id": "source_id"}).head(1)

default_table = physicians.gap_table(float(china["value_per_1000"]), dict(zip(targets["country"], targets["value_per_1000"])),
                                     population_default, GAIN_DEFAULT)
official = named(physicians.official_rows(density))
layout.page_header("Physician density", physicians.page_finding(
    headline, official, default_table, population_default, lambda s: NAMES.get(s, s)))

# ---- 1. The headline comparison, and why it matters -------------------------------------------------
left, right = st.columns([3, 2], gap="large")
with left:
    layout.chart_block(
        chart_specs.spec(
            density_charts.density_bars_chart, headline, title=physicians.headline_chart_title(headline),
            subtitle=["Physicians per 1,000 people, as the overview article compares them.",
                      "Year and definition not stated. China in red."], presentation=PRESENT),
        headline[["country", "iso3", "value_per_1000", "definition", "source_id", "source_name", "quote"]],
        key="density.headline", title="Physicians per 1,000 people: the article's comparison",
        alt_text="Bar chart: " + "; ".join(f"{r.country} {r.value_per_1000:g}" for r in headline.itertuples())
        + " physicians per 1,000 people.",
        numbers={r.country: f"{r.value_per_1000:g} per 1,000" for r in headline.itertuples()})
with right:
    st.subheader("Why it matters for AI", anchor=False)
    for row in context[(context["page"] == "physician_density")
                       & context["topic"].isin(["why it matters", "where AI helps"])].to_dict("records"):
        st.markdown(f"{layout.md(row['statement'])} — *{layout.md(NAMES.get(row['source_id'], row['source_id']))}*",
                    help=layout.md(f"“{row['quote']}”"))

# ---- 2. The gap in people, and what an AI productivity gain covers -----------------------------------
st.subheader("The gap in people, and what AI could cover", anchor=False)
controls, results = st.columns([1, 2.4], gap="large")
with controls, st.container(border=True):
    st.markdown("**Inputs** (defaults from the sources; change them to test the case)")
    key = "density.population_bn"
    url_state.read_number(key, population_default / 1e9, *POPULATION_BN)
    population = 1e9 * st.number_input(
        "China's population (billion)", min_value=POPULATION_BN[0], max_value=POPULATION_BN[1],
        value=round(population_default / 1e9, 3), step=0.01, format="%.2f", key=key, bind="query-params",
        help=layout.md(f"Default: {physicians.fmt_population(population_default)}, from "
                       f"{NAMES.get(population_rows['source_id'].iloc[0], population_rows['source_id'].iloc[0])}."))
    densities = {}
    for row in [china, *targets.to_dict("records")]:
        key = f"density.{row['iso3'].lower()}_per_1000"
        url_state.read_number(key, float(row["value_per_1000"]), *DENSITY_RANGE)
        densities[row["iso3"]] = st.number_input(
            f"{row['country']}: physicians per 1,000", min_value=DENSITY_RANGE[0], max_value=DENSITY_RANGE[1],
            value=float(row["value_per_1000"]), step=0.1, format="%.2f", key=key, bind="query-params",
            help=f"Default: {row['value_per_1000']:g}, from the overview article.")
    key = "density.ai_gain_pct"
    url_state.read_number(key, GAIN_DEFAULT, *GAIN_RANGE)
    gain = st.slider("AI productivity gain per physician (assumption)", GAIN_RANGE[0], GAIN_RANGE[1], GAIN_DEFAULT,
                     step=5, format="%d%%", key=key, bind="query-params",
                     help="How much more work each physician gets done with AI assistance. No source states "
                          "this figure: it is yours to set.")
    st.markdown(":material/info: The productivity gain is **an illustration of the arithmetic, not a forecast**: "
                "no source states one.")

table = physicians.gap_table(densities["CHN"], {r["country"]: densities[r["iso3"]] for r in targets.to_dict("records")},
                             population, gain)
with results:
    metric_cols = st.columns(len(table) + 1)
    for col, row in zip(metric_cols, table.to_dict("records")):
        col.metric(f"Gap to {physicians.country_short(row['country'])}", physicians.fmt_people(row["extra_physicians"]),
                   help=f"More physicians China needs to match {physicians.country_in_sentence(row['country'])}'s "
                        "density at this population.", border=True)
    metric_cols[-1].metric(f"AI gain of {gain:g}% adds", physicians.fmt_people(table["ai_physician_equivalents"].iloc[0]),
                           help="Physician-equivalents: the extra work China's physicians (at the density above) "
                                "would do with the assumed gain, counted in physicians.", border=True)
    for row in table.to_dict("records"):
        st.markdown(layout.md(physicians.gap_sentence(row)))
    st.markdown(layout.md(physicians.coverage_sentence(table)))
    gap_title = physicians.coverage_title(table)
    gap_data = table.assign(source_name=NAMES.get("mkt-overview", "mkt-overview"))
    layout.chart_block(
        chart_specs.spec(
            density_charts.gap_coverage_chart, gap_data, title=gap_title,
            subtitle=["Additional physicians China needs, in millions; blue = what the gain covers.",
                      "An illustration of the arithmetic, not a forecast."], presentation=PRESENT),
        table, key="density.gap", title="The physician gap and what an AI productivity gain covers",
        alt_text="Stacked bars per comparison country: the additional physicians China needs and the part an AI "
                 "productivity gain covers. " + physicians.coverage_sentence(table),
        source_frames=[headline, population_rows],
        note="Inputs as set above; the defaults come from these sources. The gain is an assumption, not a source figure.",
        numbers={f"gap to {r['country']}": physicians.fmt_people(r["extra_physicians"]) for r in table.to_dict("records")})

# ---- 3. Official statistics beside the headline ------------------------------------------------------
st.subheader("Official statistics: a second comparison, with year and definition", anchor=False)
st.caption("OECD, Eurostat, WHO and Destatis figures count practising or medical doctors in a stated year. They "
           "differ from the article's figures, whose year and definition are not stated; both are shown, neither is "
           "adjusted.")
official["bar"] = official.apply(lambda r: f"{r['country']}, {physicians.year_text(r['year'])}", axis=1)
chart_col, note_col = st.columns([3, 2], gap="large")
with chart_col:
    layout.chart_block(
        chart_specs.spec(
            density_charts.density_bars_chart, official, label="bar",
            title=physicians.official_chart_title(official, headline),
            subtitle=["Physicians per 1,000 people, official statistics, with the year of each figure.",
                      "Definitions vary (see the table below). China in red."],
            step=30, presentation=PRESENT),
        official[["country", "iso3", "value_per_1000", "year", "definition", "source_id", "source_name",
                  "confidence", "quote"]],
        key="density.official", title="Physicians per 1,000 people: official statistics",
        alt_text="Bar chart of official physician densities: "
        + "; ".join(f"{r.country} {r.value_per_1000:g} ({physicians.year_text(r.year)})" for r in official.itertuples()))
with note_col:
    st.markdown("**What the official figures change**")
    sentence = physicians.official_gap_sentence(official, headline, population)
    if sentence:
        st.markdown(layout.md(sentence))
    national = named(density[density["series"] == "national_definition"]).sort_values("year", ascending=False)
    if len(national):
        latest = national.iloc[0]
        st.info(layout.md(
            f"China's own count is higher: {latest['value_per_1000']:g} licensed and assistant physicians per 1,000 "
            f"in {physicians.year_text(latest['year'])} ({latest['source_name']}). It includes assistant physicians, a "
            "wider definition, so it is not on the chart."), icon=":material/info:")
        layout.source_caption(national.head(1))
st.dataframe(
    official[["country", "value_per_1000", "year", "definition", "source_name", "confidence"]],
    hide_index=True, width="stretch", height="content",
    column_config={"country": st.column_config.TextColumn("Country", width="medium"),
                   "value_per_1000": st.column_config.NumberColumn("Per 1,000", format="%.2f", width="small"),
                   "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
                   "definition": st.column_config.TextColumn("Definition", width="large"),
                   "source_name": st.column_config.TextColumn("Source", width="large"),
                   "confidence": st.column_config.TextColumn("Confidence", width="medium")})

# ---- 4. Within China: the provinces ----------------------------------------------------------------
st.subheader("Within China: physicians by province", anchor=False)
region_filter = filters.current()
rows = named(physicians.provinces_with_density(provinces, region_filter.region_match)
             .rename(columns={"physicians_source_id": "source_id", "physicians_quote": "quote"}))
chart_col, note_col = st.columns([3, 2], gap="large")
with chart_col:
    if rows.empty:
        layout.empty_state("No province with a 2018 physician figure matches the region filter "
                           "(Hong Kong and Macao are not in the source table).")
    else:
        shown = rows[["name", "name_zh", "region", "licensed_physicians_per_1000_2018", "licensed_physicians_2018",
                      "source_id", "source_name", "quote"]]
        layout.chart_block(
            chart_specs.spec(
                density_charts.ranked_bar_chart, shown, "name", "licensed_physicians_per_1000_2018",
                "Licensed (incl. assistant) physicians per 1,000",
                title=physicians.province_chart_title(shown),
                subtitle=["Year-end 2018, China Health Statistics Yearbook via Yu et al. (2021).",
                          f"Region filter: {', '.join(region_filter.regions)}." if region_filter.regions
                          else f"All {len(rows)} mainland provinces; Hong Kong and Macao are not in the source table."],
                tooltip=[{"field": "name", "type": "nominal", "title": "Province"},
                         {"field": "region", "type": "nominal", "title": "Region"},
                         {"field": "licensed_physicians_per_1000_2018", "type": "quantitative",
                          "title": "Per 1,000 (2018)", "format": ".2f"},
                         {"field": "licensed_physicians_2018", "type": "quantitative",
                          "title": "Licensed physicians (2018)", "format": ","},
                         {"field": "source_name", "type": "nominal", "title": "Source"}],
                presentation=PRESENT),
            shown, key="density.provinces", title="Licensed physicians per 1,000 by province (2018)",
            alt_text="Ranked bars of licensed physicians per 1,000 people by province, 2018: "
            + "; ".join(f"{r.name} {r.licensed_physicians_per_1000_2018:g}" for r in shown.itertuples()) + ".")
with note_col:
    st.markdown("**The rural–urban gap**")
    for row in context[(context["page"] == "physician_density") & (context["topic"] == "rural-urban gap")].to_dict("records"):
        st.markdown(f"{layout.md(row['statement'])} — *{layout.md(NAMES.get(row['source_id'], row['source_id']))}*",
                    help=layout.md(f"“{row['quote']}”"))
    st.caption("Province figures count licensed and assistant physicians (China's national definition), so compare "
               "them with each other and with the NHC figure, not with the OECD bars above.")
