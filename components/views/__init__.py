"""One view model per page: (tables, global filters, the page's settings) -> everything the page shows.

Pure functions returning frozen dataclasses; no Streamlit. components.ui.view_runner
runs and caches them for the pages; the exports and the tests call them too.
"""
