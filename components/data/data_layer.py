"""THE data layer: the only reader of data/. Load, validate, cache.

Pages ask for a validated frame by name and never touch files:

    from components.data import data_layer
    market = data_layer.table("market_size")      # pd.DataFrame, or DataFileError
    geo = data_layer.provinces_geojson()           # dict (GeoJSON)
    info = data_layer.dataset_info()               # {"data_as_of": ...}

Caching: each result is cached with `st.cache_data`, keyed on the modification
time and size of the file and of the files it refers to, so reruns and page
switches read nothing, and an analyst's edit shows on the next interaction
without restarting the server. The folder can be pointed elsewhere with the
HCAI_DATA_DIR environment variable (used by the robustness tests).
"""
from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import pandas as pd
import streamlit as st

from components.data import datasets
from components.data.datasets import DataFileError
from components.data.schemas import BOUNDARIES, DATASET_INFO_FILE, GEOJSON_FILE, TABLES

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

__all__ = ["DataFileError", "TABLES", "data_dir", "table", "provinces_geojson", "dataset_info",
           "sources", "source_lookup", "all_tables", "dataset_files"]


def data_dir() -> Path:
    return Path(os.environ.get("HCAI_DATA_DIR") or DEFAULT_DATA_DIR)


def _signature(folder: Path, files: list[str]) -> tuple:
    """What the cache is keyed on: (file, mtime, size) for each file involved."""
    out = []
    for name in files:
        try:
            stat = (folder / name).stat()
            out.append((name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _files_for(name: str) -> tuple[str, ...]:
    """The table's own file plus every file it depends on, transitively (the boundaries: theirs and provinces')."""
    if name == BOUNDARIES:
        return (GEOJSON_FILE, *_files_for("provinces"))
    seen: list[str] = []
    stack = [name]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.append(current)
        stack.extend(datasets.dependencies(current))
    return tuple(TABLES[n].file for n in seen)


@st.cache_data(show_spinner=False, max_entries=256)
def _load_table(name: str, folder: str, signature: tuple) -> pd.DataFrame:
    spec = TABLES[name]
    known: dict[tuple[str, str], set[str]] = {}
    for ref in spec.refs:
        if ref.table == name:
            continue
        try:
            parent = table(ref.table, Path(folder))
        except DataFileError as err:
            # Carry the parent's own problems along, so the page that needs this
            # table names the file and row an analyst has to fix.
            raise DataFileError(spec.file, [datasets.Problem(
                spec.file, None, ref.column,
                f"cannot be checked because {err.file} is not valid"), *err.problems]) from None
        known[(ref.table, ref.key)] = set(parent[ref.key].astype(str))
    return datasets.read_table(spec, Path(folder), known)


# Warm calls, made cheap. A hit in st.cache_data still hashes the arguments and
# unpickles a fresh copy of the frame, and a page makes many calls a run. So the
# frame of the current file versions is also kept in this process and each
# caller gets a DataFrame.copy() (far cheaper than unpickling): pages may still
# modify what they receive, and the key is the same file signature, so an
# analyst's edit is seen as before.
_RECENT: dict[tuple[str, str], tuple[tuple, pd.DataFrame]] = {}
_RECENT_MAX = 64  # (table, folder) pairs; tests point HCAI_DATA_DIR at many scratch folders
_RECENT_LOCK = threading.Lock()


def table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """A validated, cached table by name (see components.data.schemas.TABLES)."""
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
    folder = folder or data_dir()
    key = (name, str(folder))
    signature = _signature(folder, _files_for(name))
    recent = _RECENT.get(key)
    if recent is not None and recent[0] == signature:
        return recent[1].copy()
    frame = _load_table(name, str(folder), signature)
    with _RECENT_LOCK:
        _RECENT.pop(key, None)
        while len(_RECENT) >= _RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = (signature, frame)
    return frame.copy()


def version(*names: str) -> tuple:
    """A token that changes whenever any file behind these tables changes: the key of a cached view."""
    folder = data_dir()
    files = sorted({file for name in names for file in _files_for(name)})
    return (str(folder), _signature(folder, files))


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_geojson(folder: str, signature: tuple) -> dict:
    # cache_resource: the large document is shared read-only, not copied per rerun.
    codes = table("provinces", Path(folder))["province_code"]
    return datasets.read_geojson(Path(folder), codes)


def provinces_geojson() -> dict:
    """Province boundaries (Natural Earth). Treat as read-only."""
    folder = data_dir()
    return _load_geojson(str(folder), _signature(folder, list(_files_for(BOUNDARIES))))


@st.cache_data(show_spinner=False, max_entries=8)
def _load_dataset_info(folder: str, signature: tuple) -> dict:
    return datasets.read_dataset_info(Path(folder))


def dataset_info() -> dict:
    folder = data_dir()
    return _load_dataset_info(str(folder), _signature(folder, [DATASET_INFO_FILE]))


def sources() -> pd.DataFrame:
    return table("sources")


_LOOKUP: dict[tuple, dict[str, dict]] = {}
_LOOKUP_LOCK = threading.Lock()  # sessions run in threads: clear-and-set must not interleave


def source_lookup() -> dict[str, dict]:
    """source_id -> the source's record, for captions and tooltips. Treat the records as read-only.

    Every source line calls this, several times a run: the records are built
    once per version of sources.csv (to_dict is not free) and each caller
    gets its own outer dict.
    """
    folder = data_dir()
    key = (str(folder), _signature(folder, _files_for("sources")))
    lookup = _LOOKUP.get(key)
    if lookup is None:
        lookup = {row["source_id"]: row for row in sources().to_dict("records")}
        with _LOOKUP_LOCK:
            _LOOKUP.clear()  # only the current version is worth keeping
            _LOOKUP[key] = lookup
    return dict(lookup)


def all_tables() -> dict[str, pd.DataFrame | DataFileError]:
    """Every table, or the error that stops it (for the sources page and the zip download)."""
    out: dict[str, pd.DataFrame | DataFileError] = {}
    for name in TABLES:
        try:
            out[name] = table(name)
        except DataFileError as err:
            out[name] = err
    return out


DATASET_SUFFIXES = (".csv", ".json", ".geojson", ".md")


def dataset_files() -> dict[str, bytes]:
    """Every file of data/ as its exact bytes (CSVs, GeoJSON, dataset.json, README.md), for the download.

    Not cached on purpose: it runs only when someone clicks "Download the dataset"
    (a lazily built download), and a byte-exact copy of what is on disk is the point.
    """
    folder = data_dir()
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.is_file() and path.suffix in DATASET_SUFFIXES}
