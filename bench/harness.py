"""Shared pieces of the benchmark and the load test: servers, memory, statistics, machine.

Why a module of its own: bench/run_bench.py and bench/load_test.py start the
same two servers (the dashboard through tools/serve.py and the bare page in
bench/bare_app.py), read the same server memory and describe the same
machine. The server start (tools/live_server.py), the browser flags and the
in-page probe (tools/browser_probe.py) are the browser tests' own, so the
tests and the benchmark wait for "done" the same way.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psutil

from tools.browser_probe import CHROMIUM
from tools.live_server import ROOT, free_port, start_server, stop_server

BARE_APP = ROOT / "bench" / "bare_app.py"
RESULTS = ROOT / "bench" / "results"


@contextmanager
def servers(which: tuple[str, ...] = ("dashboard", "bare"), env: dict | None = None):
    """Start the dashboard and/or the bare page on free loopback ports; yields {name: (url, process)}."""
    running: dict[str, tuple[str, subprocess.Popen]] = {}
    try:
        for name in which:
            port = free_port()
            proc = start_server(port, env=env, script=None if name == "dashboard" else BARE_APP)
            running[name] = (f"http://127.0.0.1:{port}", proc)
        yield running
    finally:
        for _, proc in running.values():
            stop_server(proc)


def rss_mb(proc: subprocess.Popen) -> float:
    """Resident memory of the server process and any children, in MB."""
    process = psutil.Process(proc.pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 1e6


def cpu_seconds(proc: subprocess.Popen) -> float:
    """CPU time (user + system) the server process and any children have used so far, in seconds."""
    process = psutil.Process(proc.pid)
    times = [process.cpu_times()]
    for child in process.children(recursive=True):
        try:
            times.append(child.cpu_times())
        except psutil.NoSuchProcess:
            pass
    return sum(t.user + t.system for t in times)


class MemorySampler:
    """Samples a server's RSS in a background thread: start, peak and end (MB)."""

    def __init__(self, proc: subprocess.Popen, every: float = 0.5):
        self.proc, self.every = proc, every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((round(time.monotonic() - start, 2), round(rss_mb(self.proc), 1)))
            self._stop.wait(self.every)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((self.samples[-1][0] if self.samples else 0.0, round(rss_mb(self.proc), 1)))

    def summary(self) -> dict:
        values = [v for _, v in self.samples]
        return {"start_mb": values[0], "peak_mb": max(values), "end_mb": values[-1], "samples": len(values)}


def stats(values: list[float]) -> dict | None:
    """Median and p95 (linear interpolation between closest ranks) of a sample, in its unit."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    def quantile(q: float) -> float:
        position = (len(values) - 1) * q
        low = int(position)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (position - low)
    return {"n": len(values), "median": round(statistics.median(values), 1), "p95": round(quantile(0.95), 1),
            "min": round(values[0], 1), "max": round(values[-1], 1)}


def ratio(numerator: dict | None, denominator: dict | None, key: str = "median") -> float | None:
    if not numerator or not denominator or not denominator[key]:
        return None
    return round(numerator[key] / denominator[key], 2)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict:
    """What the figures were measured on: noisy shared machines make the ratios the figures that count."""
    import streamlit

    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = "unknown"
    return {"date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"), "cpu": _cpu_model(),
            "logical_cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
            "os": platform.platform(), "python": platform.python_version(), "streamlit": streamlit.__version__,
            "browser": chromium, "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def write_json(payload: dict, out: Path | None, stem: str) -> Path:
    """Write results to `out` (or bench/results/<stem>-<date>.json)."""
    if out is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{stem}-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
