"""Fixed vocabulary shown in both languages: region names. No Streamlit here.

Why here: the same region name appears in the sidebar filter, the map's
panels and the view models' sentences; one translation keeps them identical.
The data and the URL keep the English name.
"""
from __future__ import annotations

from components.i18n import N_, _

REGION_LABELS = {
    "East": N_("East"),
    "Central": N_("Central"),
    "West": N_("West"),
    "Northeast": N_("Northeast"),
    "Hong Kong & Macao (SARs)": N_("Hong Kong & Macao (SARs)"),
}


def region(name: str) -> str:
    """A region's name in the current language (unknown names unchanged)."""
    return _(REGION_LABELS[name]) if name in REGION_LABELS else name
