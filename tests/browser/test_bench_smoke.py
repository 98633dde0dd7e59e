"""Smoke runs of the benchmark and the load test, so the documented commands keep working.

Tiny parameters (one repetition, two pages, two sessions for a few seconds):
these check that the harness runs end to end, reports every figure (each
page's filter change, page-local control, plain rerun and server CPU among
them) and finds no error, not the figures themselves (those are for
`python3 dev.py bench`).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.run_bench import TARGETS
from tools.live_server import ROOT

pytestmark = pytest.mark.browser


def _run(module: str, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.timeout(900)
def test_benchmark_smoke(browser_type_launch_args, tmp_path):
    out = tmp_path / "bench.json"
    done = _run("bench.run_bench", "--reps", "1", "--sessions", "2", "--pages", "market-size,province-map",
                "--out", str(out))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == []
    for target in result["targets"]:
        assert target["figure"] in TARGETS and target["ratio_all"] is not None and target["ratio_all"] > 0, target
    figures = result["figures"]
    assert set(figures["first_run_ms"]["pages"]) == {"market-size", "province-map"}
    assert figures["first_chart_ms"]["pages"]["province-map"]["median"] > 0  # the deck.gl canvas counts
    # Every page's filter change, plain rerun and their server CPU; each page's own control; against the bare
    # page's plain rerun and its CPU.
    for figure in ("filter_ms", "local_ms", "plain_rerun_ms", "filter_cpu_ms", "local_cpu_ms", "plain_cpu_ms"):
        assert figures[figure]["bare"]["median"] > 0, figure
        assert set(figures[figure]["pages"]) == {"market-size", "province-map"}, figure
        assert all(v["median"] > 0 and v["ratio"] > 0 for v in figures[figure]["pages"].values()), figure
    assert result["params"]["local_controls"]["province-map"]
    assert result["memory"]["dashboard"]["sessions_mb"] > 0 and result["memory"]["bare"]["sessions_mb"] > 0
    assert "ratio" in done.stdout and "targets" in done.stdout


@pytest.mark.timeout(600)
def test_load_test_smoke(browser_type_launch_args, tmp_path):
    out = tmp_path / "load.json"
    done = _run("bench.load_test", "--sessions", "2", "--seconds", "10", "--out", str(out))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == [] and result["actions"] >= 2
    memory = result["memory"]
    assert 0 < memory["start_mb"] <= memory["peak_mb"] and memory["end_mb"] > 0
