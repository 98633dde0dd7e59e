"""The language switch: lang=zh in the URL shows Chinese, switching keeps the filters, a bad value gets a notice."""
from __future__ import annotations

import pytest

from components import i18n
from components.ui import language
from tests.conftest import PAGES, open_link, page_text, run_page


def _sidebar_labels(at) -> list[str]:
    return [w.label for w in at.sidebar.multiselect]


def test_english_by_default():
    at = run_page()
    assert not at.exception
    assert _sidebar_labels(at) == ["Segment", "Region"]
    assert at.session_state["lang"] == "en"
    assert "lang" not in at.query_params


def test_lang_zh_link_opens_in_chinese_with_its_filters():
    at = open_link(PAGES["market_size"], {"lang": "zh", "region": ["East"]})
    assert not at.exception, at.exception
    assert _sidebar_labels(at) == ["细分领域", "区域"]
    region = at.sidebar.multiselect[1]
    assert region.value == ["East"]                 # the URL keeps the English value …
    assert region.options == ["东部", "中部", "西部", "东北", "港澳（特别行政区）"]   # … the widget shows Chinese
    assert at.query_params["region"] == "East"
    assert "来源" in page_text(at)


def test_switching_language_keeps_every_filter():
    at = open_link(PAGES["market_size"], {"region": ["East", "West"], "segment": ["Medical imaging"]})
    before = (at.sidebar.multiselect[0].value, at.sidebar.multiselect[1].value)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    assert _sidebar_labels(at) == ["细分领域", "区域"]
    assert (at.sidebar.multiselect[0].value, at.sidebar.multiselect[1].value) == before
    assert at.query_params["lang"] == "zh"
    assert at.query_params["region"] == ["East", "West"]      # the link stays language-neutral
    at.session_state["lang"] = "en"
    at.run()
    assert _sidebar_labels(at) == ["Segment", "Region"]
    assert (at.sidebar.multiselect[0].value, at.sidebar.multiselect[1].value) == before


@pytest.mark.parametrize("value", ["fr", "<script>alert(1)</script>", "x" * 5000])
def test_bad_lang_value_gets_a_notice_and_english(value):
    at = run_page(query={"lang": value})
    assert not at.exception
    assert _sidebar_labels(at) == ["Segment", "Region"]
    notices = " ".join(w.value for w in at.warning)
    assert "“lang”" in notices
    assert "script" not in notices and "xxxx" not in notices


def test_browser_language_picks_the_default(monkeypatch):
    class Context:
        def __init__(self, locale, accept=""):
            self.locale, self.headers = locale, {"Accept-Language": accept}

    for locale, accept, expected in [("zh-CN", "", "zh"), ("zh-TW", "", "zh"), ("en-US", "zh-CN", "en"),
                                     (None, "zh-CN,zh;q=0.9", "zh"), (None, "", "en"), ("de-DE", "", "en")]:
        monkeypatch.setattr(language.st, "context", Context(locale, accept))
        assert language.browser_language() == expected, (locale, accept)


def test_pick_and_text_prefer_the_curated_translation():
    row = {"name": "Beijing", "name_zh": "北京市", "note": "x", "note_zh": ""}
    assert i18n.text(row, "name") == "Beijing"
    with i18n.use("zh"):
        assert i18n.text(row, "name") == "北京市"
        assert i18n.text(row, "note") == "x"          # no translation: the original, never blank
        assert i18n.text(row, "missing_column") is None
