"""What the page on screen registered for its briefing export, this run (session state).

app.py clears it before each page run; layout.show_chart and the map page add
their items; the export controls read it after the page ran, so an export
holds exactly what is on screen.
"""
from __future__ import annotations

import streamlit as st

KEY = "_export_items"


def begin() -> None:
    st.session_state[KEY] = []


def add(*items: dict) -> None:
    st.session_state.setdefault(KEY, []).extend(items)


def registered() -> list[dict]:
    return list(st.session_state.get(KEY, []))
