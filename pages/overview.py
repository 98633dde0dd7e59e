"""Overview: the headline figures, each with its source."""
import streamlit as st

from components import layout

market, facts, density = layout.tables_or_stop("market_size", "facts", "physician_density")

layout.page_header("Healthcare AI in China",
                   "A fast-growing, policy-driven market whose size depends on who measures it.")

totals = market[market["scope"] == "AI in healthcare (total)"]
fact = facts.set_index("fact_id")
cols = st.columns(4)
ov = totals[totals["source_id"] == "mkt-overview"].set_index("year")
cb = totals[totals["source_id"] == "china-briefing-2"].set_index("year")
cols[0].metric("Market 2024 (overview article)", f"US${ov.loc[2024, 'low_usd_bn']:g}–{ov.loc[2024, 'high_usd_bn']:g} bn",
               help=layout.short_source_name("mkt-overview"), border=True)
cols[1].metric("Market 2023 (China Briefing)", f"US${cb.loc[2023, 'value_usd_bn']:g} bn",
               help=layout.short_source_name("china-briefing-2"), border=True)
cols[2].metric("NMPA Class III AI devices, mid-2024", f"{fact.loc['nmpa_class3_2024', 'value']:,.0f}",
               help=layout.short_source_name("china-briefing-2"), border=True)
headline = density[density["series"] == "headline"].set_index("iso3")
cols[3].metric("Physicians per 1,000: China vs US", f"{headline.loc['CHN', 'value_per_1000']:g} vs {headline.loc['USA', 'value_per_1000']:g}",
               help=layout.short_source_name("mkt-overview"), border=True)
layout.source_caption(totals, fact.loc[["nmpa_class3_2024"]].reset_index(), headline.reset_index())
