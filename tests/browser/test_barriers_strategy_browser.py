"""Barriers & strategy in Chromium: the explorer renders, the finder answers clicks, the URL keeps the answers.

Names are read from the data layer, not typed here. The `app_page` fixture
fails the test if any request leaves the machine.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from components.data import data_layer
from components.domain import strategy
from tests.browser.conftest import screenshot
from tools.browser_probe import open_page, problems, runs_done, wait_for_app, wait_until_settled

PATH = "barriers-strategy"


def _button_group(page, key: str):
    # Streamlit marks a keyed widget's container with the class "st-key-<key>", dots turned into dashes.
    return page.locator(f'.st-key-{key.replace(".", "-")}')


def _answer(page, key: str, label: str) -> None:
    """Answer as a reader does: click, then read the result before the next question."""
    before = runs_done(page)
    _button_group(page, key).get_by_role("radio", name=label, exact=True).click()
    wait_until_settled(page, after_runs=before)


def _first_card(page):
    return page.locator('[data-testid="stMarkdownContainer"] h3').filter(has_text="1. ").first


def test_explorer_renders_with_every_barrier_and_the_mode_matrix(app_page):
    app_page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(app_page, PATH)
    for name in data_layer.table("barriers")["name"]:
        app_page.get_by_role("heading", name=name).first.wait_for()
    matrix = app_page.locator('[data-testid="stTable"]').first
    for name in data_layer.table("entry_modes")["name"]:
        assert name in matrix.inner_text()
    assert problems(app_page) == []
    assert app_page.query_selector('[role="dialog"]') is None
    screenshot(app_page, "barriers-strategy-explorer")


def test_finder_responds_to_answers_and_keeps_them_in_the_url(app_page):
    app_page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(app_page, PATH, "strategy.tab=Entry-path+finder")
    channels = data_layer.table("fast_track_channels").set_index("channel_id")
    modes = data_layer.table("entry_modes").set_index("mode_id")
    cleared = strategy.QUESTION_BY_ID["cleared"]
    control = strategy.QUESTION_BY_ID["control"]
    capital = strategy.QUESTION_BY_ID["capital"]

    _answer(app_page, "strategy.cleared", cleared.label_for("yes"))
    _first_card(app_page).filter(has_text=channels.loc["hainan_boao_lecheng", "name"]).wait_for()
    wait_for_app(app_page)
    assert parse_qs(urlparse(app_page.url).query)["strategy.cleared"] == [cleared.label_for("yes")]

    _answer(app_page, "strategy.cleared", cleared.label_for("no"))
    _answer(app_page, "strategy.control", control.label_for("low"))
    _answer(app_page, "strategy.capital", capital.label_for("low"))
    _first_card(app_page).filter(has_text=modes.loc["licensing", "name"]).wait_for()
    wait_for_app(app_page)
    query = parse_qs(urlparse(app_page.url).query)
    assert query["strategy.control"] == [control.label_for("low")]
    assert query["strategy.capital"] == [capital.label_for("low")]
    assert problems(app_page) == []
    screenshot(app_page, "barriers-strategy-finder-licensing")


def test_shared_finder_link_opens_with_its_answers(app_page):
    app_page.set_viewport_size({"width": 1920, "height": 1080})
    tcm = data_layer.table("verticals").set_index("vertical_id").loc["digital_tcm", "name"]
    open_page(app_page, PATH, f"strategy.tab=Entry-path+finder&strategy.vertical={tcm}")
    joint_venture = data_layer.table("entry_modes").set_index("mode_id").loc["joint_venture", "name"]
    _first_card(app_page).filter(has_text=joint_venture).wait_for()
    assert problems(app_page) == []
    screenshot(app_page, "barriers-strategy-finder-tcm")


def test_invalid_link_values_show_a_notice(app_page):
    open_page(app_page, PATH, "strategy.cleared=Maybe&strategy.vertical=%3Cscript%3E")
    notice = app_page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="strategy.cleared")
    notice.first.wait_for()
    assert problems(app_page) == []
