"""Streamlit-facing pieces shared by the pages: page furniture, filters, URL state, presentation mode, export controls, the view runner."""
