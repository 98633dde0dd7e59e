"""The deployment's settings, stated once: what every replica runs with and what HAProxy is told.

Why a module: the Dockerfile, deploy/compose.yaml, deploy/haproxy.cfg and the
deployment test must agree on the start command, port, sub-path and health
check, and containers cannot run on the machines that test this. So the test
starts replicas and HAProxy from these values, and a static test
(tests/test_deploy_files.py) checks that the shipped files say the same.

Streamlit settings go in as environment variables (Streamlit reads
STREAMLIT_<SECTION>_<OPTION>): the sub-path must be settable per deployment
without changing the start command, and an environment variable overrides
.streamlit/config.toml while a command-line flag would override the variable.
XSRF protection, CORS and headless mode stay as .streamlit/config.toml sets them.
"""
from __future__ import annotations

# The start command, relative to the repository root (the image's working directory):
# the same script `python3 dev.py run` starts.
COMMAND = ("python", "tools/serve.py")
HEALTHCHECK = ("python", "-m", "deploy.healthcheck")

PORT = 8501                    # each replica's port inside its container
DEFAULT_BASE_PATH = "/china-ai"  # the public sub-path unless HCAI_BASE_PATH says otherwise
HEALTH_PATH = "_stcore/health"   # Streamlit's own readiness endpoint, under the sub-path
MAX_REPLICAS = 6                 # deploy/haproxy.cfg has a server line for HCAI_APP1..HCAI_APP6

# Identical on every replica; the port, address and sub-path are added by replica_env.
REPLICA_ENV = {
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",   # code never changes under a running replica
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "STREAMLIT_SERVER_HEADLESS": "true",
}
PORT_VAR = "STREAMLIT_SERVER_PORT"
ADDRESS_VAR = "STREAMLIT_SERVER_ADDRESS"
BASE_PATH_VAR = "STREAMLIT_SERVER_BASE_URL_PATH"

# What deploy/haproxy.cfg reads from its environment.
HAPROXY_BIND_VAR = "HCAI_BIND"
HAPROXY_BASE_PATH_VAR = "HCAI_BASE_PATH"
HAPROXY_SERVER_VAR = "HCAI_APP{}"      # 1-based: HCAI_APP1 is server app1


def normalise_base_path(base_path: str) -> str:
    """'/china-ai' form: one leading slash, none trailing ('' for the root)."""
    stripped = base_path.strip("/")
    return f"/{stripped}" if stripped else ""


def replica_env(port: int = PORT, address: str = "0.0.0.0", base_path: str = DEFAULT_BASE_PATH) -> dict[str, str]:
    """The environment of one replica (on top of the inherited one)."""
    return {**REPLICA_ENV, PORT_VAR: str(port), ADDRESS_VAR: address, BASE_PATH_VAR: normalise_base_path(base_path)}


def haproxy_env(bind: str, servers: list[str], base_path: str = DEFAULT_BASE_PATH) -> dict[str, str]:
    """The environment deploy/haproxy.cfg expands: listen address, sub-path, one host:port per replica."""
    if not 1 <= len(servers) <= MAX_REPLICAS:
        raise ValueError(f"deploy/haproxy.cfg takes 1 to {MAX_REPLICAS} replicas, not {len(servers)}")
    env = {HAPROXY_BIND_VAR: bind, HAPROXY_BASE_PATH_VAR: normalise_base_path(base_path)}
    env.update({HAPROXY_SERVER_VAR.format(i): server for i, server in enumerate(servers, 1)})
    return env


def health_url(host: str, port: int, base_path: str) -> str:
    """Where a replica (or the proxy) answers 'ok' once it can serve the dashboard."""
    return f"http://{host}:{port}{normalise_base_path(base_path)}/{HEALTH_PATH}"
