"""The dashboard's own stylesheet, injected once per run by app.py (colours from components.theme).

It also declares the Chinese web font: the subset of Noto Sans SC in
static/fonts/ (tools/font_subset.py), served by Streamlit's static file serving
under the app's own sub-path (server.baseUrlPath), so it works behind the proxy
and offline. It is declared twice: as "Noto Sans SC" (what Chinese charts name),
and as the theme's own "Source Sans" restricted to CJK code points, so Chinese
page text is drawn with it while Latin text keeps the theme font unchanged.
"""
from __future__ import annotations

import streamlit as st

from components import theme
from components.ui import public_url

FONT_FAMILY = "Noto Sans SC"
THEME_FAMILY = "Source Sans"      # Streamlit's body font (its theme's sansSerif stack)
FONT_FILE = "fonts/NotoSansSC-Subset.woff2"
# CJK punctuation, radicals, ideographs (extension A, unified, compatibility) and fullwidth forms.
CJK_RANGE = "U+2E80-2FDF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF"


def font_url(base_path: str | None) -> str:
    """The web font's address under Streamlit's static serving: '/china-ai/app/static/fonts/…'."""
    return f"{public_url.clean_base_path(base_path)}/app/static/{FONT_FILE}"


def font_css(base_path: str | None) -> str:
    url = font_url(base_path)
    return f"""
@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; font-weight: 100 900; font-display: swap;
  src: url("{url}") format("woff2"); }}
@font-face {{ font-family: "{THEME_FAMILY}"; font-style: normal; font-weight: 100 900; font-display: swap;
  src: url("{url}") format("woff2"); unicode-range: {CJK_RANGE}; }}
"""

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
    st.html(f"<style>{font_css(st.get_option('server.baseUrlPath'))}</style>{PAGE_CSS}")
