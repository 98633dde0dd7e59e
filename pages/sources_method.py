"""Sources & method: every source, and every figure with the sentence it came from."""
import streamlit as st

from components import layout

sources, = layout.tables_or_stop("sources")

layout.page_header("Sources & method", "Every figure in this dashboard traces to one of these sources.")
st.dataframe(sources, hide_index=True, column_config={"url": st.column_config.LinkColumn("URL")})
