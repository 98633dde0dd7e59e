"""Runs a page's view model on the current data, cached per (data version, filters, settings).

Why a cache of whole views: a rerun that changes nothing (a click elsewhere, a
plain rerun, a page switch back) then computes nothing; a filter change
computes only that page's view once for every session that asks for it. Views
are frozen dataclasses shared read-only between sessions (st.cache_resource: no
copy per rerun). A broken data file shows the data-error callout and stops the
page, as before.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import streamlit as st

from components import data_layer
from components.datasets import DataFileError
from components.schemas import BOUNDARIES

VIEWS_PACKAGE = "components.views"


def view_module(stem: str) -> ModuleType:
    return importlib.import_module(f"{VIEWS_PACKAGE}.{stem}")


def tables(module: ModuleType) -> dict:
    """The validated tables a view model declares it needs (raises DataFileError).

    `schemas.BOUNDARIES` among them stands for the province boundaries (GeoJSON), which the map's view draws.
    """
    return {name: data_layer.provinces_geojson() if name == BOUNDARIES else data_layer.table(name)
            for name in module.TABLES}


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached(module_name: str, version: tuple, call: str, args: tuple) -> Any:
    module = importlib.import_module(module_name)
    return getattr(module, call)(tables(module), *args)


def compute(stem: str, call: str, *args: Any) -> Any:
    """`components.views.<stem>.<call>(tables, *args)`, cached; raises DataFileError on broken data."""
    module = view_module(stem)
    version = data_layer.version(*module.TABLES)
    return _cached(module.__name__, version, call, args)


def view_or_stop(stem: str, call: str, *args: Any) -> Any:
    """What a page calls: the view, or the data-error callout and the end of this page's run."""
    from components import layout

    try:
        return compute(stem, call, *args)
    except DataFileError as err:
        layout.data_error(err)
        st.stop()

