"""Load test: concurrent browser sessions clicking through pages and filters, against the real server.

    python3 dev.py load                         # 20 sessions for 120 s, JSON to bench/results/
    python3 dev.py load --sessions 3 --seconds 15 --out /tmp/load.json

Bounded and local by construction: one server on 127.0.0.1, a fixed number of
sessions, a deadline, and every request to another host blocked and counted
as an error. Each session opens a random page, then until the deadline
either clicks a nav link or adds/removes a Segment or Region value, and waits
(with the probe from tools/browser_probe.py) until the run finished with
nothing stale, then pauses 1-3 s as a reader would. It tracks what it expects
to see; at the end it waits until every chart is painted, and the page, the
URL and the filter chips must match. Any error callout, exception, dialog,
uncaught JS error or timeout is an error. Server memory is sampled throughout
(start, peak, end). Exit code 1 if there was any error.

Why an action waits for the finished run and not for every chart's paint: the
20 browsers share this machine with the server, and on a small machine they,
not the server, take nearly all the CPU. Waiting for WebGL and Vega to paint
in 20 software-rendered tabs would measure the harness, not the dashboard.
Real viewers paint on their own machines; the benchmark (bench/run_bench.py)
measures painting, one session at a time.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.async_api import async_playwright

from bench.harness import MemorySampler, machine, servers, stats, write_json
from tools.app_pages import app_pages
from tools.browser_probe import CHROMIUM, CHROMIUM_ARGS, LOOPBACK, NAV_LINK, PROBE_JS, PROBLEMS, SETTLED_JS, VIEWPORT

FILTERS = {"Segment": "segment", "Region": "region"}
THINK_S = (1.0, 3.0)    # a reader's pause between actions, seconds
ARRIVAL_GAP_S = 0.5     # between session starts, seconds

# SETTLED_JS without the paint condition: the server's part of an action is done.
RUN_DONE_JS = """([minRuns, path]) => {
  const v = window.__hcaiView && window.__hcaiView();
  return !!v && v.connection === 'CONNECTED' && v.state === 'notRunning' && v.runsDone > minRuns
    && v.skeletons === 0 && v.stale === 0
    && (path === null || v.path.replace(/^\\/+|\\/+$/g, '') === path);
}"""


class Session:
    """One simulated viewer: its browser context, what it expects to see, what went wrong."""

    def __init__(self, number: int, base: str, pages: list, rng: random.Random, timeout: float):
        self.number, self.base, self.pages, self.rng, self.timeout = number, base, pages, rng, timeout
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.actions = 0
        self.path = ""
        self.selected: dict[str, list[str]] = {label: [] for label in FILTERS}

    async def _settled(self, page, before: int, path: str | None = None) -> None:
        """The run finished, nothing stale or loading, on `path` (charts may still be painting)."""
        await page.wait_for_function(RUN_DONE_JS, arg=[before, path], timeout=self.timeout, polling=100)

    async def _painted(self, page) -> None:
        """Everything drawn: the run finished and every chart painted."""
        await page.wait_for_function(SETTLED_JS, arg=[0, None], timeout=self.timeout, polling=250)

    async def _runs(self, page) -> int:
        return await page.evaluate("() => window.__hcai ? window.__hcai.runsDone : 0")

    async def _check(self, page, what: str) -> None:
        shown = [await e.inner_text() for e in await page.query_selector_all(PROBLEMS)]
        modals = await page.query_selector_all('[role="dialog"]')
        if shown:
            self.errors.append(f"session {self.number} after {what}: error shown: {shown[0][:200]}")
        if modals:
            self.errors.append(f"session {self.number} after {what}: a dialog opened")

    async def _go_to(self, page) -> None:
        target = self.rng.choice([p for p in self.pages if p.url_path != self.path] or self.pages)
        before = await self._runs(page)
        await page.locator(NAV_LINK).nth(self.pages.index(target)).click(timeout=self.timeout)
        await self._settled(page, before, target.url_path)
        self.path = target.url_path

    async def _toggle_filter(self, page) -> None:
        label = self.rng.choice(list(FILTERS))
        widget = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text(label, exact=True)).first
        before = await self._runs(page)
        chosen = self.selected[label]
        if chosen and (len(chosen) >= 2 or self.rng.random() < 0.4):
            value = self.rng.choice(chosen)
            await widget.get_by_role("button", name=f"Remove {value}", exact=True).click(timeout=self.timeout)
            chosen.remove(value)
        else:
            await widget.locator("input").click(timeout=self.timeout)
            await page.wait_for_selector('[role="option"]', timeout=self.timeout)
            options = [o.strip() for o in await page.eval_on_selector_all(
                '[role="option"]', "els => els.map(e => e.innerText)") if o.strip() != "Select all"]
            value = self.rng.choice([o for o in options if o not in chosen])
            await page.get_by_role("option", name=value, exact=True).click(timeout=self.timeout)
            await page.keyboard.press("Escape")
            chosen.append(value)
        await self._settled(page, before)

    async def _final_view_is_right(self, page) -> None:
        url = urlparse(page.url)
        query = parse_qs(url.query)
        if url.path.strip("/") != self.path:
            self.errors.append(f"session {self.number}: ended on /{url.path.strip('/')}, expected /{self.path}")
        for label, key in FILTERS.items():
            widget = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text(label, exact=True))
            chips = await widget.first.locator('[data-tag]').evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
            if sorted(query.get(key, [])) != sorted(self.selected[label]) or sorted(chips) != sorted(self.selected[label]):
                self.errors.append(f"session {self.number}: {label} shows {chips}, URL {query.get(key, [])}, "
                                   f"expected {self.selected[label]}")
        if await page.locator("h1").count() < 1:
            self.errors.append(f"session {self.number}: final page has no title")

    async def run(self, browser, deadline: float) -> None:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()

        async def guard(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
                await route.continue_()
            else:
                self.errors.append(f"session {self.number}: request left the machine: {route.request.url[:120]}")
                await route.abort()

        await page.route("**/*", guard)
        await page.add_init_script(PROBE_JS)
        page.on("pageerror", lambda err: self.errors.append(f"session {self.number}: JS error {str(err)[:200]}"))
        page.on("dialog", lambda d: (self.errors.append(f"session {self.number}: alert {d.message[:100]}"),
                                     asyncio.ensure_future(d.dismiss())))
        stage = "first load"
        try:
            self.path = self.rng.choice(self.pages).url_path
            started = time.monotonic()
            await page.goto(f"{self.base}/{self.path}", wait_until="commit", timeout=self.timeout)
            await self._settled(page, 0, self.path)
            self.latencies.append(time.monotonic() - started)
            await self._check(page, "first load")
            while True:  # at least one action per session, then until the deadline
                action = self.rng.choice((self._go_to, self._toggle_filter))
                started = time.monotonic()
                try:
                    await action(page)
                except Exception as err:  # noqa: BLE001 - a timeout or a vanished element is an error to report
                    state = await page.evaluate("() => window.__hcaiView && window.__hcaiView()")
                    self.errors.append(f"session {self.number} {action.__name__}: {type(err).__name__}: "
                                       f"{str(err).splitlines()[0][:200]} (page state: {state})")
                    break
                self.latencies.append(time.monotonic() - started)
                self.actions += 1
                await self._check(page, action.__name__)
                if time.monotonic() >= deadline:
                    break
                await asyncio.sleep(self.rng.uniform(*THINK_S))
            stage = "final paint"
            await self._painted(page)
            await self._final_view_is_right(page)
        except Exception as err:  # noqa: BLE001
            try:
                state = await page.evaluate("() => window.__hcaiView && window.__hcaiView()")
            except Exception:  # noqa: BLE001 - the page may be gone
                state = None
            self.errors.append(f"session {self.number} at {stage}: {type(err).__name__}: "
                               f"{str(err).splitlines()[0][:200]} (page state: {state})")
        finally:
            await context.close()


async def drive(base: str, sessions: int, seconds: float, seed: int, timeout: float) -> list[Session]:
    pages = app_pages()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + seconds
        users = [Session(i, base, pages, random.Random(seed + i), timeout) for i in range(sessions)]

        async def staggered(user: Session):
            # Arrivals are spread out, not one burst: many first loads in the same second starve a
            # small machine until a map load passes the step timeout although it would finish.
            await asyncio.sleep(user.number * ARRIVAL_GAP_S)
            await user.run(browser, deadline)

        await asyncio.gather(*(staggered(u) for u in users))
        await browser.close()
    return users


def run(sessions: int, seconds: float, seed: int, timeout: float) -> dict:
    meta = machine()
    started = time.monotonic()
    with servers(("dashboard",)) as running:
        url, proc = running["dashboard"]
        # One visit first, so "start" is a server that has imported the app and loaded its data.
        asyncio.run(drive(url, 1, 0, seed, timeout))
        with MemorySampler(proc) as memory:
            users = asyncio.run(drive(url, sessions, seconds, seed, timeout))
            time.sleep(2)  # one last sample after the sessions closed
    meta["duration_s"] = round(time.monotonic() - started)
    errors = [e for u in users for e in u.errors]
    return {"meta": meta, "params": {"sessions": sessions, "seconds": seconds, "seed": seed},
            "actions": sum(u.actions for u in users),
            "action_latency_s": stats([x for u in users for x in u.latencies]),
            "memory": memory.summary(), "memory_samples": memory.samples,
            "errors": errors, "sessions_with_errors": sum(1 for u in users if u.errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=120_000, help="ms to wait for any one step")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default bench/results/load-<date>.json)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 50 or not 0 < args.seconds <= 900:
        parser.error("bounded on purpose: 1-50 sessions, at most 900 seconds")
    result = run(args.sessions, args.seconds, args.seed, args.timeout)
    latency, memory = result["action_latency_s"] or {}, result["memory"]
    print(f"{args.sessions} sessions for {args.seconds:.0f} s: {result['actions']} actions, "
          f"{len(result['errors'])} errors ({result['sessions_with_errors']} sessions with errors)")
    if latency:
        print(f"action -> run finished: median {latency['median']:.1f} s, p95 {latency['p95']:.1f} s, max {latency['max']:.1f} s")
    print(f"server memory: start {memory['start_mb']:.0f} MB, peak {memory['peak_mb']:.0f} MB, "
          f"end {memory['end_mb']:.0f} MB")
    for error in result["errors"][:20]:
        print("  " + error)
    print(f"written {write_json(result, args.out, 'load')}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
