"""Shareable views: every page restores its controls from the URL; hostile values give a notice.

Generic on purpose: the controls are found by walking each page's element tree
for widgets bound to the URL (`bind="query-params"`), so a control added later
is covered without editing this file. The real browser checks the other half
(the frontend writing the URL as controls change) in tests/browser.
"""
from __future__ import annotations

import math

import pytest

from tests.conftest import PAGES, page_text, run_page

CHOICE_WIDGETS = {"Selectbox", "Radio", "Multiselect", "ButtonGroup", "SelectSlider"}
GLOBAL_KEYS = ("segment", "region")
HOSTILES = ["<script>alert(1)</script>", "x" * 10_000, "$\\LaTeX$ [link](http://evil.example)"]


def open_page(page: str, query: dict | None = None):
    """The page through app.py with URL parameters, as a pasted link opens it.

    Page-level parameters are set after the switch: AppTest's switch_page, like the
    navigation, drops the parameters of the page left behind.
    """
    if page == "overview":
        # The default page: AppTest runs app.py only on the first run (a rerun or a switch to the
        # default page runs the page file alone), so every parameter goes in before that run.
        at = run_page(query=query)
    else:
        # The global filters are bound in app.py: AppTest applies them on the first run only.
        at = run_page(query={k: v for k, v in (query or {}).items() if k in GLOBAL_KEYS})
        at.switch_page(PAGES[page])
        for key, value in (query or {}).items():
            if key not in GLOBAL_KEYS:
                at.query_params[key] = value
        at.run()
    assert not at.exception, at.exception
    return at


def bound_widgets(at) -> dict[str, object]:
    """Every widget kept in a URL parameter, by URL key: bound by Streamlit, or by url_state.choice()."""
    found: dict[str, object] = {}
    choices = {twin: key for key, twin in (at.session_state["_url_choices"] if "_url_choices" in at.session_state
                                           else {}).items()}

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        key = getattr(getattr(node, "proto", None), "query_param_key", "")
        if key:
            found[key] = node
        elif getattr(node, "key", None) in choices:
            found[choices[node.key]] = node

    walk(at._tree)
    return found


def _options(widget) -> list[str]:
    return [getattr(o, "content", o) for o in widget.proto.options]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def url_form(widget):
    """The widget's value as the URL carries it (formatted option labels, numbers, true/false)."""
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio"):
        return None if widget.index is None else _options(widget)[widget.index]
    if kind in ("Multiselect", "ButtonGroup"):
        return [_options(widget)[i] for i in widget.indices]
    if kind == "SelectSlider":
        return widget.format_func(widget.value) if not isinstance(widget.value, tuple) else \
            [widget.format_func(v) for v in widget.value]
    if kind in ("Slider", "NumberInput"):
        value = widget.value
        return [_number(v) for v in value] if isinstance(value, (list, tuple)) else _number(value)
    if kind in ("Checkbox", "Toggle"):
        return "true" if widget.value else "false"
    return widget.value


def other_value(widget):
    """A valid value different from the current one, in URL form."""
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio", "ButtonGroup"):
        options = _options(widget)
        current = url_form(widget)
        current = current[0] if isinstance(current, list) and current else current
        pick = next((o for o in reversed(options) if o != current), None)
        return [pick] if kind == "ButtonGroup" else pick
    if kind == "Multiselect":
        options = _options(widget)
        return [options[-1]] if url_form(widget) != [options[-1]] else [options[0]]
    if kind in ("Slider", "NumberInput"):
        proto = widget.proto
        step = float(proto.step) if proto.step else 1.0
        value = float(widget.value if not isinstance(widget.value, (list, tuple)) else widget.value[0])
        high = float(proto.max) if getattr(proto, "has_max", True) else math.inf
        new = value + step if value + step <= high else value - step
        return _number(round(new, 6))
    if kind in ("Checkbox", "Toggle"):
        return "false" if widget.value else "true"
    return "roundtrip"


def notices(at) -> list[str]:
    """The URL notices (layout.url_notices), told apart from a page's own warnings by their icon.

    Markdown escapes (a key's "_" shows as "\\_" in the source) are removed for matching."""
    return [w.value.replace("\\", "") for w in at.warning if w.icon == ":material/link_off:"]


def _page_keys(at) -> dict[str, object]:
    return {k: w for k, w in bound_widgets(at).items() if k not in GLOBAL_KEYS}


@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_a_copied_link_restores_every_control(page_name):
    page = page_name
    default = open_page(page)
    widgets = _page_keys(default)
    chosen = {key: other_value(w) for key, w in widgets.items()}
    chosen["region"] = ["West"]
    restored = open_page(page, chosen)
    assert not notices(restored), notices(restored)
    now = bound_widgets(restored)
    for key, value in chosen.items():
        assert url_form(now[key]) == value, f"{page}: {key} did not restore from the URL"
    if widgets:
        assert page_text(restored) != page_text(default), f"{page}: the restored controls changed nothing visible"
    # The link built from the restored state opens the same view again.
    again = open_page(page, {key: url_form(w) for key, w in now.items() if url_form(w) not in (None, [])})
    assert page_text(again) == page_text(restored)
    assert [d.value.to_csv() for d in again.dataframe] == [d.value.to_csv() for d in restored.dataframe]


def test_a_control_changed_on_the_page_gives_a_link_that_reproduces_it():
    """Change a control as a user does, write the URL the bound widget writes, open it fresh."""
    at = open_page("sources_method")
    at.multiselect(key="sources.topic").set_value(["regulation"]).run()
    at.multiselect(key="region").set_value(["East"]).run()
    link = {key: url_form(w) for key, w in bound_widgets(at).items() if url_form(w) not in (None, [])}
    assert link == {"sources.topic": ["regulation"], "region": ["East"]}
    fresh = open_page("sources_method", link)
    assert page_text(fresh) == page_text(at)
    assert [d.value.to_csv() for d in fresh.dataframe] == [d.value.to_csv() for d in at.dataframe]


def test_global_filters_survive_a_page_switch():
    at = run_page(query={"region": "West"})
    for page in ("market_size", "province_map", "sources_method"):
        at.switch_page(PAGES[page]).run()
        assert not at.exception
        assert at.multiselect(key="region").value == ["West"], page


@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_hostile_values_give_a_notice_and_never_reach_the_page(page_name):
    """One run per page: its keys take the hostile values in turn (script tag, 10,000 characters, markup)."""
    keys = _page_keys(open_page(page_name))
    # The global filters' notices show on the page the link opens, which AppTest can only do for the
    # start page (see open_page); tests/test_pages.py covers them there too.
    names = [*keys, "present", *(GLOBAL_KEYS if page_name == "overview" else ())]
    query = {key: HOSTILES[i % len(HOSTILES)] for i, key in enumerate(names)}
    at = open_page(page_name, query)
    warnings = " ".join(notices(at))
    for key in names:
        widget = keys.get(key)
        if widget is None or type(widget).__name__ in CHOICE_WIDGETS | {"Slider", "NumberInput"}:
            assert f"“{key}”" in warnings, f"{page_name}: no notice for a hostile {key}"
    text = page_text(at)
    assert "<script>" not in text and "xxxxxxxxxx" not in text and "evil.example" not in text
    assert "Exit presentation" not in [b.label for b in at.button]  # a bad flag value does not present


@pytest.mark.parametrize("page_name", ["market_size", "province_map"])
def test_a_repeated_single_choice_key_gives_a_notice(page_name):
    page = page_name
    keys = _page_keys(open_page(page))
    single = {k: w for k, w in keys.items() if type(w).__name__ in ("Selectbox", "Radio")}
    if not single:
        pytest.skip("no single-choice control on this page")
    key, widget = next(iter(single.items()))
    options = _options(widget)
    at = open_page(page, {key: [options[0], options[-1]]})
    assert "more than once" in " ".join(notices(at))


def test_presentation_flag_in_the_link_survives_page_switches_and_exits():
    at = run_page(query={"present": "1"})
    assert "Exit presentation" in [b.label for b in at.button]
    at.switch_page(PAGES["market_size"]).run()
    assert at.query_params.get("present") in ("1", ["1"]), "the flag must come back after a page switch"
    assert "Exit presentation" in [b.label for b in at.button]
    at.button(key="present.next").click().run()
    assert not at.exception
    at.button(key="present.exit").click().run()
    assert "present" not in at.query_params
    assert "Exit presentation" not in [b.label for b in at.button]
    at.switch_page(PAGES["sources_method"]).run()
    assert "Exit presentation" not in [b.label for b in at.button]


def test_every_slide_page_presents_without_error_with_its_slide_first():
    """Presenting, a slide page runs cleanly; Barriers & strategy leads with its barrier -> strategy table and the
    map draws the lower, zoomed-out deck (the browser suite checks that each fits the screen)."""
    import json

    from components import pages
    from components.geo import maps

    at = run_page(query={"present": "1"})
    assert not at.exception
    for spec in pages.SLIDES[1:]:
        at.switch_page(spec.script).run()
        assert not at.exception, spec.stem
        if spec.stem == "barriers_strategy":
            assert list(at.table[0].value.columns) == ["Barrier", "Verticals it bites", "Strategy"]
        if spec.stem == "province_map":
            deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
            assert deck["initialViewState"]["zoom"] == maps.PRESENT_VIEW.zoom
