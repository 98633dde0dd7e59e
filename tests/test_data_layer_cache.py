"""The cache serves repeat loads without reading files, and picks up an analyst's edit."""
from __future__ import annotations

import os
import time

from components import data_layer, datasets


def test_second_load_reads_no_file_and_edit_is_picked_up(data_copy, monkeypatch):
    calls = []
    real = datasets.read_text
    monkeypatch.setattr(datasets, "read_text", lambda path: calls.append(path.name) or real(path))

    first = data_layer.table("barriers")
    reads_after_first = len(calls)
    assert reads_after_first >= 1
    second = data_layer.table("barriers")
    assert len(calls) == reads_after_first, "the second load read a file again"
    assert second.equals(first)

    path = data_copy / "barriers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Talent shortages and skills gap",
                                                            "Talent shortage (edited)"), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))  # a coarse filesystem clock must still see a change
    edited = data_layer.table("barriers")
    assert "Talent shortage (edited)" in set(edited["name"])
    assert len(calls) > reads_after_first


def test_pages_do_not_read_files():
    """Architecture: only the data layer touches data/."""
    from tests.conftest import ROOT
    forbidden = ("open(", "read_csv", "read_text", "read_bytes", "json.load", "Path(")
    offenders = []
    for folder in ("pages",):
        for path in (ROOT / folder).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.name}: {f}" for f in forbidden if f in text]
    for path in (ROOT / "components").glob("*.py"):
        if path.name in ("datasets.py", "data_layer.py"):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {f}" for f in ("read_csv", "read_text", "read_bytes", "json.load") if f in text]
    assert not offenders, offenders
