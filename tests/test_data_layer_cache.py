"""The cache serves repeat loads without reading files, and picks up an analyst's edit."""
from __future__ import annotations

import os
import time

from components.data import data_layer, datasets


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

