"""What the page on screen registered for its briefing export, this run (session state).

app.py clears it before each page run; layout.show_chart and the map page add
their items; the export controls read it after the page ran, so an export
holds exactly what is on screen. Items are keyed: a section that reruns alone
(components.ui.sections) registers its items again and replaces them in place,
so the export follows the section without duplicates.
"""
from __future__ import annotations

import streamlit as st

KEY = "_export_items"


def begin() -> None:
    st.session_state[KEY] = []


def add(*items: dict) -> None:
    registered_items = st.session_state.setdefault(KEY, [])
    for item in items:
        at = next((i for i, old in enumerate(registered_items) if old.get("key") == item.get("key")), None)
        if at is None:
            registered_items.append(item)
        else:
            registered_items[at] = item


def registered() -> list[dict]:
    return list(st.session_state.get(KEY, []))
