"""Bad data never crashes the dashboard, and the app never writes to data/.

For every data file the schemas declare (plus the GeoJSON and dataset.json),
a scratch copy of data/ gets that one file corrupted in each way an analyst's
spreadsheet can corrupt it: deleted, emptied, saved in the wrong encoding, a
column dropped, text typed into a number column, a row pasted twice, a
source id that does not exist.

Two levels:
- the data layer, for every file and every applicable corruption: one error
  naming the file, the row (where there is one) and the column;
- the whole app (AppTest through app.py), every page, for every file with one
  corruption each (rotating, so every kind is exercised at page level): no
  exception anywhere; every page that needs the file shows the callout naming
  file and row; every error shown names the broken file; every page still
  draws its title; the scratch copy and the real data/ are byte-identical
  before and after.

Which pages need which file is measured, not typed: a first pass over the
pristine data records the tables each page's view model asks for (`view_runner.compute`).
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data import data_layer
from components.ui import layout, view_runner
from components.data.datasets import DataFileError
from components.data.schemas import DATASET_INFO_FILE, GEOJSON_FILE, TABLES
from tests.conftest import APP, DATA, PAGES, tree_hash

KINDS = ("deleted", "empty", "wrong_encoding", "missing_column", "text_in_number", "duplicate_key",
         "unknown_source")
UNKNOWN_ID = "no-such-source-id"


@dataclass(frozen=True)
class Expected:
    """What the error must name: the file, and the row and column when the corruption has one."""

    file: str
    row: int | None = None
    column: str | None = None
    words: str = ""


def _read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def corrupt_csv(folder: Path, name: str, kind: str) -> Expected | None:
    """Corrupt `name`.csv in `folder`; None when the corruption does not apply to this table."""
    spec = TABLES[name]
    path = folder / spec.file
    if kind == "deleted":
        path.unlink()
        return Expected(spec.file, words="missing")
    if kind == "empty":
        path.write_bytes(b"")
        return Expected(spec.file, words="empty")
    if kind == "wrong_encoding":
        # What Excel's "Unicode Text" writes: UTF-16 with a byte-order mark.
        path.write_bytes(path.read_text(encoding="utf-8-sig").encode("utf-16"))
        return Expected(spec.file, row=1, words="UTF-8")
    rows = _read_rows(path)
    header = rows[0]
    if kind == "missing_column":
        column = next(c.name for c in reversed(spec.columns) if c.required)
        index = header.index(column)
        _write_rows(path, [r[:index] + r[index + 1:] for r in rows])
        return Expected(spec.file, row=1, column=column, words="missing from the header")
    if kind == "text_in_number":
        numeric = [c.name for c in spec.columns if c.kind in ("int", "float")]
        if not numeric:
            return None
        rows[1][header.index(numeric[0])] = "about 12"
        _write_rows(path, rows)
        return Expected(spec.file, row=2, column=numeric[0], words="number")
    if kind == "duplicate_key":
        rows.append(list(rows[1]))
        _write_rows(path, rows)
        return Expected(spec.file, row=len(rows), words="duplicate key")
    if kind == "unknown_source":
        ref = next((r for r in spec.refs if r.table == "sources" and r.table != name), None)
        if ref is None:
            return None
        rows[1][header.index(ref.column)] = UNKNOWN_ID
        _write_rows(path, rows)
        return Expected(spec.file, row=2, column=ref.column, words=UNKNOWN_ID)
    raise ValueError(kind)


def corrupt_json(folder: Path, file: str, kind: str) -> Expected | None:
    """The two JSON files: the corruptions that make sense for a document rather than a table."""
    path = folder / file
    if kind == "deleted":
        path.unlink()
        return Expected(file, words="missing")
    if kind == "empty":
        path.write_bytes(b"")
        return Expected(file, row=1, words="not valid JSON")
    if kind == "wrong_encoding":
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
        return Expected(file, row=1, words="UTF-8")
    doc = json.loads(path.read_text(encoding="utf-8"))
    if kind == "top_level_list":
        path.write_text(json.dumps([doc]), encoding="utf-8")
        return Expected(file, column="data_as_of" if file == DATASET_INFO_FILE else None,
                        words="expected a date" if file == DATASET_INFO_FILE else "the top level is a list")
    if kind == "missing_column" and file == DATASET_INFO_FILE:
        doc.pop("data_as_of")
        path.write_text(json.dumps(doc), encoding="utf-8")
        return Expected(file, column="data_as_of")
    if kind == "unknown_source" and file == GEOJSON_FILE:
        doc["features"][0]["properties"]["iso_3166_2"] = "CN-ZZ"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return Expected(file, column="iso_3166_2", words="CN-ZZ")
    if kind == "text_in_number" and file == GEOJSON_FILE:
        text = path.read_text(encoding="utf-8")
        start = text.index('"coordinates"')
        path.write_text(text[:start] + '"coordinates": [[[about, 12]]]}}' + text[start:], encoding="utf-8")
        return Expected(file, row=1, words="not valid JSON")
    return None


JSON_KINDS = {
    GEOJSON_FILE: ("deleted", "empty", "wrong_encoding", "text_in_number", "unknown_source", "top_level_list"),
    DATASET_INFO_FILE: ("deleted", "empty", "wrong_encoding", "missing_column", "top_level_list"),
}


def applies(file: str, kind: str) -> bool:
    """Whether a corruption makes sense for a file (no number column, no source reference…)."""
    if not file.endswith(".csv"):
        return kind in JSON_KINDS[file]
    if kind not in KINDS:
        return False
    spec = TABLES[file.removesuffix(".csv")]
    if kind == "text_in_number":
        return any(c.kind in ("int", "float") for c in spec.columns)
    if kind == "unknown_source":
        return any(r.table == "sources" and r.table != spec.name for r in spec.refs)
    return True


def corrupt(folder: Path, file: str, kind: str) -> Expected | None:
    if not applies(file, kind):
        return None
    if file.endswith(".csv"):
        return corrupt_csv(folder, file.removesuffix(".csv"), kind)
    return corrupt_json(folder, file, kind)


FILES = [spec.file for spec in TABLES.values()] + [GEOJSON_FILE, DATASET_INFO_FILE]


def _load(file: str):
    """Ask the data layer for the file, the way a page would."""
    if file == GEOJSON_FILE:
        return data_layer.provinces_geojson()
    if file == DATASET_INFO_FILE:
        return data_layer.dataset_info()
    return data_layer.table(file.removesuffix(".csv"))


def _plain(text: str) -> str:
    """Markdown-escaped callout text back to plain words (layout.md escapes `_`, `$`…)."""
    return text.replace("\\", "")


def _names(expected: Expected, text: str) -> bool:
    """The message names the file, with the row and column beside it, and says what is wrong."""
    text = _plain(text)
    where = re.escape(expected.file)
    if expected.row is not None:
        where += rf", row {expected.row}"
    elif expected.column:
        where += r"(, row \d+)?"  # a column-level problem may or may not point at a row
    if expected.column:
        where += rf", column {re.escape(expected.column)}"
    return re.search(where + "[,:]", text) is not None and expected.words in text


@pytest.fixture(scope="module", autouse=True)
def real_data_untouched():
    """Nothing in this module (nor the app it runs) may modify the real data/ folder."""
    before = tree_hash(DATA)
    yield
    assert tree_hash(DATA) == before, "data/ was modified"


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("HCAI_DATA_DIR", str(target))
    return target


@pytest.mark.parametrize("file,kind", [(f, k) for f in FILES for k in (*KINDS, "top_level_list") if applies(f, k)])
def test_data_layer_names_file_row_and_column(scratch, file, kind):
    expected = corrupt(scratch, file, kind)
    with pytest.raises(DataFileError) as caught:
        _load(file)
    assert caught.value.file == file
    assert _names(expected, str(caught.value)), f"expected {expected} in:\n{caught.value}"


# --- the whole app -----------------------------------------------------------

def _run_every_page(monkeypatch=None) -> dict[str, dict]:
    """Run app.py, then every page; per page: title, errors, exception, tables it asked to stop on."""
    asked: list[str] = []
    if monkeypatch is not None:
        real_compute = view_runner.compute
        monkeypatch.setattr(view_runner, "compute", lambda stem, call, *args: (
            asked.extend(view_runner.view_module(stem).TABLES), real_compute(stem, call, *args))[1])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    # The frame's own texts (footer, sidebar) from the first run: AppTest drops the footer from the
    # element tree after switch_page (Streamlit 1.67; the browser shows it on every page).
    out = {"<frame>": {"titles": [], "errors": [], "exception": [], "asked": [],
                       "texts": [e.value for kind in ("caption", "warning", "info") for e in getattr(at, kind)]}}
    for name, script in PAGES.items():
        asked.clear()
        at.switch_page(script).run()
        out[name] = {"titles": [t.value for t in at.title], "errors": [e.value for e in at.error],
                     "texts": [e.value for kind in ("caption", "warning", "info", "markdown")
                               for e in getattr(at, kind)],
                     "exception": ["\n".join(e.stack_trace[-6:])[-1500:] or str(e.value)[:500] for e in at.exception],
                     "asked": list(asked)}
    return out


def _files_needed(asked: list[str]) -> set[str]:
    files: set[str] = set()
    for name in asked:
        if name == "<geojson>":
            files |= {GEOJSON_FILE, *data_layer._files_for("provinces")}
        else:
            files |= set(data_layer._files_for(name))
    return files


@pytest.fixture(scope="module")
def pristine_needs() -> dict[str, set[str]]:
    """Which files each page cannot do without, measured on the real data."""
    patcher = pytest.MonkeyPatch()
    try:
        runs = _run_every_page(patcher)
        runs.pop("<frame>")
    finally:
        patcher.undo()
    for name, run in runs.items():
        assert not run["exception"] and not run["errors"], f"{name} is not clean on the real data: {run}"
    return {name: _files_needed(run["asked"]) for name, run in runs.items()}


def _page_level_cases() -> list[tuple[str, str]]:
    """One corruption per file, rotating through the kinds so that every kind is used at page level."""
    cases = []
    for index, file in enumerate(FILES):
        for step in range(len(KINDS)):
            kind = KINDS[(index + step) % len(KINDS)]
            if applies(file, kind):
                cases.append((file, kind))
                break
    return cases


@pytest.mark.parametrize("file,kind", _page_level_cases())
def test_every_page_survives_a_broken_file(scratch, pristine_needs, file, kind):
    expected = corrupt(scratch, file, kind)
    assert expected is not None
    corrupted = tree_hash(scratch)
    runs = _run_every_page()
    assert tree_hash(scratch) == corrupted, "the app modified its data folder"
    frame = runs.pop("<frame>")

    needing = [name for name, files in pristine_needs.items() if file in files]
    for name, run in runs.items():
        assert not run["exception"], f"{name}: exception with {file} {kind}: {run['exception']}"
        for error in run["errors"]:
            assert file in _plain(error), f"{name}: an error that does not name {file}: {error[:300]}"
        if name in needing:
            assert any(_names(expected, e) for e in run["errors"]), \
                f"{name} needs {file} but shows no callout naming {expected}: {run['errors']}"
        else:
            assert run["titles"], f"{name} does not need {file} but did not draw its title ({kind})"
    shown = [_plain(t) for run in [*runs.values(), frame] for t in run["errors"] + run["texts"]]
    assert any(file in t for t in shown), f"no page or footer says that {file} is broken ({kind})"


def test_map_page_names_a_geojson_whose_top_level_is_a_list(scratch):
    """A well-formed JSON document of the wrong shape is a data error on the page, not a crash."""
    corrupt(scratch, GEOJSON_FILE, "top_level_list")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGES["province_map"]).run()
    assert not at.exception, at.exception
    errors = [_plain(e.value) for e in at.error]
    assert any(GEOJSON_FILE in e and "the top level is a list" in e for e in errors), errors
