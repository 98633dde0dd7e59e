"""Pure map builders: frames + GeoJSON -> pydeck Deck, and the geometry behind them (no Streamlit)."""
