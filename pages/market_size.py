"""Market size: every source's estimate on one chart, ranges kept as ranges."""
import streamlit as st

from components import charts, layout

market, _ = layout.tables_or_stop("market_size", "sources")

layout.page_header("Market size", "Sources disagree on today's size by a factor of two to three; all see rapid growth.")
frame = market[market["scope"] == "AI in healthcare (total)"].copy()
frame["source_name"] = frame["source_id"].map(layout.short_source_name)
frame["series"] = frame["source_id"]
frame["label"] = frame.apply(lambda r: f"US${r.value_usd_bn:g} bn" if r.value_usd_bn == r.value_usd_bn
                             else f"US${r.low_usd_bn:g}–{r.high_usd_bn:g} bn", axis=1)
st.altair_chart(charts.market_size_chart(frame, title="China healthcare AI market, USD billion, by source"),
                width="stretch")
layout.source_caption(frame)
st.dataframe(frame[["source_name", "year", "label", "kind", "note"]], hide_index=True)
