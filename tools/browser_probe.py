"""Drive the dashboard in Chromium: browser settings, the in-page probe, and the waits built on it.

Shared by the browser tests (tests/browser/) and the benchmark (bench/), so
both wait for "done" the same way; bench/ must not import from tests/.

Waiting follows Streamlit's own e2e suite: connection CONNECTED, then the
script run finished (`data-test-script-state="notRunning"`), then no
skeletons; never a fixed sleep. "Drawn" means pixels, not just elements: a
probe script installed in every page copies each Vega canvas and each deck.gl
canvas into a small scratch canvas and calls it painted once it holds more
than one colour. The same probe records script-run transitions and the first
paint with `performance.now()`, so tests can wait for "a new run finished"
and the benchmark can time it in the browser, not in Python.

`guard_offline` records every request the page makes and blocks any host
other than the loopback server.
"""
from __future__ import annotations

import shutil
from urllib.parse import urlparse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1440, "height": 900}
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
RUN_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"]'
PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
NOTICES = '[data-testid="stAlertContentWarning"]'
NAV_LINK = '[data-testid="stSidebarNavLink"]'
VEGA = '[data-testid="stVegaLiteChart"]'
DECK = '[data-testid="stDeckGlJsonChart"]'
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Installed before any page script runs (context/page.add_init_script). It keeps
# window.__hcai up to date: every script-state transition with its time, the
# number of finished runs, the times of user inputs (mousedown/keydown), and the first time
# any chart was painted. window.__hcaiView() describes what is drawn right now.
PROBE_JS = r"""
(() => {
  if (window.__hcai) return;
  const probe = window.__hcai = {states: [], runsDone: 0, lastRunDone: null, firstRunDone: null,
                                 firstChart: null, inputs: [], connected: null, finishedMsgs: 0};
  // Runs are counted from the server's messages, not from the state attribute alone: on a busy
  // machine the "started" and "finished" messages can arrive in one task, React renders them in
  // one batch and the attribute never leaves "notRunning", so a run would go unseen. Each
  // ForwardMsg with script_finished (field 6) = 0, 1 or 3 (a finished run, not one cut short for
  // a rerun) is counted once the page also shows "notRunning".
  const finishedStatus = (buffer) => {
    const b = new Uint8Array(buffer);
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) { const value = varint(); if (field === 6) return value; }
      else if (wire === 2) { const length = varint(); i += length; }   // not `i += varint()`: that reads i first
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return null;
    }
    return null;
  };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const read = (buffer) => { if ([0, 1, 3].includes(finishedStatus(buffer))) probe.finishedMsgs += 1; };
        if (event.data instanceof ArrayBuffer) read(event.data);
        else if (event.data instanceof Blob) event.data.arrayBuffer().then(read);
      });
    }
  };
  const scratch = document.createElement('canvas');
  scratch.width = 96; scratch.height = 96;
  const sctx = scratch.getContext('2d', {willReadFrequently: true});
  const seenPainted = new WeakSet();
  // WebGL canvases (deck.gl) count as painted from the frame after the first draw call on their
  // context. Reading a WebGL canvas back waits for the software GPU (SwiftShader): polled every
  // frame, the readbacks would block a large share of the map page's main thread, time in which a
  // user's browser is free to handle input and render the rest of the page. `__hcaiPixels` still
  // reads pixels, once, for tests that want proof of real pixels.
  const glCanvases = new WeakSet();
  const nativeGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = nativeGetContext.call(this, type, ...rest);
    if (context && /webgl/.test(String(type))) glCanvases.add(this);
    return context;
  };
  for (const api of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!api) continue;
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced',
                        'drawRangeElements']) {
      const original = api.prototype[name];
      if (!original) continue;
      api.prototype[name] = function (...args) {
        const canvas = this.canvas;
        if (canvas && !seenPainted.has(canvas)) requestAnimationFrame(() => seenPainted.add(canvas));
        return original.apply(this, args);
      };
    }
  }
  // A 2D canvas (Vega) is painted when a downscaled copy holds more than one colour; a canvas seen
  // painted is remembered, and a chart drawn into a new canvas is checked afresh.
  const pixelsDrawn = (canvas) => {
    try {
      sctx.clearRect(0, 0, 96, 96);
      sctx.drawImage(canvas, 0, 0, 96, 96);
      const d = sctx.getImageData(0, 0, 96, 96).data;
      for (let i = 4; i < d.length; i += 4) {
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) {
          return true;
        }
      }
    } catch (e) { return false; }
    return false;
  };
  const painted = (canvas) => {
    if (!canvas || !canvas.width || !canvas.height) return false;
    if (seenPainted.has(canvas)) return true;
    if (glCanvases.has(canvas)) return false;   // no draw call yet: nothing to read back
    if (pixelsDrawn(canvas)) { seenPainted.add(canvas); return true; }
    return false;
  };
  window.__hcaiPixels = () => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')]
    .filter(c => [...c.querySelectorAll('canvas')].some(pixelsDrawn)).length;
  window.__hcaiView = () => {
    const vega = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    const deck = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')];
    const vegaPainted = vega.filter(c => {
      const svgMarks = c.querySelector('svg .mark-group, svg .mark-rect path, svg .mark-symbol path');
      return svgMarks || painted(c.querySelector('canvas'));
    }).length;
    const deckPainted = deck.filter(c => [...c.querySelectorAll('canvas')].some(painted)).length;
    const app = document.querySelector('[data-testid="stApp"]');
    return {vega: vega.length, vegaPainted, deck: deck.length, deckPainted,
            skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
            stale: document.querySelectorAll('[data-stale="true"]').length,
            state: app ? app.getAttribute('data-test-script-state') : null,
            connection: app ? app.getAttribute('data-test-connection-state') : null,
            runsDone: probe.runsDone, path: location.pathname};
  };
  const onMutation = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const state = app.getAttribute('data-test-script-state');
    const conn = app.getAttribute('data-test-connection-state');
    if (conn === 'CONNECTED' && probe.connected === null) probe.connected = performance.now();
    const last = probe.states[probe.states.length - 1];
    if (!last || last[1] !== state) probe.states.push([performance.now(), state]);
    if (state === 'notRunning' && conn === 'CONNECTED' && probe.finishedMsgs > probe.runsDone) {
      const now = performance.now();
      probe.runsDone = probe.finishedMsgs;
      probe.lastRunDone = now;
      if (probe.firstRunDone === null) probe.firstRunDone = now;
    }
  };
  const everyFrame = () => { onMutation(); requestAnimationFrame(everyFrame); };
  const watchPaint = () => {
    if (probe.firstChart !== null) return;
    const v = window.__hcaiView();
    if (v.vegaPainted + v.deckPainted > 0) { probe.firstChart = performance.now(); return; }
    requestAnimationFrame(watchPaint);
  };
  const start = () => {
    new MutationObserver(onMutation).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true,
       attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
    onMutation();
    requestAnimationFrame(everyFrame);
    requestAnimationFrame(watchPaint);
  };
  for (const kind of ['mousedown', 'keydown']) {
    window.addEventListener(kind, (e) => { probe.inputs.push([performance.now(), e.type]); }, true);
  }
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""

# Settled: the run finished, nothing is stale or loading, and every chart on the
# page is painted. Returns the in-page time it saw that (truthy) or false.
# `arg` is [finished runs to wait beyond, the path to be on or null].
SETTLED_JS = """([minRuns, path]) => {
  const v = window.__hcaiView && window.__hcaiView();
  const ok = !!v && v.connection === 'CONNECTED' && v.state === 'notRunning' && v.runsDone > minRuns
    && v.skeletons === 0 && v.stale === 0 && v.vegaPainted === v.vega && v.deckPainted === v.deck
    && (path === null || v.path.replace(/^\\/+|\\/+$/g, '') === path);
  return ok ? performance.now() : false;
}"""


def guard_offline(page, base_url: str) -> list[str]:
    """Block and record every request to a host other than loopback; returns the (live) list."""
    external: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            external.append(route.request.url[:200])
            route.abort()

    page.route("**/*", guard)
    page.external_requests = external
    page.base_url = base_url
    page.js_errors = []
    page.alerts = []
    page.on("pageerror", lambda err: page.js_errors.append(str(err)[:300]))
    page.on("dialog", lambda dialog: (page.alerts.append(dialog.message[:200]), dialog.dismiss()))
    page.add_init_script(PROBE_JS)
    return external


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Connected, run finished, no skeletons: the way Streamlit's e2e suite waits."""
    page.wait_for_selector(CONNECTED, timeout=timeout)
    page.wait_for_selector(RUN_DONE, timeout=timeout)
    page.wait_for_function(f"() => document.querySelectorAll('{SKELETON}').length === 0", timeout=timeout)
    page.wait_for_selector(RUN_DONE, timeout=timeout)


def open_page(page, path: str = "", query: str = "") -> None:
    url = f"{page.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")
    page.goto(url)
    wait_for_app(page)


def view(page) -> dict:
    """What is drawn right now (needs the probe: app_page / guard_offline install it)."""
    return page.evaluate("() => window.__hcaiView()")


def runs_done(page) -> int:
    return page.evaluate("() => window.__hcai ? window.__hcai.runsDone : 0")


def wait_until_settled(page, after_runs: int = 0, timeout: float = 60_000, path: str | None = None) -> float:
    """Wait for a finished run beyond `after_runs`, with nothing stale or loading and every chart painted.

    With `path`, also wait to be on that page ('' for the default page).
    Returns the in-page time (performance.now(), ms) at which it was seen.
    """
    handle = page.wait_for_function(SETTLED_JS, arg=[after_runs, path], timeout=timeout, polling="raf")
    return float(handle.json_value())


def wait_for_charts(page, count: int = 1, timeout: float = 30_000) -> None:
    """At least `count` Vega charts have painted marks (not just finished the script run)."""
    page.wait_for_function("(n) => window.__hcaiView ? window.__hcaiView().vegaPainted >= n : "
                           "[...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
                           ".filter(c => c.querySelector('canvas, svg .mark-group')).length >= n",
                           arg=count, timeout=timeout)


def wait_for_map(page, timeout: float = 30_000) -> None:
    """A deck.gl canvas is present and has pixels on it (the province polygons)."""
    page.wait_for_selector(f"{DECK} canvas", timeout=timeout)
    page.wait_for_function("() => !window.__hcaiView || window.__hcaiView().deckPainted > 0", timeout=timeout)


def nav_links(page) -> list[tuple[str, str]]:
    """(label, path) of every sidebar nav link, path relative to the server root ('' for the default)."""
    links = page.eval_on_selector_all(NAV_LINK, "els => els.map(e => [e.innerText, e.getAttribute('href')])")
    # The link text starts with the icon's ligature name ("map"); the label is the last line.
    return [(text.strip().splitlines()[-1].strip(), urlparse(href).path.strip("/")) for text, href in links]


def set_multiselect(page, label: str, option: str, timeout: float = 30_000) -> None:
    """Pick `option` in the multiselect labelled `label` (sidebar or main) and close the dropdown."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)).first
    widget.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click(timeout=timeout)
    page.keyboard.press("Escape")


def multiselect_options(page, label: str) -> list[str]:
    """The options a multiselect offers (opens and closes its dropdown)."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)).first
    widget.locator("input").click()
    page.wait_for_selector('[role="option"]')
    options = page.eval_on_selector_all('[role="option"]', "els => els.map(e => e.innerText.trim())")
    page.keyboard.press("Escape")
    return options


def problems(page) -> list[str]:
    return [e.inner_text()[:300] for e in page.query_selector_all(PROBLEMS)]


def notices(page) -> list[str]:
    return [e.inner_text()[:300] for e in page.query_selector_all(NOTICES)]


def dialogs(page) -> list[str]:
    """Streamlit modals (e.g. "Page not found") and JS alert()s seen by this page."""
    modals = [e.inner_text()[:200] for e in page.query_selector_all('[role="dialog"]')]
    return modals + list(getattr(page, "alerts", []))
