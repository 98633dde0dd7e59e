"""HAProxy itself accepts the shipped config with the environment the deployment test gives it (haproxy -c)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy import settings
from deploy.cluster import HAPROXY_CFG


def test_haproxy_accepts_the_config_with_the_tested_environment():
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(binary).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("haproxy is not installed (CI=true: a missing tool is a failure)")
        pytest.skip("haproxy is not installed")
    env = {**os.environ, **settings.haproxy_env("127.0.0.1:1", [f"127.0.0.1:{p}" for p in (2, 3, 4)])}
    done = subprocess.run([binary, "-c", "-f", str(HAPROXY_CFG)], env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
