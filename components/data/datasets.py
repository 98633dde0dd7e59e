"""Plain readers and validators for data/ (no Streamlit here).

Why hand-written rather than pandera: our files are small and an analyst
edits them in a spreadsheet, so every problem must read "file, row, column:
what is wrong" in plain words. pandera cascades one bad number into a type
error with no row, and is slow to import.

Rows are numbered as a spreadsheet shows them: the header is row 1, the
first data row is row 2.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from components.data.schemas import DATASET_INFO_FILE, GEOJSON_FILE, TABLES, Col, TableSpec, translation_columns

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataFileError(Exception):
    """One or more problems in one data file; the message lists them all."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        lines = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        super().__init__(f"{file} is not valid:\n" + "\n".join(lines))


def _short(value: str, limit: int = 40) -> str:
    """Quote a cell value for a message, cut so a hostile cell cannot flood the page."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return repr(text)


def read_text(path: Path) -> str:
    """Read a data file as UTF-8, naming the row of the first undecodable byte."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        how = "CSV UTF-8" if path.suffix == ".csv" else "UTF-8 text"
        raise DataFileError(path.name, [Problem(path.name, row, None,
                            f"is not UTF-8 text (byte {err.start}); save it as {how}")]) from None


def parse_csv(text: str, file: str) -> pd.DataFrame:
    """All cells as strings; empty cells as ''. Types are checked later, per column."""
    if not text.strip():
        raise DataFileError(file, [Problem(file, None, None, "is empty: expected a header row and data rows")])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, csv.Error) as err:
        match = re.search(r"line (\d+)", str(err))
        row = int(match.group(1)) if match else None
        raise DataFileError(file, [Problem(file, row, None, f"cannot be parsed as CSV ({err})")]) from None
    return frame


def _convert(cell: str, col: Col) -> tuple[object, str | None]:
    """Turn one cell into its typed value, or say why it cannot be."""
    text = cell.strip()
    if text == "":
        return (None, "is empty but required" if col.required else None)
    if len(text) > col.max_len:
        return (None, f"is {len(text)} characters long (at most {col.max_len})")
    if col.kind in ("int", "float"):
        try:
            number = float(text.replace(",", "")) if col.kind == "float" else int(text.replace(",", ""))
        except ValueError:
            return (None, f"expected {'a whole number' if col.kind == 'int' else 'a number'}, got {_short(text)}")
        if isinstance(number, float) and not math.isfinite(number):
            return (None, f"expected a finite number, got {_short(text)}")
        if col.min is not None and number < col.min:
            return (None, f"{number:g} is below the allowed minimum {col.min:g}")
        if col.max is not None and number > col.max:
            return (None, f"{number:g} is above the allowed maximum {col.max:g}")
        return (number, None)
    if col.kind == "bool":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            return (None, f"expected true or false, got {_short(text)}")
        return (lowered == "true", None)
    items = [i.strip() for i in text.split(col.list_sep)] if col.list_sep else [text]
    for item in items:
        if col.allowed is not None and item not in col.allowed:
            return (None, f"{_short(item)} is not one of: {', '.join(col.allowed)}")
        if col.pattern is not None and not re.fullmatch(col.pattern, item):
            return (None, f"{_short(item)} does not have the expected form")
    return (text, None)


def _row_value_or_range(row: dict) -> str | None:
    has_point = row["value_usd_bn"] is not None
    has_range = row["low_usd_bn"] is not None and row["high_usd_bn"] is not None
    if not has_point and not has_range:
        return "needs value_usd_bn, or both low_usd_bn and high_usd_bn"
    if has_range and row["low_usd_bn"] > row["high_usd_bn"]:
        return "low_usd_bn is above high_usd_bn"
    return None


def _row_hq_complete(row: dict) -> str | None:
    parts = [row["hq_city"], row["province_code"], row["hq_source_id"]]
    if any(p is not None for p in parts) and not all(p is not None for p in parts):
        return "hq_city, province_code and hq_source_id go together: fill all three or none"
    return None


ROW_CHECKS: dict[str, Callable[[dict], str | None]] = {
    "value_or_range": _row_value_or_range,
    "hq_complete": _row_hq_complete,
}


def validate_frame(spec: TableSpec, raw: pd.DataFrame,
                   known_keys: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    """Check columns, types, ranges, allowed values, keys and cross-references.

    Collects every problem before raising, so one edit session fixes them all.
    `known_keys[(table, key)]` holds the valid values for each cross-reference.
    """
    file = spec.file
    problems: list[Problem] = []
    missing = [c.name for c in spec.columns if c.name not in raw.columns]
    for name in missing:
        problems.append(Problem(file, 1, name, "is missing from the header row"))
    if missing:
        raise DataFileError(file, problems)
    if raw.empty:
        raise DataFileError(file, [Problem(file, None, None, "has a header but no data rows")])

    typed: dict[str, list] = {c.name: [] for c in spec.columns}
    translations = translation_columns(spec)
    for index, record in enumerate(raw.to_dict("records")):
        row_number = index + 2
        values = {}
        row_ok = True
        for col in spec.columns:
            value, error = _convert(record[col.name], col)
            if error:
                problems.append(Problem(file, row_number, col.name, error))
                row_ok = False
            values[col.name] = value
            typed[col.name].append(value)
        for english, chinese in translations:
            # A translation of nothing: the English was emptied and its translation left behind.
            if record[chinese].strip() and not record[english].strip():
                problems.append(Problem(file, row_number, chinese, f"has a translation but {english} is empty"))
        for check_name in spec.checks if row_ok else ():
            error = ROW_CHECKS[check_name](values)
            if error:
                problems.append(Problem(file, row_number, None, error))
        for ref in spec.refs:
            value = values.get(ref.column)
            if value is None:
                continue
            valid = known_keys.get((ref.table, ref.key), set())
            items = [i.strip() for i in str(value).split(ref.list_sep)] if ref.list_sep else [str(value)]
            for item in items:
                if item not in valid:
                    problems.append(Problem(file, row_number, ref.column,
                                            f"{_short(item)} is not a known {ref.key} in {ref.table}.csv"))

    keys = list(zip(*(raw[k].str.strip() for k in spec.key)))
    first_seen: dict[tuple, int] = {}
    for index, key in enumerate(keys):
        if key in first_seen:
            problems.append(Problem(file, index + 2, ",".join(spec.key),
                                    f"duplicate key {_short('/'.join(key))} (first on row {first_seen[key]})"))
        else:
            first_seen[key] = index + 2
    if problems:
        raise DataFileError(file, problems)
    return _typed_frame(spec, typed)


def _typed_frame(spec: TableSpec, typed: dict[str, list]) -> pd.DataFrame:
    columns = {}
    for col in spec.columns:
        values = typed[col.name]
        if col.kind == "float":
            columns[col.name] = pd.Series([math.nan if v is None else v for v in values], dtype="float64")
        elif col.kind == "int":
            columns[col.name] = pd.Series(values, dtype="Int64")
        elif col.kind == "bool":
            columns[col.name] = pd.Series(values, dtype="bool")
        else:
            columns[col.name] = pd.Series(["" if v is None else v for v in values], dtype="object")
    return pd.DataFrame(columns)


def read_table(spec: TableSpec, data_dir: Path,
               known_keys: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    """Read and validate one CSV; raises DataFileError naming file, row and column."""
    path = data_dir / spec.file
    if not path.is_file():
        raise DataFileError(spec.file, [Problem(spec.file, None, None, f"is missing from {data_dir.name}/")])
    try:
        text = read_text(path)
    except OSError as err:
        raise DataFileError(spec.file, [Problem(spec.file, None, None, f"cannot be read ({err.strerror})")]) from None
    return validate_frame(spec, parse_csv(text, spec.file), known_keys)


def read_geojson(data_dir: Path, province_codes: Iterable[str]) -> dict:
    """Read the province boundaries; every feature must be a known province with a polygon.

    The document comes from an analyst's tools, so every level is checked for
    its shape (an object where an object belongs) before it is read: a wrong
    shape is a DataFileError naming the file, never an AttributeError.
    """
    file = GEOJSON_FILE
    doc = _read_json(data_dir, file)
    if not isinstance(doc, dict):
        raise DataFileError(file, [Problem(file, None, None, f"is not a GeoJSON FeatureCollection: the top level "
                                                             f"is {_json_kind(doc)}, expected an object")])
    features = doc.get("features")
    if doc.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise DataFileError(file, [Problem(file, None, None, "is not a GeoJSON FeatureCollection")])
    known = set(province_codes)
    problems = []
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            problems.append(Problem(file, None, None, f"feature {index}: is {_json_kind(feature)}, expected an object"))
            continue
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        code = props.get("iso_3166_2")
        geometry = feature.get("geometry")
        geometry = geometry if isinstance(geometry, dict) else {}
        if code not in known:
            problems.append(Problem(file, None, "iso_3166_2", f"feature {index}: {_short(str(code))} is not a known province"))
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(file, None, "geometry", f"feature {index}: expected a Polygon or MultiPolygon"))
    if problems:
        raise DataFileError(file, problems)
    return doc


def _read_json(data_dir: Path, file: str) -> object:
    """A JSON file of data/, or a DataFileError saying it is missing, unreadable or not JSON (with its line)."""
    try:
        return json.loads(read_text(data_dir / file))
    except FileNotFoundError:
        raise DataFileError(file, [Problem(file, None, None, f"is missing from {data_dir.name}/")]) from None
    except OSError as err:
        raise DataFileError(file, [Problem(file, None, None, f"cannot be read ({err.strerror})")]) from None
    except json.JSONDecodeError as err:
        raise DataFileError(file, [Problem(file, err.lineno, None, f"is not valid JSON ({err.msg})")]) from None


def _json_kind(value: object) -> str:
    """A JSON value's type in the words a JSON editor uses ("a list", "a number")."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number")


def read_dataset_info(data_dir: Path) -> dict:
    """The curation date shown in the footer ("data as of")."""
    file = DATASET_INFO_FILE
    info = _read_json(data_dir, file)
    as_of = info.get("data_as_of") if isinstance(info, dict) else None
    if not isinstance(as_of, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        raise DataFileError(file, [Problem(file, None, "data_as_of", "expected a date such as 2026-11-22")])
    return info


def dependencies(name: str) -> list[str]:
    """Tables whose keys `name` refers to (for cache keys and load order)."""
    return sorted({r.table for r in TABLES[name].refs if r.table != name})


__all__ = ["DataFileError", "Problem", "TABLES", "read_table", "read_geojson", "read_dataset_info",
           "validate_frame", "dependencies"]
