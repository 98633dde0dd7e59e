"""Where a page's server time goes: per-rerun work, data-layer cache hits, the slowest functions.

    .venv/bin/python -m bench.profile_pages                 # every page
    .venv/bin/python -m bench.profile_pages market-size 25  # one page, top 25 functions
    .venv/bin/python -m bench.profile_pages --summary       # the per-page lines only

Runs app.py in-process with Streamlit's AppTest (no browser, no network), so
it isolates the Python side of a page: the first run on a cold cache, then
warm reruns as a filter change causes them. For each page it reports the
median warm rerun, how many data files a warm rerun reads (0 when the data
layer's cache works), the cache hit rate of the data layer's loaders, and,
for one warm rerun, the functions with the most cumulative time (cProfile).
Used to find what to fix when bench/run_bench.py misses a target.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import sys
import time
from contextlib import contextmanager

from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from components.data import data_layer, datasets
from tools.app_pages import app_pages
from tools.live_server import ROOT


class Counter:
    """Counts data-file reads (cache misses reach datasets.read_text) and data-layer calls, and times them.

    Time is the script thread's CPU time (time.thread_time), so a busy shared
    machine inflates it far less than wall time.
    """

    PUBLIC = ("table", "source_lookup", "provinces_geojson", "dataset_info")

    def __init__(self):
        self.reads = 0
        self.calls = 0
        self.cpu_ms = 0.0
        self._depth = 0
        self._read = datasets.read_text
        self._public = {name: getattr(data_layer, name) for name in self.PUBLIC}

    def _timed(self, name, real):
        def call(*args, **kwargs):
            if name == "table":
                self.calls += 1
            self._depth += 1
            started = time.thread_time()
            try:
                return real(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.cpu_ms += 1000 * (time.thread_time() - started)
        return call

    def __enter__(self):
        def read_text(path):
            self.reads += 1
            return self._read(path)

        datasets.read_text = read_text
        for name, real in self._public.items():
            setattr(data_layer, name, self._timed(name, real))
        return self

    def __exit__(self, *exc):
        datasets.read_text = self._read
        for name, real in self._public.items():
            setattr(data_layer, name, real)


@contextmanager
def profiled_script(profiler: cProfile.Profile):
    """Profile the script thread (AppTest runs the page in a thread of its own)."""
    real = script_runner.exec_func_with_error_handling

    def wrapped(func, ctx):
        return real(lambda: profiler.runcall(func), ctx)

    script_runner.exec_func_with_error_handling = wrapped
    try:
        yield
    finally:
        script_runner.exec_func_with_error_handling = real


def profile(slug: str | None = None, top: int = 12, reruns: int = 7, summary_only: bool = False) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    started = time.perf_counter()
    at.run()
    print(f"app.py first run (cold, imports and data): {1000 * (time.perf_counter() - started):.0f} ms")
    for app_def in app_pages():
        if slug and app_def.slug != slug:
            continue
        with Counter() as first:
            started = time.perf_counter()
            at.switch_page(app_def.script).run()
            first_ms = 1000 * (time.perf_counter() - started)
        cpu, data_cpu, reads, calls = [], [], 0, 0
        for _ in range(reruns):
            with Counter() as warm:
                started = time.process_time()
                at.run()
                cpu.append(1000 * (time.process_time() - started))
            reads += warm.reads
            calls += warm.calls
            data_cpu.append(warm.cpu_ms)
        hit_rate = 1 - (reads / calls) if calls else None
        print(f"\n== {app_def.title}: first visit {first_ms:.0f} ms ({first.reads} file reads); warm rerun: "
              f"{statistics.median(cpu):.0f} ms CPU, of which data layer {statistics.median(data_cpu):.1f} ms "
              f"({calls / reruns:.0f} calls, {reads / reruns:.1f} file reads; "
              f"cache hit rate {'-' if hit_rate is None else f'{100 * hit_rate:.0f}%'})"
              + (f", exception: {at.exception[0].value[:200]}" if at.exception else ""))
        if summary_only:
            continue
        profiler = cProfile.Profile()
        with profiled_script(profiler):
            at.run()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print("\n".join(lines[start:start + top + 1]))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--summary"]
    profile(args[0] if args and args[0] else None, int(args[1]) if len(args) > 1 else 12,
            summary_only="--summary" in sys.argv)
