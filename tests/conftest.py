"""Shared fixtures: a scratch copy of data/, an AppTest runner through app.py, and each test's layer marker."""
from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
import types
from pathlib import Path
from typing import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests import layers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
APP = str(ROOT / "app.py")

PAGES = {
    "overview": "pages/overview.py",
    "market_size": "pages/market_size.py",
    "province_map": "pages/province_map.py",
    "physician_density": "pages/physician_density.py",
    "barriers_strategy": "pages/barriers_strategy.py",
    "sources_method": "pages/sources_method.py",
}


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of data/, used by the app for this test (HCAI_DATA_DIR)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("HCAI_DATA_DIR", str(target))
    return target


def tree_hash(folder: Path) -> str:
    """One digest of every file's relative path and bytes (to prove a folder was not modified)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_page(page: str | None = None, query: dict | None = None, timeout: float = 60) -> AppTest:
    """Run app.py (optionally with URL parameters), then switch to `page` and run again."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page and page != PAGES["overview"]:
        at.switch_page(page).run()
    return at


GLOBAL_KEYS = ("segment", "region", "lang")  # the sidebar filters and the language; every other key is a page's


def open_link(page: str, query: dict, timeout: float = 60) -> AppTest:
    """Open `page` as a shared link does: the sidebar filters from the start, the page's own keys with the page.

    (run_page puts every parameter on the first run, which shows the overview; that run rightly
    drops the keys the overview does not own, so a page's keys go with the page's own run.
    Switching pages before the first run would bypass app.py in AppTest.)
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in query.items():
        if key in GLOBAL_KEYS:
            at.query_params[key] = value
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    return at


# Pages whose secondary analyses sit in tabs that run only when open: the URL key that opens one.
LAZY_TABS = {"market_size": "market.tab", "barriers_strategy": "strategy.tab"}


def each_tab(page: str) -> Iterator[AppTest]:
    """The page's finished runs with each of its lazy tabs open in turn (the default one first).

    A closed lazy tab's content does not run, so a check of everything a page says walks every tab.
    """
    at = run_page(page)
    yield at
    stem = next((stem for stem, path in PAGES.items() if path == page), None)
    if stem in LAZY_TABS:
        for label in [tab.label for tab in at.tabs][1:]:
            yield open_link(page, {LAZY_TABS[stem]: label})


def page_text(at: AppTest) -> str:
    """All visible text of a finished run (markdown, captions, metrics, titles, alerts)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "error", "info", "success"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    return "\n".join(parts)


def pytest_collection_modifyitems(config, items):
    """Mark every test with its layer (unit / apptest / browser, plus slow): see tests/layers.py."""
    markers = frozenset({"AppTest", *layers.app_functions_running_the_app()})
    conftests = [vars(plugin) for plugin in config.pluginmanager.get_plugins()
                 if isinstance(plugin, types.ModuleType) and plugin.__name__.startswith("tests")]
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        module = vars(item.module) if item.module else {}
        fixtures = layers.fixture_functions(item.fixturenames, [module, *conftests])
        relative = Path(str(item.path)).resolve().relative_to(ROOT).as_posix()
        for name in sorted(layers.layer_of(relative, item.obj, fixtures, markers)):
            item.add_marker(name)


@pytest.fixture(autouse=True)
def _layer_guard(request, monkeypatch):
    """A `unit` test may not run the app or a child process: a misclassified test fails, loudly."""
    if request.node.get_closest_marker("unit"):
        layers.refuse_in_unit_tests(monkeypatch)


# Streamlit reports a deprecated call (a parameter or function it will remove) on this logger, not
# through Python's warnings, so pytest.ini's `error::DeprecationWarning` cannot see it.
STREAMLIT_DEPRECATION_LOGGER = "streamlit.deprecation_util"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def streamlit_deprecations() -> Iterator[list[str]]:
    """Collect the deprecation messages Streamlit logs while the block runs (AppTest runs in-process)."""
    handler = _Collect()
    logger = logging.getLogger(STREAMLIT_DEPRECATION_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def streamlit_deprecation_log():
    """A call to a deprecated Streamlit API fails the test that made it, like a DeprecationWarning does."""
    with streamlit_deprecations() as messages:
        yield messages
    assert not messages, f"Streamlit deprecation(s) in this test: {messages}"
