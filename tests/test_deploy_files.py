"""The shipped deployment files say what the deployment test runs (deploy/settings.py).

Containers cannot run on the machines that test this project, so the
Dockerfile and deploy/compose.yaml are checked statically: start command,
port, sub-path, Streamlit settings and health check must be the ones
tests/deploy/ starts replicas with, and HAProxy must be configured from the
same variables. Fast: no server, no browser (haproxy -c only when installed).
"""
from __future__ import annotations

import http.server
import json
import re
import shlex
import threading
from pathlib import Path

import pytest

from deploy import healthcheck, settings

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "deploy" / "compose.yaml"
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        if raw.strip().startswith("#") and not current:
            continue
        current += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            if current.strip():
                word, _, rest = current.strip().partition(" ")
                lines.append((word.upper(), rest.strip()))
            current = ""
    return lines


def instruction(name: str) -> list[str]:
    return [args for word, args in dockerfile() if word == name]


def dockerfile_env() -> dict[str, str]:
    env = {}
    for args in instruction("ENV"):
        env.update(dict(part.split("=", 1) for part in shlex.split(args)))
    return env


def read_compose(text: str) -> dict:
    """The block-style YAML subset deploy/compose.yaml is written in: maps, lists of scalars, &anchors, *aliases.

    Anything else fails the test, which keeps the file simple enough to check here (no YAML library
    is among the pinned dependencies).
    """
    anchors: dict[str, object] = {}
    root: dict = {}
    stack: list[tuple[int, object]] = [(-1, root)]
    pending: tuple[dict, str, int, str | None] | None = None  # a "key:" whose block follows
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if pending is not None:
            parent, key, parent_indent, anchor = pending
            container: object = [] if body.startswith("- ") else {}
            parent[key] = container
            if anchor:
                anchors[anchor] = container
            stack.append((parent_indent, container))
            pending = None
        while stack[-1][0] >= indent:
            stack.pop()
        container = stack[-1][1]
        if body.startswith("- "):
            assert isinstance(container, list), f"compose.yaml:{number}: unexpected list item"
            container.append(_scalar(body[2:], anchors))
            continue
        match = re.match(r"^([\w.-]+):(?:\s+(.*))?$", body)
        assert match and isinstance(container, dict), f"compose.yaml:{number}: not in the simple subset: {body}"
        key, value = match.group(1), (match.group(2) or "").strip()
        if not value or value.startswith("&"):
            pending = (container, key, indent, value[1:] or None)
        else:
            container[key] = _scalar(value, anchors)
    return root


def _scalar(value: str, anchors: dict) -> object:
    if value.startswith("*"):
        return anchors[value[1:]]
    if value[:1] in "\"'":
        return value[1:-1]
    assert value[:1] not in "[{|>", f"compose.yaml: flow or block scalar not in the simple subset: {value}"
    return value


@pytest.fixture(scope="module")
def compose() -> dict:
    return read_compose(COMPOSE.read_text())


def test_the_image_runs_the_tested_start_command_port_and_health_check():
    assert instruction("FROM") == ["python:3.11-slim"]                    # an official Python image
    assert [json.loads(a) for a in instruction("CMD")] == [list(settings.COMMAND)]
    healthcheck_args = instruction("HEALTHCHECK")
    assert len(healthcheck_args) == 1
    assert json.loads(healthcheck_args[0].split("CMD", 1)[1]) == list(settings.HEALTHCHECK)
    assert instruction("EXPOSE") == [str(settings.PORT)]
    assert dockerfile_env() | settings.replica_env() == dockerfile_env()   # every replica setting, same values


def test_the_image_runs_as_an_unprivileged_user_and_holds_the_app():
    words = [word for word, _ in dockerfile()]
    users = instruction("USER")
    assert users and users[-1] not in ("root", "0") and words.index("USER") < words.index("CMD")
    copied = {args.split()[0] for args in instruction("COPY")}
    assert {"app.py", "pages", "components", "data", "assets", ".streamlit", "tools", "deploy",
            "requirements.txt", "static"} <= copied


def test_dev_py_run_starts_the_same_script(monkeypatch):
    import dev

    calls = []
    monkeypatch.setattr(dev, "ensure_env", lambda requirements: None)
    monkeypatch.setattr(dev.subprocess, "call", lambda cmd, cwd: calls.append(cmd) or 0)
    dev.run(["--server.port", "9999"])
    script = Path(calls[0][1]).relative_to(ROOT).as_posix()
    assert [Path(calls[0][0]).name.startswith("python"), script] == [True, settings.COMMAND[1]]
    assert calls[0][2:] == ["--server.port", "9999"]


def test_compose_runs_the_image_behind_the_shipped_haproxy_config(compose):
    services = compose["services"]
    replicas = [name for name in services if name != "haproxy"]
    assert replicas == [f"app{i}" for i in range(1, len(replicas) + 1)] and len(replicas) >= 2
    default_path = "${HCAI_BASE_PATH:-" + settings.DEFAULT_BASE_PATH + "}"
    for name in replicas:
        replica = services[name]
        assert replica["build"] == {"context": "..", "dockerfile": "Dockerfile"}
        assert (COMPOSE.parent / ".." / "Dockerfile").resolve() == DOCKERFILE
        assert replica["environment"] == {settings.BASE_PATH_VAR: default_path}   # the rest is the image's
    proxy = services["haproxy"]
    assert proxy["image"].startswith("haproxy:2.6")
    assert proxy["volumes"] == ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
    env = proxy["environment"]
    assert env[settings.HAPROXY_BASE_PATH_VAR] == default_path
    assert {k: v for k, v in env.items() if k.startswith("HCAI_APP")} == {
        settings.HAPROXY_SERVER_VAR.format(i): f"app{i}:{settings.PORT}" for i in range(1, len(replicas) + 1)}
    assert env[settings.HAPROXY_BIND_VAR].endswith(":8080") and proxy["ports"] == ["${HCAI_PORT:-8080}:8080"]
    assert set(proxy["depends_on"]) == set(replicas)
    assert all(v == {"condition": "service_healthy"} for v in proxy["depends_on"].values())


def test_haproxy_config_checks_health_and_sticks_sessions_under_the_sub_path():
    cfg = HAPROXY_CFG.read_text()
    assert f'option httpchk GET "${{{settings.HAPROXY_BASE_PATH_VAR}}}/{settings.HEALTH_PATH}"' in cfg
    assert re.search(r"^\s*cookie SERVERID insert indirect nocache", cfg, re.M)
    assert re.search(r"^\s*option redispatch", cfg, re.M) and re.search(r"^\s*timeout tunnel", cfg, re.M)
    assert f'bind "${{{settings.HAPROXY_BIND_VAR}}}"' in cfg
    for i in range(1, settings.MAX_REPLICAS + 1):
        var = settings.HAPROXY_SERVER_VAR.format(i)
        assert f'server app{i} "${{{var}}}" cookie app{i}' in cfg


def test_haproxy_env_refuses_more_replicas_than_the_config_has():
    with pytest.raises(ValueError):
        settings.haproxy_env(":8080", [f"app{i}:8501" for i in range(settings.MAX_REPLICAS + 1)])


def test_the_health_check_asks_the_sub_path_of_its_own_port(monkeypatch):
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            seen.append(self.path)
            self.send_response(200 if self.path == "/china-ai/_stcore/health" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv(settings.PORT_VAR, str(server.server_address[1]))
        monkeypatch.setenv(settings.BASE_PATH_VAR, "/china-ai")
        assert healthcheck.main() == 0
        monkeypatch.setenv(settings.BASE_PATH_VAR, "/elsewhere")
        assert healthcheck.main() == 1
    finally:
        server.shutdown()
    assert seen == ["/china-ai/_stcore/health", "/elsewhere/_stcore/health"]


def test_compose_reader_reads_anchors_and_refuses_what_it_does_not_know():
    text = "x: &a\n  k: v\n  l:\n    - 1\ns:\n  one: *a\n"
    assert read_compose(text) == {"x": {"k": "v", "l": ["1"]}, "s": {"one": {"k": "v", "l": ["1"]}}}
    for unknown in ("a: [1, 2]\n", "b: {c: d}\n", "c: 1\n- orphan\n"):
        with pytest.raises(AssertionError):
            read_compose(unknown)
