"""What one replica needs: memory with N sessions open, and how many it holds while a new page load stays fast.

`python -m bench.replica_capacity [--max-sessions 40] [--step 5] [--budget-s S]`
starts one replica exactly as the deployment does (deploy.settings, under the
sub-path), then opens sessions in one Chromium, a step at a time, each left
open on a page of the dashboard (a viewer reading). After each step it reads
the replica's resident memory (psutil, with its children) and times two fresh
page loads (new browser context to the first finished run, charts painted).
It stops when the median load exceeds the budget (by default twice the load
time with no session open, so a machine busy with other work does not count
against the replica) or at the maximum, and writes JSON to bench/results/. The README's "Deploy for a team" figures come
from here. The held tabs share the machine's cores with the replica, so on a
small machine the browser, not the server, may set the limit: the JSON says
where the time went (replica CPU % during the step).
"""
from __future__ import annotations

import argparse
import statistics
import time

import psutil
from playwright.sync_api import sync_playwright

from bench.harness import machine, rss_mb, write_json
from deploy.cluster import BASE_PATH, Cluster
from tools.app_pages import app_pages
from tools.browser_probe import CHROMIUM, CHROMIUM_ARGS, PROBE_JS, VIEWPORT, wait_for_app, wait_until_settled

TIMEOUT_MS = 120_000


def _load(browser, url: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.add_init_script(PROBE_JS)
        start = time.perf_counter()
        page.goto(url, timeout=TIMEOUT_MS)
        wait_for_app(page, timeout=TIMEOUT_MS)
        wait_until_settled(page, timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        context.close()


def run(max_sessions: int, step: int, budget_s: float | None) -> dict:
    cluster = Cluster(haproxy_bin="")
    name = cluster.names[0]
    base = f"http://127.0.0.1:{cluster.ports[0]}{BASE_PATH}"
    paths = [p.url_path for p in app_pages() if p.url_path != "province-map"]   # map: software WebGL per tab
    rows, held = [], []
    cluster.start_replica(name)
    try:
        process = psutil.Process(cluster.replicas[name].pid)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                idle = statistics.median(_load(browser, f"{base}/{path}") for path in ("", "market-size"))
                rows.append({"sessions": 0, "rss_mb": round(rss_mb(cluster.replicas[name]), 1),
                             "load_s": round(idle, 2), "cpu_pct": None})
                budget_s = budget_s or round(2 * idle, 2)
                while len(held) < max_sessions:
                    process.cpu_percent(None)
                    for _ in range(step):
                        context = browser.new_context(viewport=VIEWPORT)
                        page = context.new_page()
                        page.add_init_script(PROBE_JS)
                        page.goto(f"{base}/{paths[len(held) % len(paths)]}", timeout=TIMEOUT_MS)
                        wait_for_app(page, timeout=TIMEOUT_MS)
                        held.append(context)
                    cpu = process.cpu_percent(None)
                    loads = [_load(browser, f"{base}/{path}") for path in ("", "market-size")]
                    row = {"sessions": len(held), "rss_mb": round(rss_mb(cluster.replicas[name]), 1),
                           "load_s": round(statistics.median(loads), 2), "cpu_pct": round(cpu, 1)}
                    rows.append(row)
                    print(row, flush=True)
                    if row["load_s"] > budget_s:
                        break
            finally:
                browser.close()
    finally:
        cluster.close()
    within = [r["sessions"] for r in rows if r["load_s"] <= budget_s]
    ten = next((r["rss_mb"] for r in rows if r["sessions"] == 10), None)
    return {"machine": machine(), "budget_s": budget_s, "rows": rows, "rss_mb_at_10_sessions": ten,
            "sessions_within_budget": max(within) if within else 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-sessions", type=int, default=40)
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--budget-s", type=float, default=None, help="default: twice the idle load time")
    args = parser.parse_args(argv)
    result = run(args.max_sessions, args.step, args.budget_s)
    path = write_json(result, None, "replica-capacity")
    print(f"memory with 10 sessions: {result['rss_mb_at_10_sessions']} MB; sessions held with a page load "
          f"under {result['budget_s']} s: {result['sessions_within_budget']}; {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
