"""Which test layer a test belongs to, decided from the test itself so no test file has to say.

The layers (markers registered in pytest.ini, assigned in tests/conftest.py):
  unit     pure functions and data contracts: no Streamlit run, no child process; seconds
  apptest  runs the app through Streamlit's AppTest; minutes
  browser  Playwright + Chromium against the real server (everything under tests/browser/ and tests/deploy/)
  slow     the benchmark and load-test smoke runs (also browser)

A test is `apptest` when its own code, or any helper or fixture it reaches in
tests/, names `AppTest`, or calls an app function that runs the app (uses
AppTest or starts a child process that does; found by reading components/,
so the rule follows the code). The
walk follows names through compiled code objects (nested functions and
comprehensions included); it reads no source text, so a comment or a string
that mentions AppTest does not count.

The rule is enforced, not trusted: a test marked `unit` that constructs an
AppTest or starts a child process fails at once (see `refuse_in_unit_tests`),
so a misclassified test fails loudly instead of quietly slowing the fast layer.
"""
from __future__ import annotations

import ast
import inspect
import subprocess
import types
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = "tests/browser/"
DEPLOY_DIR = "tests/deploy/"      # replicas behind HAProxy, driven by Chromium: browser tests too
SLOW_FILES = frozenset({"tests/browser/test_bench_smoke.py"})
LAYERS = ("unit", "apptest", "browser", "slow")


def app_functions_running_the_app(root: Path = ROOT) -> frozenset[str]:
    """Names of app functions (components/, any depth) that run the app: they use AppTest, start a child
    process (the headless exporter), or call such a function. Found by reading the code, so it follows it.
    """
    calls: dict[str, set[str]] = {}
    for path in (root / "components").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                names |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
                calls.setdefault(node.name, set()).update(names)
    running = {name for name, names in calls.items() if names & {"AppTest", "subprocess"}}
    while True:
        more = {name for name, names in calls.items() if names & running} - running
        if not more:
            return frozenset(running)
        running |= more


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _is_test_helper(value: Any) -> bool:
    """A function (or fixture) defined in tests/: worth following; library code is not."""
    function = inspect.unwrap(value) if callable(value) else None
    return inspect.isfunction(function) and function.__module__.split(".")[0] == "tests"


def reaches_apptest(function: Callable, markers: frozenset[str], _seen: set | None = None) -> bool:
    """Whether `function`, or a tests/ helper it calls, names one of `markers` (AppTest, app functions…)."""
    function = inspect.unwrap(function)
    function = getattr(function, "__func__", function)  # a test method
    code = getattr(function, "__code__", None)
    seen = set() if _seen is None else _seen
    if code is None or code in seen:
        return False
    seen.add(code)
    namespace = getattr(function, "__globals__", {})
    for nested in _code_objects(code):
        for name in nested.co_names:
            if name in markers:
                return True
            value = namespace.get(name)
            if _is_test_helper(value) and reaches_apptest(value, markers, seen):
                return True
    return False


def fixture_functions(names: Iterable[str], namespaces: Iterable[dict]) -> list[Callable]:
    """The functions behind the fixtures a test uses, where they are defined in tests/ (module or conftest)."""
    found = []
    spaces = list(namespaces)
    for name in names:
        for space in spaces:
            value = space.get(name)
            if value is not None and _is_test_helper(value):
                found.append(value)
                break
    return found


def layer_of(relative_path: str, test: Callable, fixtures: list[Callable], markers: frozenset[str]) -> set[str]:
    """The markers for one test: its layer, plus `slow` for the benchmark smoke runs."""
    path = relative_path.replace("\\", "/")
    if path.startswith(BROWSER_DIR):
        return {"browser", "slow"} if path in SLOW_FILES else {"browser"}
    if path.startswith(DEPLOY_DIR):
        return {"browser", "deploy"}
    seen: set = set()
    if any(reaches_apptest(f, markers, seen) for f in [test, *fixtures]):
        return {"apptest"}
    return {"unit"}


class LayerViolation(AssertionError):
    """A test marked `unit` did something only the slower layers may do."""


def refuse_in_unit_tests(monkeypatch) -> None:
    """Make AppTest and child processes fail loudly for the duration of one unit test."""
    from streamlit.testing.v1 import AppTest

    def no_apptest(*args, **kwargs):
        raise LayerViolation("a test marked `unit` constructed an AppTest: tests/layers.py classified it "
                             "wrongly; make the AppTest use visible to it (name AppTest or a tests/ helper)")

    def no_child(*args, **kwargs):
        raise LayerViolation(f"a test marked `unit` started a child process {args[:1]!r}: unit tests stay "
                             "in-process (tests/layers.py did not see this test reach the function that starts it)")

    monkeypatch.setattr(AppTest, "__init__", no_apptest)
    monkeypatch.setattr(subprocess, "Popen", no_child)
