"""The province map's selection as UI state: the URL holds the selection; the deck's key follows held clicks.

A click on the map (or the picker beside it) writes `map.selected` to the URL,
and the URL is what the page reads, so a shared link opens on the same
selection. Clearing bumps a generation number in the deck's key, which remounts
the chart without its browser-side highlight; so does a filter change that
moves the symbols while a click is held, so a remembered click can never point
at a different symbol. Without a held click the key stays put: remounting
deck.gl costs seconds of WebGL start-up, so a filter change keeps the key and
deck.gl updates its layers in place.
"""
from __future__ import annotations

import streamlit as st

from components.domain import map_data
from components.ui import url_state

SELECTED_KEY, PICK_KEY = "map.selected", "map.pick"
GENERATION_KEY, SYMBOLS_KEY = "_map_deck_generation", "_map_deck_symbols"


def deck_key(symbols: str) -> str:
    """The deck's widget key for this run, given a token of the symbols it draws."""
    generation = st.session_state.get(GENERATION_KEY, 0)
    if st.session_state.get(SYMBOLS_KEY, symbols) != symbols and map_data.selection_from_event(
            getattr(st.session_state.get(f"map.deck.{generation}"), "selection", None)):
        generation = st.session_state[GENERATION_KEY] = generation + 1
    st.session_state[SYMBOLS_KEY] = symbols
    return f"map.deck.{generation}"


def on_map_click(key: str) -> None:
    """A click selects (or, on empty map, deselects): write it to the URL, which the page reads."""
    event = st.session_state.get(key)
    url_state.set_param(SELECTED_KEY, map_data.selection_from_event(event.selection if event else None))


def _forget_map_click() -> None:
    """Remount the deck so its own highlight of an earlier click does not contradict the URL.

    Only when the deck holds a click: a remount costs deck.gl's WebGL start-up again (seconds in a
    software-rendered browser), which a pick after picks, or after a cleared click, need not pay.
    """
    generation = st.session_state.get(GENERATION_KEY, 0)
    held = getattr(st.session_state.get(f"map.deck.{generation}"), "selection", None)
    if map_data.selection_from_event(held):
        st.session_state[GENERATION_KEY] = generation + 1


def on_pick(choices: dict[str, str]) -> None:
    picked = st.session_state.get(PICK_KEY)
    url_state.set_param(SELECTED_KEY, next((k for k, v in choices.items() if v == picked), None))
    _forget_map_click()


def on_clear() -> None:
    url_state.set_param(SELECTED_KEY, None)
    _forget_map_click()


def sync_picker(label: str | None) -> None:
    """The picker shows the URL's selection (a map click or a shared link changes it from outside)."""
    if st.session_state.get(PICK_KEY) != label:
        st.session_state[PICK_KEY] = label
