"""Pure domain logic (no Streamlit, no I/O): market arithmetic, physician gaps, entry paths, headlines, the figure catalogue, map content."""
