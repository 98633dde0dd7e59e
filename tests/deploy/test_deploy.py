"""The team deployment, end to end: three replicas behind HAProxy under /china-ai, driven by Chromium.

Every page loads under the sub-path; a filter works; a copied link, an export's
link and the overview's evidence links point at the public host and sub-path
and reopen the view; a session's websocket and downloads stay on the replica
its cookie names; when that replica is killed the session comes back on the
same view from another replica; a rolling restart of all three replicas, with
sessions open and page loads running throughout, fails no page load.

The tests share one cluster and run in file order (the failover and the
rolling restart leave every replica running again). Figures go to
test-artifacts/deploy/figures.json and the end of the pytest output.
"""
from __future__ import annotations

import io
import signal
import statistics
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from pptx import Presentation

from tests.browser.conftest import screenshot
from tools.app_pages import app_pages
from tools.browser_probe import (CONNECTED, RUN_DONE, dialogs, problems, runs_done, set_multiselect, wait_for_app,
                                 wait_until_settled)
from tests.deploy.conftest import BASE_PATH, PUBLIC_HOST, record_figures

pytestmark = [pytest.mark.deploy, pytest.mark.browser]

SIDEBAR = '[data-testid="stSidebar"]'
LOAD_TIMEOUT_MS = 60_000
# Views whose every choice is in the URL: page, global filters and the page's own controls.
VIEWS = [
    ("market-size", "region=East&market.scale=Log"),
    ("physician-density", "density.ai_gain_pct=35&region=East"),
    ("barriers-strategy", "strategy.tab=Entry-path+finder"),
    ("province-map", "map.selected=province%3ACN-GD"),
]

# What the viewer sees: the main area's text, every input's value or checked state, the selected tabs.
VIEW_FINGERPRINT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const inputs = [...document.querySelectorAll('input, textarea')].map(
    i => (i.type === 'radio' || i.type === 'checkbox') ? `${i.type}:${i.checked}` : `${i.type}:${i.value}`);
  const chosen = [...document.querySelectorAll('[data-baseweb="tag"], [role="tab"][aria-selected="true"]')]
    .map(e => e.innerText.trim());
  return {main: main ? main.innerText : null, inputs, chosen,
          sidebar_filters: sidebar ? [...sidebar.querySelectorAll('[data-testid="stMultiSelect"]')]
            .map(e => e.innerText.trim()) : null};
}"""

COPY_WATCH_JS = """document.addEventListener('copy', () => {
  const el = document.activeElement;
  window.__hcaiCopied = el && 'value' in el ? el.value.substring(el.selectionStart, el.selectionEnd)
                                            : String(document.getSelection());
}, true);"""


# ---------------------------------------------------------------- helpers

def open_view(page, cluster, path: str = "", query: str = "") -> None:
    response = page.goto(f"{cluster.public}/{path}" + (f"?{query}" if query else ""), timeout=LOAD_TIMEOUT_MS)
    assert response is not None and response.status == 200, f"page load answered {response and response.status}"
    wait_for_app(page, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(page, timeout=LOAD_TIMEOUT_MS)


def server_of(page) -> str:
    """The replica HAProxy's cookie pins this browser context to."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies["SERVERID"]


def watch_servers(page) -> list[str]:
    """Record which replica served this page's websocket handshakes and media files (X-Served-By).

    Read through the DevTools protocol: Playwright's own response events miss a
    response that becomes a download. Returns the (live) list of handshake servers.
    """
    sockets: list[str] = []
    media: list[tuple[str, str]] = []      # (url, replica) per response, in order: a file's URL can repeat

    def served_by(response: dict) -> str:
        return {k.lower(): v for k, v in response["headers"].items()}.get("x-served-by", "?")

    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: sockets.append(served_by(e["response"])))
    cdp.on("Network.responseReceived", lambda e: "/media/" in e["response"]["url"] and media.append(
        (e["response"]["url"], served_by(e["response"]))))
    page.websocket_servers, page.media_servers = sockets, media
    return sockets


def fingerprint(page) -> dict:
    return page.evaluate(VIEW_FINGERPRINT_JS)


def download(page, button, timeout: float = 90_000) -> tuple[bytes, str]:
    """Click a download button; returns the file and the replica that served it (needs watch_servers).

    Only responses after the click count: the same file (same content, same URL) may have been downloaded
    before from another replica, and this click's DevTools event may lag behind the download.
    """
    seen_before = len(page.media_servers)
    with page.expect_download(timeout=timeout) as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    url = info.value.url

    def this_response() -> list[str]:
        return [server for u, server in page.media_servers[seen_before:] if u == url]

    deadline = time.monotonic() + 10
    while not this_response() and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    wait_for_app(page)
    assert this_response(), f"the download's response was not seen: {url}"
    return data, this_response()[-1]


def deck_links(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    return [run.hyperlink.address for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs if run.hyperlink.address]


def same_query(url: str, query: str) -> bool:
    return parse_qs(urlparse(url).query) == parse_qs(query)


# ---------------------------------------------------------------- pages, filters, links

def test_every_page_loads_under_the_sub_path_and_a_filter_works(cluster, new_session):
    page = new_session()
    for app_page in app_pages():
        open_view(page, cluster, app_page.url_path)
        assert urlparse(page.url).path.rstrip("/") == f"{BASE_PATH}/{app_page.url_path}".rstrip("/")
        assert problems(page) == [] and dialogs(page) == [], app_page.title
        assert page.js_errors == [], page.js_errors
    hrefs = page.eval_on_selector_all('[data-testid="stSidebarNavLink"]', "els => els.map(e => e.href)")
    assert len(hrefs) == len(app_pages())
    assert all(h.startswith(f"{cluster.public}/") or h == cluster.public for h in hrefs), hrefs

    open_view(page, cluster, "market-size")
    before = runs_done(page)
    set_multiselect(page, "Region", "East")
    wait_until_settled(page, after_runs=before)
    assert urlparse(page.url).path == f"{BASE_PATH}/market-size"
    assert parse_qs(urlparse(page.url).query).get("region") == ["East"]
    assert problems(page) == []
    screenshot(page, "deploy-market-size-filtered")


def test_copied_link_reopens_the_view_under_the_public_sub_path(cluster, new_session):
    path, query = VIEWS[0]
    page = new_session()
    # Plain http on an intranet name is not a secure context: no Clipboard API, so the control falls
    # back to a selected textarea and execCommand('copy'); the copy event shows what it copied.
    page.add_init_script(COPY_WATCH_JS)
    open_view(page, cluster, path, query)
    page.locator(".hcai-copy-link").click()
    page.wait_for_function("() => document.querySelector('.hcai-copy-status').textContent.length > 0")
    assert page.inner_text(".hcai-copy-status").startswith("Link copied")
    link = page.evaluate("() => window.__hcaiCopied")
    assert link.startswith(f"{cluster.public}/{path}?"), link
    assert same_query(link, query)

    other = new_session()
    open_view(other, cluster, path, query)
    reopened = new_session()
    reopened.goto(link, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(reopened, timeout=LOAD_TIMEOUT_MS)
    assert fingerprint(reopened) == fingerprint(other)


def test_export_link_and_evidence_links_use_the_public_host_and_sub_path(cluster, new_session):
    path, query = VIEWS[1]
    page = new_session()
    sockets = watch_servers(page)
    open_view(page, cluster, path, query)
    pinned = server_of(page)
    deck, served = download(page, page.locator(SIDEBAR).get_by_role("button", name="Slides (PowerPoint)",
                                                                     exact=True))
    # Stickiness: the page's websocket and its download went to the replica the cookie names.
    assert sockets and set(sockets) == {pinned}, (sockets, pinned)
    assert served == pinned
    link = deck_links(deck)[-1]
    assert link.startswith(f"{cluster.public}/{path}?"), link
    assert "127.0.0.1" not in link and same_query(link, query)

    reopened = new_session()
    reopened.goto(link, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(reopened, timeout=LOAD_TIMEOUT_MS)
    assert same_query(reopened.url, query) and problems(reopened) == []
    assert fingerprint(reopened) == fingerprint(page)

    open_view(page, cluster, "")
    evidence = page.eval_on_selector_all('[data-testid="stPageLink"] a', "els => els.map(e => e.href)")
    assert evidence and all(h.startswith(f"{cluster.public}/") for h in evidence), evidence
    before = runs_done(page)
    page.locator('[data-testid="stPageLink"] a').first.click()
    wait_until_settled(page, after_runs=before, timeout=LOAD_TIMEOUT_MS)
    assert page.url.startswith(f"{cluster.public}/") and problems(page) == [] and dialogs(page) == []


# ---------------------------------------------------------------- failover and rolling restart

def open_sessions(cluster, new_session) -> list:
    """One session per view, each with its websocket handshakes watched."""
    sessions = []
    for path, query in VIEWS:
        page = new_session()
        watch_servers(page)
        open_view(page, cluster, path, query)
        page.view_path, page.view_query, page.view = path, query, fingerprint(page)
        sessions.append(page)
    return sessions


def assert_same_view(page) -> None:
    assert urlparse(page.url).path == f"{BASE_PATH}/{page.view_path}"
    assert same_query(page.url, page.view_query), page.url
    assert fingerprint(page) == page.view
    assert problems(page) == [] and dialogs(page) == []


def test_a_killed_replica_s_sessions_come_back_on_the_same_view(cluster, new_session):
    sessions = open_sessions(cluster, new_session)
    recoveries: list[float] = []
    failovers = 0
    for victim_session in sessions[:2]:    # two rounds: kill the replica of the first session, then of the second
        victim = server_of(victim_session)
        affected = [s for s in sessions if server_of(s) == victim]
        others = [s for s in sessions if s not in affected]
        before = {id(s): runs_done(s) for s in affected}
        killed_at = time.monotonic()
        cluster.stop_replica(victim, signal.SIGKILL)
        for page in affected:     # recovery: from the kill to the view drawn again by a new session
            wait_until_settled(page, after_runs=before[id(page)], timeout=LOAD_TIMEOUT_MS)
            recoveries.append(time.monotonic() - killed_at)
        for page in affected:
            new_server = server_of(page)
            assert new_server != victim and page.websocket_servers[-1] == new_server, page.websocket_servers
            assert_same_view(page)
            # The new session is whole: a download works, from the new replica.
            button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button').first
            data, served = download(page, button)
            assert data and served == new_server, (page.websocket_servers, page.media_servers)
            failovers += 1
        for page in others:
            assert page.locator(CONNECTED).count() == 1 and page.locator(RUN_DONE).count() == 1
        cluster.start_replica(victim)
        cluster.wait_status(victim, "UP")
    assert failovers >= 2
    record_figures(replicas=len(cluster.names), failover_sessions=len(sessions), failovers=failovers,
                   recovery_s={"median": round(statistics.median(recoveries), 2), "max": round(max(recoveries), 2),
                               "all": [round(r, 2) for r in recoveries]})


def test_rolling_restart_fails_no_page_load(cluster, new_session):
    sessions = open_sessions(cluster, new_session)
    held = {s.view_path: server_of(s) for s in sessions}
    done = threading.Event()
    errors: list[str] = []
    restarted: list[str] = []

    def roll():
        # One replica at a time: stop it (SIGTERM, as an orchestrator does), start it, and go on only
        # once HAProxy counts it up again.
        try:
            for name in cluster.names:
                cluster.stop_replica(name, signal.SIGTERM)
                cluster.wait_status(name, "DOWN")
                cluster.start_replica(name)
                cluster.wait_status(name, "UP")
                restarted.append(name)
        except Exception as err:  # noqa: BLE001 - reported by the test thread
            errors.append(f"{type(err).__name__}: {err}")
        finally:
            done.set()

    http_codes: list[int | None] = []

    def fetch_pages():
        # Plain requests for a page, as fast as the proxy answers: each one is load-balanced afresh.
        request = urllib.request.Request(f"http://127.0.0.1:{cluster.proxy_port}{BASE_PATH}/market-size",
                                         headers={"Host": f"{PUBLIC_HOST}:{cluster.proxy_port}"})
        while not done.wait(0.05):
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    http_codes.append(response.status)
            except urllib.error.HTTPError as err:
                http_codes.append(err.code)
            except OSError:
                http_codes.append(None)

    loads: list[tuple[str, str, float, str | None]] = []
    roller = threading.Thread(target=roll, name="rolling-restart", daemon=True)
    fetcher = threading.Thread(target=fetch_pages, name="page-requests", daemon=True)
    started = time.monotonic()
    roller.start()
    fetcher.start()
    index = 0
    while not done.is_set() or index == 0:
        # Browser page loads (the map page left out: its software WebGL would take most of the time).
        path, query = VIEWS[index % 3]
        index += 1
        page = new_session()
        t0 = time.monotonic()
        failure = None
        try:
            response = page.goto(f"{cluster.public}/{path}?{query}", timeout=LOAD_TIMEOUT_MS)
            if response is None or response.status != 200:
                failure = f"HTTP {response and response.status}"
            else:
                wait_for_app(page, timeout=LOAD_TIMEOUT_MS)
                if problems(page) or dialogs(page) or page.outside:
                    failure = f"shown: {problems(page) + dialogs(page) + page.outside}"
        except Exception as err:  # noqa: BLE001 - a failed load is counted and reported, not retried
            failure = f"{type(err).__name__}: {str(err)[:200]}"
        loads.append((path, server_of(page) if failure is None else "?", time.monotonic() - t0, failure))
        page.context.close()
    roller.join(timeout=5)
    fetcher.join(timeout=15)
    assert not errors, errors
    assert restarted == cluster.names

    failed = [load for load in loads if load[3]]
    failed_requests = [code for code in http_codes if code != 200]
    for page in sessions:     # every open session reconnected and shows its view
        wait_until_settled(page, timeout=LOAD_TIMEOUT_MS)
        assert_same_view(page)
    record_figures(rolling_restart={
        "seconds": round(time.monotonic() - started, 1), "page_loads": len(loads), "failed_loads": len(failed),
        "load_s_median": round(statistics.median(load[2] for load in loads), 2),
        "load_s_max": round(max(load[2] for load in loads), 2),
        "served_by": sorted({load[1] for load in loads}), "open_sessions": len(sessions),
        "sessions_first_on": held, "page_requests": len(http_codes), "failed_requests": len(failed_requests)})
    assert failed == [], failed
    assert http_codes and failed_requests == [], failed_requests
