"""Physician density: China 2.4 vs US 4.2 vs Germany 4.3 per 1,000 people."""
import streamlit as st

from components import charts, layout

density, _ = layout.tables_or_stop("physician_density", "sources")

layout.page_header("Physician density", "China has about 2.4 physicians per 1,000 people, against 4.2 in the US and 4.3 in Germany.")
headline = density[density["series"] == "headline"].copy()
headline["source_name"] = headline["source_id"].map(layout.short_source_name)
st.altair_chart(charts.physician_density_chart(headline, title="Physicians per 1,000 people (article's comparison)"),
                width="stretch")
layout.source_caption(headline)
