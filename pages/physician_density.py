"""Physician density: China 2.4 vs US 4.2 vs Germany 4.3 per 1,000, the gap in people, and what AI could cover.

Layout only: components.views.physician_density computes everything shown here
from the data, the sidebar filters and the controls below (bound to the URL).
The controls rerun only the sections they change (components.ui.sections).
The article's headline figures and the official statistics are shown apart,
each labelled, because they measure different things (year and definition).
"""
import streamlit as st

from components import format as fmt
from components import i18n
from components.i18n import _
from components.ui import filters, layout, markdown, presentation, sections, url_state, view_runner
from components.views import physician_density as model

inputs = view_runner.view_or_stop("physician_density", "inputs")
if not inputs.countries:
    layout.page_header(_("Physician density"))
    layout.empty_state(_("physician_density.csv has no headline row for China and a comparison country, "
                         "so the comparison cannot be drawn."))
    st.stop()


def statements(items) -> None:
    for item in items:
        st.markdown(f"{markdown.md(item.text)} — *{markdown.md(item.source)}*", help=markdown.md(layout.original(item.quote)))


chosen, presenting = filters.current(), presentation.presenting()
# Title, finding, the headline chart and the provinces do not depend on the inputs below: the page draws them
# from the view at its default inputs (cached), and the inputs rerun only their sections (2 and 3).
page_view = view_runner.view_or_stop("physician_density", "build", chosen,
                                     view_runner.view_or_stop("physician_density", "default_settings", presenting))
layout.page_header(_("Physician density"), page_view.finding)

# ---- 1. The headline comparison, and why it matters -------------------------------------------------
left, right = st.columns([3, 2], gap="large")
with left, layout.key_visual():
    layout.show_chart(page_view.headline_chart)
with right:
    st.subheader(_("Why it matters for AI"), anchor=False)
    statements(page_view.why_it_matters)


@sections.section
def gap_and_official() -> None:
    """Sections 2 and 3: the inputs change the gap and the official figures' sentence, so they rerun together."""
    st.subheader(_("The gap in people, and what AI could cover"), anchor=False)
    controls, results = st.columns([1, 2.4], gap="large")
    with controls, st.container(border=True):
        st.markdown(_("**Inputs** (defaults from the sources; change them to test the case)"))
        key = "density.population_bn"
        url_state.read_number(key, inputs.population / 1e9, *model.POPULATION_BN)
        population = 1e9 * st.number_input(
            _("China's population (billion)"), min_value=model.POPULATION_BN[0], max_value=model.POPULATION_BN[1],
            value=round(inputs.population / 1e9, 3), step=0.01, format="%.2f", key=key, bind="query-params",
            help=markdown.md(_("Default: {population}, from {source}.").format(
                population=(fmt.population(inputs.population) if i18n.current() == "zh"
                            else f"{inputs.population / 1e9:.3g} billion"),
                source=inputs.population_source)))
        densities = []
        for country in inputs.countries:
            key = f"density.{country.iso3.lower()}_per_1000"
            url_state.read_number(key, country.default, *model.DENSITY_RANGE)
            densities.append((country.iso3, float(st.number_input(
                _("{country}: physicians per 1,000").format(country=country.country), min_value=model.DENSITY_RANGE[0],
                max_value=model.DENSITY_RANGE[1], value=country.default, step=0.1, format="%.2f", key=key,
                bind="query-params",
                help=_("Default: {value}, from the overview article.").format(value=f"{country.default:g}")))))
        key = "density.ai_gain_pct"
        url_state.read_number(key, model.GAIN_DEFAULT, *model.GAIN_RANGE)
        gain = st.slider(_("AI productivity gain per physician (assumption)"), model.GAIN_RANGE[0], model.GAIN_RANGE[1],
                         model.GAIN_DEFAULT, step=5, format="%d%%", key=key, bind="query-params",
                         help=_("How much more work each physician gets done with AI assistance. No source "
                                "states this figure: it is yours to set."))
        st.markdown(":material/info: " + _("The productivity gain is **an illustration of the arithmetic, not a "
                                            "forecast**: no source states one."))

    view = view_runner.view_or_stop("physician_density", "build", chosen,
                                    model.Settings(population, tuple(densities), float(gain), presenting))

    # ---- 2. The gap in people, and what an AI productivity gain covers -------------------------------
    with results:
        metric_cols = st.columns(len(view.metrics))
        for col, metric in zip(metric_cols, view.metrics):
            col.metric(metric.label, metric.value, help=metric.help, border=True)
        layout.paragraphs(*(markdown.md(s) for s in view.gap_sentences), markdown.md(view.coverage_sentence))
        layout.show_chart(view.gap_chart)

    # ---- 3. Official statistics beside the headline ------------------------------------------------------
    st.subheader(_("Official statistics: a second comparison, with year and definition"), anchor=False)
    st.caption(_("OECD, Eurostat, WHO and Destatis figures count practising or medical doctors in a stated year. "
                 "They differ from the article's figures, whose year and definition are not stated; both are shown, "
                 "neither is adjusted."))
    chart_col, note_col = st.columns([3, 2], gap="large")
    with chart_col:
        layout.show_chart(view.official_chart)
    with note_col:
        st.markdown("**" + _("What the official figures change") + "**")
        if view.official_sentence:
            st.markdown(markdown.md(view.official_sentence))
        if view.national_note:
            st.info(markdown.md(view.national_note), icon=":material/info:")
            layout.source_caption(view.national_rows)
    st.dataframe(
        view.official_table, hide_index=True, width="stretch", height="content",
        column_config={"country": st.column_config.TextColumn(_("Country"), width="medium"),
                       "value_per_1000": st.column_config.NumberColumn(_("Per 1,000"), format="%.2f", width="small"),
                       "year": st.column_config.NumberColumn(_("Year"), format="%d", width="small"),
                       "definition": st.column_config.TextColumn(_("Definition"), width="large"),
                       "source_name": st.column_config.TextColumn(_("Source"), width="large"),
                       "confidence": st.column_config.TextColumn(_("Confidence"), width="medium"),
                       "evidence": st.column_config.TextColumn(_("Evidence"), width="small")})


gap_and_official()

# ---- 4. Within China: the provinces ----------------------------------------------------------------
st.subheader(_("Within China: physicians by province"), anchor=False)
chart_col, note_col = st.columns([3, 2], gap="large")
with chart_col:
    if page_view.province_chart is None:
        layout.empty_state(page_view.province_empty)
    else:
        layout.show_chart(page_view.province_chart)
with note_col:
    st.markdown("**" + _("The rural–urban gap") + "**")
    statements(page_view.rural_statements)
    st.caption(_("Province figures count licensed and assistant physicians (China's national definition), so "
                 "compare them with each other and with the NHC figure, not with the OECD bars above."))
