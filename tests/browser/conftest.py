"""Real-browser fixtures: the real server on a free loopback port, Debian Chromium, offline guard.

Waiting follows Streamlit's own e2e suite: connection CONNECTED, then the
script run finished (`data-test-script-state="notRunning"`), then no
skeletons; never a fixed sleep. Every request the page makes is recorded and
any host other than the loopback server fails the test. Screenshots go to
test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
RUN_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"]'
PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict | None = None, script: Path | None = None) -> subprocess.Popen:
    """Start the dashboard (tools/serve.py) or another `script` on loopback; wait for /_stcore/health."""
    launcher = [str(ROOT / "tools" / "serve.py")] if script is None else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *launcher, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env={**os.environ, **(env or {})})
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited early:\n" + proc.stdout.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian Chromium only: Playwright cannot download its own browser here."""
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: install the Debian 'chromium' package"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: a missing browser is a failure, not a skip)")
        pytest.skip(reason)
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="session")
def app_server():
    """The real dashboard on a free loopback port; yields its base URL."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture
def app_page(page, app_server):
    """A page with an offline guard: requests to any non-loopback host are blocked and fail the test."""
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
    page.base_url = app_server
    yield page
    assert not external, f"requests left the machine: {external}"


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


def wait_for_charts(page, count: int = 1, timeout: float = 30_000) -> None:
    """Vega has painted marks (not just finished the script run)."""
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
              .filter(c => c.querySelector('canvas, svg .mark-group, svg path')).length >= n""",
        arg=count, timeout=timeout)


def wait_for_map(page, timeout: float = 30_000) -> None:
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=timeout)


def problems(page) -> list[str]:
    return [e.inner_text()[:300] for e in page.query_selector_all(PROBLEMS)]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
