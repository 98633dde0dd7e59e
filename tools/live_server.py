"""The dashboard's real server on a free loopback port, for the browser tests and the benchmark.

Why a module of its own (not a test fixture): bench/ starts the same server
the same way, and the benchmark must not import from tests/. The server is
started through tools/serve.py, exactly as `python3 dev.py run` starts it,
and counts as up once `/_stcore/health` answers, as in Streamlit's own e2e
suite. Its output goes to test-artifacts/server-logs/ (a file, never a pipe
that a chatty server could fill and block on).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict | None = None, script: Path | None = None,
                 base_path: str = "") -> subprocess.Popen:
    """Start the dashboard (tools/serve.py) or another `script` on loopback; wait for /_stcore/health.

    `base_path` ('/china-ai') serves it under a sub-path, as a deployment behind a proxy does.
    """
    launcher = [str(ROOT / "tools" / "serve.py")] if script is None else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *launcher, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    if base_path:
        cmd += ["--server.baseUrlPath", base_path]
    # Output goes to a file, not a pipe: a chatty server must never block on a full pipe.
    log = open(_server_log(port), "w+b")  # noqa: SIM115 - closed in stop_server
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, env={**os.environ, **(env or {})})
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.time() + HEALTH_TIMEOUT_S
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited early:\n" + server_output(proc))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{base_path}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not become healthy within {HEALTH_TIMEOUT_S} s")


def _server_log(port: int) -> Path:
    folder = ROOT / "test-artifacts" / "server-logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"server-{port}.log"


def server_output(proc: subprocess.Popen) -> str:
    """Everything the server printed so far (tracebacks land here)."""
    log = getattr(proc, "log", None)
    if log is None:
        return ""
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    log = getattr(proc, "log", None)
    if log is not None and not log.closed:
        log.close()
