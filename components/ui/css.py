"""The dashboard's own stylesheet, injected once per run by app.py (colours from components.theme)."""
from __future__ import annotations

import streamlit as st

from components import theme

PAGE_CSS = f"""
<style>
.hcai-finding {{ font-size: 1.2rem; color: {theme.TEXT}; margin-top: -0.5rem; max-width: 70rem; }}
/* "Copy link to this view": plain HTML (it runs our own script), styled like Streamlit's secondary button. */
.hcai-copy-link {{
  font: inherit; font-size: 1rem; color: {theme.TEXT}; background: #FFFFFF; cursor: pointer;
  border: 1px solid {theme.BORDER}; border-radius: 0.5rem; padding: 0.35rem 0.75rem; min-height: 2.5rem;
}}
.hcai-copy-link:hover {{ border-color: {theme.ACCENT}; color: {theme.ACCENT}; }}
.hcai-copy-link:focus-visible {{ outline: 2px solid {theme.ACCENT}; outline-offset: 2px; }}
/* Captions (source lines): Streamlit fades them (opacity 0.6) to 4.35:1 on white, under WCAG AA's 4.5:1;
   the muted text colour at full opacity is 7.5:1. */
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {theme.MUTED_TEXT}; }}
[data-testid="stCaptionContainer"] p {{ color: {theme.MUTED_TEXT}; }}
/* A button's keyboard-shortcut hint (e.g. "Esc"): Streamlit fades it to 3.4:1 on a primary button. */
button kbd {{ color: inherit !important; opacity: 1 !important; }}
/* Metric labels wrap instead of ending in "…": a clipped label hides which source a figure is from. */
[data-testid="stMetricLabel"] * {{ white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }}
.hcai-card-context {{ font-size: 1rem; color: {theme.TEXT}; margin: -0.5rem 0 0.25rem 0; }}
.hcai-copy-status {{ display: block; font-size: 0.875rem; color: {theme.MUTED_TEXT}; margin-top: 0.25rem; }}
</style>
"""


def inject_css() -> None:
    st.html(PAGE_CSS)
