"""The benchmark's baseline: the smallest honest Streamlit page, a title and one small Altair chart.

bench/run_bench.py serves it beside the dashboard, with the same Streamlit,
the same .streamlit/config.toml and the same browser, so every dashboard
figure can be read as a ratio to what Streamlit itself costs. The numbers are
synthetic placeholders for the benchmark, not data from the dashboard.
"""
import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare Streamlit page")
frame = pd.DataFrame({"category": ["A", "B", "C", "D", "E"], "value": [3, 5, 2, 6, 4]})
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="category:N", y="value:Q"), width="stretch")
