"""A local deployment for tests and the capacity benchmark: replicas and HAProxy from the shipped files.

Replicas run the image's start command (deploy.settings.COMMAND, with this
interpreter for `python`) and environment, under the sub-path; HAProxy runs
deploy/haproxy.cfg itself, told the replicas' ports through its environment.
Each process gets its own process group so a caller can kill one replica
outright and clean up whatever is left. Loopback only.
"""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field

from deploy import settings
from tools.live_server import ROOT, free_port

PUBLIC_HOST = "intranet.example"
BASE_PATH = settings.DEFAULT_BASE_PATH
REPLICAS = 3
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
LOGS = ROOT / "test-artifacts" / "deploy"
FIGURES = LOGS / "figures.json"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15

def _spawn(cmd: list[str], env: dict[str, str], log_name: str) -> subprocess.Popen:
    """Start `cmd` in its own process group, output to a log file (never a pipe that could fill)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / log_name, "ab")  # noqa: SIM115 - closed in _stop
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, **env})
    proc.log = log  # type: ignore[attr-defined]
    return proc


def _stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    """Signal the whole process group, wait, and SIGKILL what is left after STOP_TIMEOUT_S."""
    if proc is None:
        return
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT_S)
        except ProcessLookupError:
            pass
    log = getattr(proc, "log", None)
    if log is not None and not log.closed:
        log.close()


def _http_status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return None


@dataclass
class Cluster:
    """Three replicas behind HAProxy; `public` is the address a browser uses (under the sub-path)."""

    haproxy_bin: str
    ports: list[int] = field(default_factory=lambda: [free_port() for _ in range(REPLICAS)])
    proxy_port: int = field(default_factory=free_port)
    stats_port: int = field(default_factory=free_port)
    replicas: dict[str, subprocess.Popen] = field(default_factory=dict)
    haproxy: subprocess.Popen | None = None

    @property
    def names(self) -> list[str]:
        return [f"app{i}" for i in range(1, REPLICAS + 1)]

    @property
    def public(self) -> str:
        return f"http://{PUBLIC_HOST}:{self.proxy_port}{BASE_PATH}"

    def replica_env(self, name: str) -> dict[str, str]:
        return settings.replica_env(port=self.ports[self.names.index(name)], address="127.0.0.1",
                                    base_path=BASE_PATH)

    def start_replica(self, name: str) -> None:
        """The image's CMD with the image's environment, on a loopback port; waits for its health check."""
        cmd = [sys.executable if part == "python" else part for part in settings.COMMAND]
        self.replicas[name] = _spawn(cmd, self.replica_env(name), f"{name}.log")
        self.wait_healthy(name)

    def wait_healthy(self, name: str) -> None:
        """Poll with the container's own health check (deploy.healthcheck) until it passes."""
        check = [sys.executable if part == "python" else part for part in settings.HEALTHCHECK]
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.replicas[name].poll() is not None:
                raise RuntimeError(f"{name} exited early; see {LOGS / (name + '.log')}")
            done = subprocess.run(check, cwd=ROOT, env={**os.environ, **self.replica_env(name)},
                                  capture_output=True, timeout=10, check=False)
            if done.returncode == 0:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name} not healthy within {START_TIMEOUT_S} s")

    def stop_replica(self, name: str, sig: int = signal.SIGTERM) -> None:
        _stop(self.replicas.pop(name, None), sig)

    def start_haproxy(self) -> None:
        env = settings.haproxy_env(f"127.0.0.1:{self.proxy_port}",
                                   [f"127.0.0.1:{p}" for p in self.ports], BASE_PATH)
        env["HCAI_STATS_BIND"] = f"127.0.0.1:{self.stats_port}"
        self.haproxy = _spawn([self.haproxy_bin, "-f", str(HAPROXY_CFG)], env, "haproxy.log")
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.haproxy.poll() is not None:
                raise RuntimeError(f"haproxy exited; see {LOGS / 'haproxy.log'}")
            if _http_status(settings.health_url("127.0.0.1", self.proxy_port, BASE_PATH)) == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"haproxy did not answer within {START_TIMEOUT_S} s")

    def status(self) -> dict[str, str]:
        """HAProxy's view of each replica: 'UP', 'DOWN', 'UP 1/2' … (its stats CSV)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=5) as response:
            text = response.read().decode().lstrip("# ")
        return {row["svname"]: row["status"] for row in csv.DictReader(io.StringIO(text))
                if row["pxname"] == "dashboard" and row["svname"] in self.names}

    def wait_status(self, name: str, wanted: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status().get(name) == wanted:
                return
            time.sleep(0.2)
        raise AssertionError(f"HAProxy never saw {name} {wanted} within {timeout} s: {self.status()}")

    def close(self) -> None:
        for name in list(self.replicas):
            self.stop_replica(name)
        _stop(self.haproxy)
