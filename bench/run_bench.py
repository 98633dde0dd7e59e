"""Benchmark: the dashboard against a bare Streamlit page, in the same run, in the same browser.

    python3 dev.py bench                 # 10 repetitions, 10 concurrent sessions, JSON to bench/results/
    python3 dev.py bench --reps 3 --sessions 3 --out /tmp/bench.json

Why ratios: a shared 2-core machine is noisy, so absolute milliseconds say
little; the bare page (bench/bare_app.py: a title and one small Altair chart)
measured in the same minutes, interleaved visit by visit, absorbs the noise.

Each visit uses a fresh browser context (no cache, no session) and is timed in
the browser with performance.now() by the probe from tools/browser_probe.py;
an interaction is timed from its input event (mousedown / keydown) until the
view has settled (the run finished, nothing stale, every chart repainted):
  first run      navigation start -> first finished script run
  first chart    navigation start -> first Vega chart with marks (SVG) or pixels (canvas), or
                 the frame after a deck.gl canvas's first WebGL draw call
  settled        navigation start -> every chart painted, nothing stale
  plain rerun    the "r" key (Streamlit's rerun shortcut), on every page and on the bare page
  filter         the sidebar's Region filter -> East, on every page (dashboard only)
  local control  one page-local control, on the pages that have one (bench/controls.py: Market size's
                 value-axis radio, Physician density's gain slider, the map's side-panel picker, an
                 entry-path finder answer)
  server CPU     the server process's CPU time (psutil, user + system) around each of those reruns
  page switch    a nav-link click -> the next page settled (dashboard only; compared with the bare
                 page's first run)
  payload        websocket bytes the browser received for the visit
Reruns are compared with the bare page's plain rerun (its "r" key), the reference
for any rerun; server CPU with the bare page's CPU for that rerun. Server memory
(RSS of the server process) after start, after all visits and with N sessions
open at once. Medians, p95s and dashboard / bare ratios are printed and written
as JSON.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.controls import FILTER_LABEL, FILTER_OPTION, LOCAL_CONTROLS, after_filter, filter_pick, plain_rerun
from bench.harness import cpu_seconds, machine, ratio, rss_mb, servers, stats, write_json
from tools.app_pages import app_pages
from tools.browser_probe import (CHROMIUM, CHROMIUM_ARGS, NAV_LINK, VIEWPORT, dialogs, guard_offline, problems,
                                 runs_done, wait_until_settled)

TARGETS = {  # figure -> the largest acceptable dashboard / bare ratio
    "first_run_ms": 1.2,
    "first_chart_ms": 1.6,
    "filter_ms": 2.0,
    "local_ms": 1.5,
    "plain_rerun_ms": 1.5,
    "filter_cpu_ms": 1.5,
    "page_switch_ms": 1.5,
    "rss_sessions_mb": 1.5,
}
LABELS = {
    "first_run_ms": "first finished run (ms)",
    "first_chart_ms": "first chart visible (ms)",
    "settled_ms": "all charts painted (ms)",
    "filter_ms": "filter change -> view updated (ms)",
    "local_ms": "page-local control -> view updated (ms)",
    "plain_rerun_ms": "plain rerun, r key -> view updated (ms)",
    "filter_cpu_ms": "server CPU per filter rerun (ms)",
    "local_cpu_ms": "server CPU per page-local rerun (ms)",
    "plain_cpu_ms": "server CPU per plain rerun (ms)",
    "page_switch_ms": "page switch (ms; ratio to bare first run)",
    "ws_kb": "payload per visit (KB)",
}
# The bare page's figure each dashboard figure is compared with (by default, the same figure).
REFERENCE = {"filter_ms": "plain_rerun_ms", "local_ms": "plain_rerun_ms", "filter_cpu_ms": "plain_cpu_ms",
             "local_cpu_ms": "plain_cpu_ms", "page_switch_ms": "first_run_ms"}
FIGURES = ("first_run_ms", "first_chart_ms", "settled_ms", "filter_ms", "local_ms", "plain_rerun_ms",
           "filter_cpu_ms", "local_cpu_ms", "plain_cpu_ms", "page_switch_ms", "ws_kb", "server_run_ms")


def _new_page(browser, base: str):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    external = guard_offline(page, base)
    received = {"bytes": 0}

    def on_socket(socket):
        socket.on("framereceived", lambda payload: received.__setitem__("bytes", received["bytes"] + len(payload)))

    page.on("websocket", on_socket)
    return context, page, external, received


def _timed(page, server, act, timeout: float) -> tuple[float, float]:
    """One interaction: ms from its input event to the view settled, and the server's CPU ms meanwhile."""
    fire = act(page, timeout)                     # untimed preparation (a dropdown or tab opened)
    before = runs_done(page)
    cpu_before = cpu_seconds(server)
    fire()
    done = wait_until_settled(page, before, timeout)
    cpu_ms = (cpu_seconds(server) - cpu_before) * 1000
    return done - page.evaluate("window.__hcai.inputs[0][0]"), cpu_ms


def visit(browser, base: str, server, kind: str, path: str, switch_to: tuple[int, str] | None,
          timeout: float) -> dict:
    """One fresh-context visit: load, a plain rerun, then (dashboard) the filter, the page's own control and
    a page switch; times in ms."""
    context, page, external, received = _new_page(browser, base)
    try:
        page.goto(f"{base}/{path}", wait_until="commit", timeout=timeout)
        settled = wait_until_settled(page, 0, timeout)
        probe = page.evaluate("window.__hcai")
        running = next((t for t, s in probe["states"] if s == "running"), None)
        row = {"kind": kind, "path": path, "first_run_ms": probe["firstRunDone"], "first_chart_ms": probe["firstChart"],
               "settled_ms": settled, "ws_kb": received["bytes"] / 1000,
               "server_run_ms": (probe["firstRunDone"] - running) if running is not None else None}
        row["plain_rerun_ms"], row["plain_cpu_ms"] = _timed(page, server, plain_rerun, timeout)
        if kind == "dashboard":
            row["filter_ms"], row["filter_cpu_ms"] = _timed(page, server, filter_pick, timeout)
            after_filter(page)
            control = LOCAL_CONTROLS.get(path)
            if control is not None:
                row["local_ms"], row["local_cpu_ms"] = _timed(page, server, control.act, timeout)
                row["local_control"] = control.name
        if switch_to is not None:
            index, target = switch_to
            page.keyboard.press("Escape")           # close any dropdown the control left open
            before = runs_done(page)
            page.evaluate("window.__hcai.inputs = []")
            page.locator(NAV_LINK).nth(index).click()
            done = wait_until_settled(page, before, timeout, path=target)
            row["page_switch_ms"] = done - page.evaluate("window.__hcai.inputs[0][0]")
            row["switch_to"] = target
        row["errors"] = problems(page) + dialogs(page) + page.js_errors + external
        return row
    finally:
        context.close()


def open_sessions(browser, base: str, paths: list[str], count: int, timeout: float) -> list:
    """`count` sessions open at once, spread over `paths`, each settled."""
    contexts = []
    for i in range(count):
        context, page, _, _ = _new_page(browser, base)
        page.goto(f"{base}/{paths[i % len(paths)]}", wait_until="commit", timeout=timeout)
        wait_until_settled(page, 0, timeout)
        contexts.append(context)
    return contexts


def summarise(rows: list[dict], pages: list, memory: dict) -> dict:
    """Per-figure stats for the bare page, each dashboard page and all pages pooled; ratios; targets."""
    bare = [r for r in rows if r["kind"] == "bare"]
    dash = [r for r in rows if r["kind"] == "dashboard"]
    figures = {}
    for figure in FIGURES:
        base_stats = stats([r.get(REFERENCE.get(figure, figure)) for r in bare])
        per_page = {}
        # A switch lands on the next page in the menu, which --pages may have left out: look at every page.
        for app_def in (app_pages() if figure == "page_switch_ms" else pages):
            key = "switch_to" if figure == "page_switch_ms" else "path"
            page_stats = stats([r.get(figure) for r in dash if r.get(key) == app_def.url_path])
            if page_stats:
                per_page[app_def.slug] = {**page_stats, "ratio": ratio(page_stats, base_stats),
                                          "ratio_p95": ratio(page_stats, base_stats, "p95")}
        pooled = stats([r.get(figure) for r in dash])
        figures[figure] = {"bare": base_stats, "dashboard_all": pooled, "ratio_all": ratio(pooled, base_stats),
                           "pages": per_page}
    figures["rss_sessions_mb"] = {"bare": memory["bare"]["sessions_mb"],
                                  "dashboard": memory["dashboard"]["sessions_mb"],
                                  "ratio_all": round(memory["dashboard"]["sessions_mb"]
                                                     / memory["bare"]["sessions_mb"], 2)}
    targets = []
    for figure, limit in TARGETS.items():
        entry = figures[figure]
        if figure == "rss_sessions_mb":
            worst, where = entry["ratio_all"], "server"
        else:
            ranked = sorted(((v["ratio"], k) for k, v in entry["pages"].items() if v["ratio"] is not None),
                            reverse=True)
            worst, where = ranked[0] if ranked else (None, "")
        targets.append({"figure": figure, "target": limit, "ratio_all": entry["ratio_all"],
                        "worst_ratio": worst, "worst_page": where,
                        "met_all": entry["ratio_all"] is not None and entry["ratio_all"] <= limit,
                        "met_every_page": worst is not None and worst <= limit})
    return {"figures": figures, "targets": targets}


def _fmt(s: dict | None) -> str:
    return f"{s['median']:>8.0f} {s['p95']:>8.0f}" if s else f"{'-':>8} {'-':>8}"


def report(result: dict) -> str:
    """The table printed at the end (medians and p95s, ratios dashboard / bare)."""
    figures = result["figures"]
    lines = [f"{'figure':<44}{'bare med':>9}{'p95':>9}{'dash med':>9}{'p95':>9}{'ratio':>7}  worst page",
             "-" * 110]
    for figure, label in LABELS.items():
        entry = figures[figure]
        worst = max(entry["pages"].items(), key=lambda kv: kv[1]["ratio"] or 0, default=(None, None))
        worst_text = f"{worst[0]} {worst[1]['ratio']}x" if worst[0] else ""
        ratio_all = f"{entry['ratio_all']:.2f}" if entry["ratio_all"] is not None else "-"
        lines.append(f"{label:<44}{_fmt(entry['bare'])} {_fmt(entry['dashboard_all'])}{ratio_all:>7}  {worst_text}")
    mem = result["memory"]
    for key, label in (("idle_mb", "server RSS after start (MB)"), ("after_runs_mb", "server RSS after the runs (MB)"),
                       ("sessions_mb", f"server RSS, {mem['sessions']} sessions open (MB)")):
        b, d = mem["bare"][key], mem["dashboard"][key]
        lines.append(f"{label:<44}{b:>9.0f}{'':>9}{d:>9.0f}{'':>9}{d / b:>7.2f}")
    lines += ["", "per page (median ms, ratio to bare):"]
    for figure in ("first_run_ms", "first_chart_ms", "filter_ms", "local_ms", "plain_rerun_ms", "filter_cpu_ms",
                   "local_cpu_ms", "page_switch_ms", "ws_kb"):
        cells = [f"{slug} {v['median']:.0f} ({v['ratio']}x)" for slug, v in figures[figure]["pages"].items()]
        lines.append(f"  {figure:<16}" + "; ".join(cells))
    lines += ["", "page-local controls: " + "; ".join(f"{path} = {control.name}"
                                                     for path, control in LOCAL_CONTROLS.items())]
    lines += ["", "targets (ratio dashboard / bare; 'every page' uses the slowest page):"]
    for t in result["targets"]:
        lines.append(f"  {t['figure']:<16} target <= {t['target']:<4} all pages {t['ratio_all']}  "
                     f"slowest {t['worst_page']} {t['worst_ratio']}  "
                     f"{'MET' if t['met_every_page'] else ('met pooled, missed on a page' if t['met_all'] else 'MISSED')}")
    if result["errors"]:
        lines += ["", f"ERRORS during the run: {len(result['errors'])}"] + [f"  {e}" for e in result["errors"][:20]]
    return "\n".join(lines)


def markdown(result: dict) -> str:
    """The README's performance table, straight from a result."""
    meta, figures, mem = result["meta"], result["figures"], result["memory"]
    by_figure = {t["figure"]: t for t in result["targets"]}
    rows = ["| figure | bare page median / p95 | dashboard median / p95 (all pages) | ratio (all pages) "
            "| slowest page (ratio) | target | met |", "|---|---|---|---|---|---|---|"]
    for figure, label in LABELS.items():
        entry = figures[figure]
        b, d = entry["bare"], entry["dashboard_all"]
        worst = max(entry["pages"].items(), key=lambda kv: kv[1]["ratio"] or 0, default=(None, None))
        target = by_figure.get(figure)
        worst_text = f"{worst[0]} ({worst[1]['ratio']:.2f}×)" if worst[0] and worst[1]["ratio"] else "–"
        cell = lambda s: f"{s['median']:.0f} / {s['p95']:.0f}" if s else "–"   # noqa: E731
        ratio_all = f"{entry['ratio_all']:.2f}×" if entry["ratio_all"] is not None else "–"
        rows.append(f"| {label} | {cell(b)} | {cell(d)} | {ratio_all} | {worst_text} | "
                    + (f"≤ {target['target']}× | {'yes' if target['met_every_page'] else 'no'} |" if target
                       else "– | – |"))
    b, d = mem["bare"], mem["dashboard"]
    target = by_figure["rss_sessions_mb"]
    rows.append(f"| server memory, {mem['sessions']} sessions open (MB) | {b['sessions_mb']:.0f} | "
                f"{d['sessions_mb']:.0f} | {d['sessions_mb'] / b['sessions_mb']:.2f}× | – | ≤ {target['target']}× | "
                f"{'yes' if target['met_all'] else 'no'} |")
    rows.append(f"| server memory after start / after the runs (MB) | {b['idle_mb']:.0f} / {b['after_runs_mb']:.0f} | "
                f"{d['idle_mb']:.0f} / {d['after_runs_mb']:.0f} | {d['after_runs_mb'] / b['after_runs_mb']:.2f}× "
                "| – | – | – |")
    header = (f"Measured {meta['date_utc']} UTC on {meta['cpu']} ({meta['logical_cores']} logical cores, "
              f"{meta['ram_gb']} GB RAM), {meta['browser']}, Streamlit {meta['streamlit']}; "
              f"{result['params']['reps']} fresh-context visits per page and as many of the bare page, "
              f"interleaved; load average {meta['load_average_at_start'][0]} at start, "
              f"{meta['load_average_at_end'][0]} at end.")
    return header + "\n\n" + "\n".join(rows)


def run(reps: int, sessions: int, only: list[str] | None, timeout: float) -> dict:
    pages = [p for p in app_pages() if not only or p.slug in only]
    all_pages = app_pages()
    started = time.monotonic()
    meta = machine()
    rows: list[dict] = []
    memory: dict = {"sessions": sessions, "dashboard": {}, "bare": {}}
    with servers() as running, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        dash_url, dash_proc = running["dashboard"]
        bare_url, bare_proc = running["bare"]
        # Cold start: the first visit after the server started (imports, first data load), reported apart.
        cold = {"dashboard": visit(browser, dash_url, dash_proc, "dashboard", pages[0].url_path, None, timeout),
                "bare": visit(browser, bare_url, bare_proc, "bare", "", None, timeout)}
        for app_def in pages[1:]:  # warm every page once, as a server that has been up a while is
            visit(browser, dash_url, dash_proc, "dashboard", app_def.url_path, None, timeout)
        memory["dashboard"]["idle_mb"], memory["bare"]["idle_mb"] = rss_mb(dash_proc), rss_mb(bare_proc)
        for rep in range(reps):
            for i, app_def in enumerate(pages):
                position = all_pages.index(app_def)
                nxt = (position + 1) % len(all_pages)
                order = [("dashboard", dash_url, dash_proc, app_def.url_path, (nxt, all_pages[nxt].url_path)),
                         ("bare", bare_url, bare_proc, "", None)]
                if (rep + i) % 2:  # alternate who goes first, so drift hits both sides alike
                    order.reverse()
                for kind, url, proc, path, switch in order:
                    rows.append({"rep": rep, **visit(browser, url, proc, kind, path, switch, timeout)})
            print(f"  repetition {rep + 1}/{reps} done ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        memory["dashboard"]["after_runs_mb"], memory["bare"]["after_runs_mb"] = rss_mb(dash_proc), rss_mb(bare_proc)
        for kind, url, proc, paths in (("dashboard", dash_url, dash_proc, [p.url_path for p in all_pages]),
                                       ("bare", bare_url, bare_proc, [""])):
            contexts = open_sessions(browser, url, paths, sessions, timeout)
            memory[kind]["sessions_mb"] = rss_mb(proc)
            for context in contexts:
                context.close()
        browser.close()
    meta["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["duration_s"] = round(time.monotonic() - started)
    result = {"meta": meta, "params": {"reps": reps, "sessions": sessions, "pages": [p.slug for p in pages],
                                       "filter": f"{FILTER_LABEL} = {FILTER_OPTION}",
                                       "local_controls": {p: c.name for p, c in LOCAL_CONTROLS.items()}},
              "memory": {"sessions": sessions,
                         **{k: {m: round(v, 1) for m, v in memory[k].items()} for k in ("dashboard", "bare")}},
              "cold_first_visit": {k: {f: v[f] for f in ("first_run_ms", "first_chart_ms", "settled_ms")}
                                   for k, v in cold.items()},
              "errors": [f"{r['kind']} /{r['path']}: {e}" for r in rows for e in r["errors"]],
              "samples": rows}
    result.update(summarise(rows, pages, result["memory"]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=10, help="visits per dashboard page and bare page (default 10)")
    parser.add_argument("--sessions", type=int, default=10, help="sessions open at once for the memory figure")
    parser.add_argument("--pages", default="", help="comma-separated page slugs (default: every page)")
    parser.add_argument("--timeout", type=float, default=90_000, help="ms to wait for any one step")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default bench/results/bench-<date>.json)")
    args = parser.parse_args(argv)
    result = run(args.reps, args.sessions, [s for s in args.pages.split(",") if s], args.timeout)
    print(report(result))
    print("\nREADME table:\n" + markdown(result))
    path = write_json(result, args.out, "bench")
    print(f"\nwritten {path}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
