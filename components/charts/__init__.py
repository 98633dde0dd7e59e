"""Pure chart builders: DataFrame -> Altair chart -> Vega-Lite dict (no Streamlit)."""
