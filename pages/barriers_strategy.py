"""Barriers & strategy: what stands in a foreign entrant's way, and what worked."""
import streamlit as st

from components import layout

barriers, = layout.tables_or_stop("barriers")

layout.page_header("Barriers & strategy", "Four barriers, each with a company that got past it.")
for row in barriers.itertuples():
    with st.container(border=True):
        st.subheader(row.name, anchor=False)
        st.markdown(f"**Challenge.** {layout.md(row.challenge)}")
        st.markdown(f"**Example: {layout.md(row.example_company)}.** {layout.md(row.example)}")
        st.markdown(f"**Strategy.** {layout.md(row.strategy)}")
layout.source_caption(barriers)
