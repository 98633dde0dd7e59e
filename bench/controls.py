"""The inputs the benchmark gives each page: the global filter, the plain rerun, and one page-local control.

Why a module of its own: which control stands for a page ("the scale toggle, the
scenario input, the map selection, the entry-path answer") is a decision about
what an analyst does on that page, kept apart from the timing code in
run_bench.py. Each control is found the way a user finds it, by its label
(Streamlit's data-testids and the label text), never by its position or its
place in the element tree, so pages can move sections into fragments or tabs
without breaking the benchmark.

Every action does its untimed preparation (opening a dropdown or a tab,
focusing a slider thumb) and returns `fire`, which clears the probe's input
list and sends the one input event that is timed (mousedown or keydown);
run_bench.py reads the server's CPU time around `fire` and waits for the view
to settle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Fire = Callable[[], None]

from components.domain import strategy
from tools.browser_probe import runs_done, wait_until_settled

FILTER_LABEL, FILTER_OPTION = "Region", "East"
CLEAR_INPUTS = "window.__hcai.inputs = []"


def _labelled(page, testid: str, label: str):
    """The widget with this data-testid whose label text is `label` (sidebar or main)."""
    return page.locator(f'[data-testid="{testid}"]').filter(has=page.get_by_text(label, exact=True)).first


def filter_pick(page, timeout: float) -> Fire:
    """The sidebar's Region filter: open it, pick East (the click on the option is the input)."""
    widget = _labelled(page, "stMultiSelect", FILTER_LABEL)
    widget.locator("input").click()
    option = page.get_by_role("option", name=FILTER_OPTION, exact=True)
    option.wait_for(timeout=timeout)
    return lambda: (page.evaluate(CLEAR_INPUTS), option.click())


def after_filter(page) -> None:
    page.keyboard.press("Escape")   # close the dropdown (no rerun)


def plain_rerun(page, timeout: float) -> Fire:
    """Streamlit's own "r" shortcut: the same script run again with nothing changed."""
    page.evaluate("document.activeElement && document.activeElement.blur()")   # a focused input would take the key
    return lambda: (page.evaluate(CLEAR_INPUTS), page.keyboard.press("r"))


def _settle_untimed(page, timeout: float) -> None:
    """After an untimed step that may or may not start a run: let it start, then wait until settled."""
    page.wait_for_timeout(400)
    wait_until_settled(page, max(runs_done(page) - 1, 0), timeout)


# ---------------------------------------------------------------- page-local controls

def market_scale(page, timeout: float) -> Fire:
    """Market size: the "Value axis" radio, to the option not chosen (linear <-> log)."""
    radio = _labelled(page, "stRadio", "Value axis")
    radio.wait_for(timeout=timeout)
    options = radio.locator("label:has(input[type=radio])")
    target = next(i for i in range(options.count()) if not options.nth(i).locator("input").is_checked())
    return lambda: (page.evaluate(CLEAR_INPUTS), options.nth(target).click())


def density_gain(page, timeout: float) -> Fire:
    """Physician density: the AI productivity-gain slider, one step right with the keyboard."""
    slider = _labelled(page, "stSlider", "AI productivity gain per physician (assumption)")
    thumb = slider.get_by_role("slider").first
    thumb.wait_for(timeout=timeout)
    thumb.focus()
    return lambda: (page.evaluate(CLEAR_INPUTS), page.keyboard.press("ArrowRight"))


def map_pick(page, timeout: float) -> Fire:
    """Province map: choose the first province or site in the side panel's picker."""
    picker = _labelled(page, "stSelectbox", "Select a province or site")
    picker.wait_for(timeout=timeout)
    picker.locator("input").click()
    option = page.get_by_role("option").first
    option.wait_for(timeout=timeout)
    return lambda: (page.evaluate(CLEAR_INPUTS), option.click())


def finder_answer(page, timeout: float) -> Fire:
    """Barriers & strategy: in the entry-path finder (its tab opened first, untimed), answer "already cleared"."""
    question = strategy.QUESTION_BY_ID["cleared"]
    tab = page.get_by_role("tab", name="Entry-path finder")
    tab.wait_for(timeout=timeout)
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
        _settle_untimed(page, timeout)
    group = page.locator('[data-testid="stButtonGroup"]').filter(has=page.get_by_text(question.prompt, exact=False))
    answer = group.first.get_by_role("radio", name=question.label_for("yes"), exact=True)
    answer.wait_for(timeout=timeout)
    return lambda: (page.evaluate(CLEAR_INPUTS), answer.click())


@dataclass(frozen=True)
class LocalControl:
    name: str                                      # what the report calls it
    act: Callable[..., Fire]


LOCAL_CONTROLS = {   # url path -> the page-local control the benchmark changes
    "market-size": LocalControl("Value axis (linear/log)", market_scale),
    "physician-density": LocalControl("AI productivity gain slider", density_gain),
    "province-map": LocalControl("side-panel province/site picker", map_pick),
    "barriers-strategy": LocalControl("entry-path finder answer", finder_answer),
}
