"""Runs a page's view model on the current data, cached per (data version, filters, settings, language).

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

from components import i18n
from components.data import data_layer
from components.data.datasets import DataFileError
from components.data.schemas import BOUNDARIES

VIEWS_PACKAGE = "components.views"


def view_module(stem: str) -> ModuleType:
    return importlib.import_module(f"{VIEWS_PACKAGE}.{stem}")


class LoadedTables(dict):
    """The tables a view asked for, and the optional ones that could not be loaded (`broken`: file names)."""

    broken: tuple[str, ...] = ()


def table_names(module: ModuleType, call: str = "build") -> tuple[str, ...]:
    """The tables `call` needs: `CALL_TABLES[call]` where the module declares one, else all of `TABLES`.

    A page whose sections read different files declares them per call, so a
    broken file stops only the section that reads it.
    """
    return tuple(getattr(module, "CALL_TABLES", {}).get(call, module.TABLES))


def _load(name: str):
    """A validated table; `schemas.BOUNDARIES` stands for the province boundaries (GeoJSON) the map draws."""
    return data_layer.provinces_geojson() if name == BOUNDARIES else data_layer.table(name)


def tables(module: ModuleType, call: str = "build") -> LoadedTables:
    """The tables `call` needs (a broken one raises DataFileError), plus the `OPTIONAL` ones that load."""
    out = LoadedTables((name, _load(name)) for name in table_names(module, call))
    broken = []
    for name in getattr(module, "OPTIONAL", ()):
        try:
            out[name] = _load(name)
        except DataFileError as err:
            broken.append(err.file)
    out.broken = tuple(broken)
    return out


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached(module_name: str, version: tuple, call: str, args: tuple, lang: str) -> Any:
    module = importlib.import_module(module_name)
    with i18n.use(lang):
        return getattr(module, call)(tables(module, call), *args)


def compute(stem: str, call: str, *args: Any) -> Any:
    """`components.views.<stem>.<call>(tables, *args)`, cached; raises DataFileError on broken data."""
    module = view_module(stem)
    version = data_layer.version(*table_names(module, call), *getattr(module, "OPTIONAL", ()))
    return _cached(module.__name__, version, call, args, i18n.current())


def view_or_stop(stem: str, call: str, *args: Any) -> Any:
    """What a page calls: the view, or the data-error callout and the end of this page's run."""
    from components.ui import layout

    try:
        return compute(stem, call, *args)
    except DataFileError as err:
        layout.data_error(err)
        st.stop()


def view_or_error(stem: str, call: str, *args: Any) -> Any:
    """For one section of a page: the view, or the data-error callout in its place and None (the page goes on)."""
    from components.ui import layout

    try:
        return compute(stem, call, *args)
    except DataFileError as err:
        layout.data_error(err)
        return None
