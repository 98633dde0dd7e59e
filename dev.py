#!/usr/bin/env python3
"""One-command developer entry point: `python3 dev.py run | test | bench | load`.

Why a script and not only a Makefile: a fresh machine has Python 3.11 and
pip and nothing else promised. Each command creates .venv on first use,
installs the pinned requirements (again only when a requirements file
changes), then runs.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _requirements_hash(files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_env(requirements: str) -> None:
    """Create .venv and install `requirements` (and what it includes) if they changed."""
    if not PY.exists():
        print(f"Creating virtual environment in {VENV.name}/ …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = ["requirements.txt"] + ([requirements] if requirements != "requirements.txt" else [])
    stamp = VENV / f".installed-{requirements}"
    wanted = _requirements_hash(files)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Installing {requirements} …", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r",
                    str(ROOT / requirements)], check=True)
    stamp.write_text(wanted)


def run(args: list[str]) -> int:
    ensure_env("requirements.txt")
    return subprocess.call([str(PY), str(ROOT / "tools" / "serve.py"), *args], cwd=ROOT)


def test(args: list[str]) -> int:
    ensure_env("requirements-test.txt")
    code = subprocess.call([str(PY), "-m", "pytest", *args], cwd=ROOT)
    if code == 5:
        print("pytest collected no tests: treating that as a failure.", file=sys.stderr)
        return 1
    return code


def bench(args: list[str]) -> int:
    ensure_env("requirements-test.txt")
    return subprocess.call([str(PY), "-m", "bench.run_bench", *args], cwd=ROOT)


def load(args: list[str]) -> int:
    ensure_env("requirements-test.txt")
    return subprocess.call([str(PY), "-m", "bench.load_test", *args], cwd=ROOT)


COMMANDS = {"run": run, "test": test, "bench": bench, "load": load}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [args…]")
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
