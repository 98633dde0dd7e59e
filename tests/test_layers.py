"""The layer rules of tests/layers.py: a test reaching AppTest is `apptest`, and a `unit` test cannot run the app."""
from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from tests import layers
from tests.conftest import PAGES, run_page

MARKERS = frozenset({"AppTest", "run_app"})


def run_app():
    """A stand-in for an app function that runs the app (tests/layers.py finds such functions in components/)."""


def _pure():
    return sum(x * x for x in range(3))


def _through_a_helper():
    return run_page(PAGES["overview"])          # run_page (tests/conftest.py) constructs the AppTest


def _inside_a_comprehension():
    return [AppTest.from_file(p) for p in ("app.py",)]


def _through_an_app_function():
    return run_app()                            # stands for a function in components/ that runs the app


def _mentions_it_only_in_words():
    """Runs no AppTest, though this docstring names AppTest."""
    return "AppTest"


# Looked up by name, so that the tests below do not themselves reach AppTest (and stay `unit`).
SAMPLES = {f.__name__: f for f in (_pure, _through_a_helper, _inside_a_comprehension, _through_an_app_function,
                                   _mentions_it_only_in_words)}


@pytest.mark.parametrize("name,layer", [
    ("_pure", {"unit"}), ("_through_a_helper", {"apptest"}), ("_inside_a_comprehension", {"apptest"}),
    ("_through_an_app_function", {"apptest"}), ("_mentions_it_only_in_words", {"unit"}),
])
def test_a_test_is_apptest_exactly_when_it_reaches_apptest(name, layer):
    assert layers.layer_of("tests/test_x.py", SAMPLES[name], [], MARKERS) == layer


def test_a_fixture_that_runs_the_app_makes_its_tests_apptest():
    assert layers.layer_of("tests/test_x.py", SAMPLES["_pure"], [SAMPLES["_through_a_helper"]], MARKERS) == {"apptest"}


def test_browser_tests_are_browser_and_the_bench_smoke_runs_also_slow():
    assert layers.layer_of("tests/browser/test_x.py", SAMPLES["_through_a_helper"], [], MARKERS) == {"browser"}
    assert layers.layer_of("tests/deploy/test_x.py", SAMPLES["_pure"], [], MARKERS) == {"browser", "deploy"}
    assert layers.layer_of("tests/browser/test_bench_smoke.py", SAMPLES["_pure"], [], MARKERS) == {"browser", "slow"}


def test_the_app_functions_that_run_the_app_are_found_by_reading_components():
    found = layers.app_functions_running_the_app()
    assert {"layer_of", "table", "read_table"}.isdisjoint(found)
    # "Export all" builds its slides in-process from the view models: nothing in components/ runs the app.
    assert not found, found


def test_a_unit_test_that_runs_the_app_or_a_child_process_fails_loudly(monkeypatch):
    layers.refuse_in_unit_tests(monkeypatch)
    with pytest.raises(layers.LayerViolation, match="constructed an AppTest"):
        SAMPLES["_through_a_helper"]()
    with pytest.raises(layers.LayerViolation, match="started a child process"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_these_tests_are_unit(request):
    assert request.node.get_closest_marker("unit") is not None
    assert request.node.get_closest_marker("apptest") is None
