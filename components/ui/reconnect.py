"""Rerun the page on the replica a viewer lands on after a reconnect (failover behind a load balancer).

Why: Streamlit keeps a session in the process that holds its websocket. When
that process stops, the browser reconnects, and behind a load balancer it may
reach another replica, which opens a fresh session. Streamlit's frontend asks
the new server for a script run after a reconnect only in some cases: a run
was in progress, or the page has a fragment that reruns on a timer (its timers
cannot be trusted to survive on the server). Otherwise it keeps showing the
old page, drawn by a session that no longer exists: its download buttons and
media point at the dead replica until the viewer touches a control.

So the frame registers one timed fragment that draws nothing. Its only effect
is to put every page in the second case: after any reconnect the browser
requests a run, the new session runs the page from the URL and the widget
values the browser still holds, and the view comes back whole. The timer
itself fires twice a day (an empty fragment run costs nothing); it stays below
setInterval's 24.8-day limit, past which a browser would fire it at once.
"""
from __future__ import annotations

import streamlit as st

TIMER = "12h"


@st.fragment(run_every=TIMER)
def _rerun_on_reconnect() -> None:
    """Draws nothing: registering the timer is the point (see the module docstring)."""


def rerun_on_reconnect() -> None:
    """Call once per run, in the frame around every page."""
    _rerun_on_reconnect()
