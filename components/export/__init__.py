"""The briefing export: slides and the one-page PDF from view models' items (no Streamlit)."""
