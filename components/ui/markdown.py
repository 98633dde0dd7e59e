"""Escaping for text the app did not write: data and URL values never turn into markup.

Two targets: Streamlit markdown (st.markdown, st.caption, help texts), where
"US$1.59" would start LaTeX and "*" emphasis, and raw HTML blocks.
"""
from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!$|<>~])")


def md(text: object) -> str:
    """Escape text for st.markdown/st.caption: data never turns into markup or LaTeX ("US$1.59")."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def html(text: object) -> str:
    """Escape text for a raw HTML block."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
