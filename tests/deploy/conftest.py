"""The deployment on loopback: three replicas and HAProxy started from the shipped files, plus Chromium.

Replicas run the image's start command (deploy.settings.COMMAND, with this
interpreter for `python`) and environment, under the sub-path; HAProxy runs
deploy/haproxy.cfg itself, told the replicas' ports through its environment.
Each process gets its own process group so a test can kill one replica
outright and every fixture can clean up whatever is left.

Chromium reaches the proxy as http://intranet.example:<port>/china-ai/: a
host-resolver rule maps that name to 127.0.0.1, so nothing leaves the machine,
and links the app writes must carry that public host, never a replica's
127.0.0.1:<port>. Under CI=true a missing haproxy or chromium fails the run.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from deploy.cluster import BASE_PATH, FIGURES, LOGS, PUBLIC_HOST, Cluster  # noqa: F401 - re-exported for the tests
from tools.browser_probe import CHROMIUM, CHROMIUM_ARGS, PROBE_JS, VIEWPORT

def _required(path: str | None, what: str) -> str:
    if path and Path(path).exists():
        return path
    reason = f"{what} not found: install Debian's '{what}' package"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def cluster():
    """Three replicas and HAProxy from deploy/haproxy.cfg; every process is stopped afterwards."""
    haproxy_bin = _required(shutil.which("haproxy") or "/usr/sbin/haproxy", "haproxy")
    _required(CHROMIUM, "chromium")
    for old in [*LOGS.glob("*.log"), FIGURES] if LOGS.exists() else []:
        old.unlink(missing_ok=True)
    running = Cluster(haproxy_bin)
    try:
        for name in running.names:
            running.start_replica(name)
        running.start_haproxy()
        for name in running.names:
            running.wait_status(name, "UP")
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def deploy_browser(playwright, cluster):
    """Chromium that resolves the public host name to loopback (and nothing else changes)."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {PUBLIC_HOST} 127.0.0.1"])
    yield browser
    browser.close()


def guard(page, cluster: Cluster) -> list[str]:
    """Record and block any request that is not to the proxy's public address; install the probe."""
    outside: list[str] = []
    allowed = {f"{PUBLIC_HOST}:{cluster.proxy_port}"}

    def route(r):
        url = r.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).netloc in allowed:
            r.continue_()
        else:
            outside.append(url[:200])
            r.abort()

    page.route("**/*", route)
    page.add_init_script(PROBE_JS)
    page.outside = outside
    page.js_errors = []
    page.on("pageerror", lambda err: page.js_errors.append(str(err)[:300]))
    page.on("dialog", lambda dialog: dialog.dismiss())
    return outside


@pytest.fixture
def new_session(deploy_browser, cluster):
    """Factory: a fresh browser context (its own cookies, so its own Streamlit session) with a guarded page."""
    contexts = []

    def make():
        context = deploy_browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        guard(page, cluster)
        return page

    yield make
    outside = [u for c in contexts for p in c.pages for u in getattr(p, "outside", [])]
    for context in contexts:
        context.close()
    assert not outside, f"requests went somewhere other than the proxy: {outside}"


def record_figures(**figures) -> None:
    """Add figures to test-artifacts/deploy/figures.json (printed at the end of the run)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    current = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    current.update(figures)
    FIGURES.write_text(json.dumps(current, indent=2))


def pytest_terminal_summary(terminalreporter):
    ran = [r for kind in ("passed", "failed") for r in terminalreporter.stats.get(kind, [])
           if "tests/deploy/" in getattr(r, "nodeid", "")]
    if ran and FIGURES.exists():
        terminalreporter.write_sep("-", "deployment figures (test-artifacts/deploy/figures.json)")
        terminalreporter.write_line(FIGURES.read_text())
