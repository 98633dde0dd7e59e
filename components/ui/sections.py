"""Sections of a page that rerun alone: a page-local control redraws its section, not the page.

Why: a control such as Market size's scale toggle or the map's selection
changes one section; rerunning the whole page for it rebuilds and redraws every
chart, table and card. `section` is st.fragment plus what the frame needs when
only a section ran: the export buttons (drawn by the last full run, in the
sidebar) are pointed at the page as it now is. A section registers its charts
as any page code does (layout.show_chart, export_ui.register); the registry
replaces them by key.

Rules for a section: it reads its inputs itself (URL-bound widgets inside it,
or arguments that do not change between full runs), draws only inside itself,
and computes only its own part of the view model.
"""
from __future__ import annotations

import functools
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from components.ui import export_ui


def section_rerun() -> bool:
    """True while a section reruns alone (not during a full run of the page)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def section(body: Callable) -> Callable:
    """Decorator: `body` reruns alone when a widget inside it changes (st.fragment)."""

    @functools.wraps(body)
    def run(*args, **kwargs):
        result = body(*args, **kwargs)
        if section_rerun():
            export_ui.refresh()
        return result

    return st.fragment(run)
