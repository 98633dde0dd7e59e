"""The language switch (English / 中文): held in the URL as `lang`, defaulting to the browser's language.

Why the URL: a copied link opens in the same language. Why only a display
choice: every widget keeps its English value (the URL's `segment=Medical
imaging` means the same in both languages) and shows a translated label, so
switching keeps every filter and control. The first visit without `lang`
follows the browser's preferred language (navigator.language, else the
Accept-Language header).
"""
from __future__ import annotations

import streamlit as st

from components import i18n
from components.i18n import _
from components.ui import url_state

KEY = "lang"
_SEEN = "_lang.url"


def _session_language() -> str | None:
    try:
        return st.session_state.get(KEY)
    except Exception:  # outside a script run: no session
        return None


def browser_language() -> str:
    """'zh' when the browser prefers Chinese, else 'en'."""
    preferred = ""
    try:
        preferred = st.context.locale or st.context.headers.get("Accept-Language", "") or ""
    except Exception:
        preferred = ""
    return "zh" if preferred.strip().lower().startswith("zh") else "en"


def begin_run() -> str:
    """Before anything is drawn: install the session as the language provider and settle this run's language.

    The URL decides whenever it changes (a shared link, back/forward); a first
    visit without `lang` follows the browser.
    """
    i18n.set_provider(_session_language)
    raw = st.query_params.get(KEY)
    if st.session_state.get(_SEEN, "") != raw or KEY not in st.session_state:
        if raw in i18n.LANGUAGES:
            st.session_state[KEY] = raw
        elif KEY not in st.session_state:
            st.session_state[KEY] = browser_language()
        st.session_state[_SEEN] = raw
    return i18n.current()


def _write_url() -> None:
    """`lang=zh` in the URL; English, the default, leaves it out (as every widget at its default does)."""
    lang = st.session_state.get(KEY) or i18n.DEFAULT
    url_state.set_param(KEY, None if lang == i18n.DEFAULT else lang)
    st.session_state[_SEEN] = st.query_params.get(KEY)


def check_url() -> None:
    """After the run's URL bookkeeping starts: a bad `lang` value gets a notice (the page keeps its language)."""
    url_state.check_choices(KEY, i18n.LANGUAGES)
    _write_url()


def switch() -> None:
    """The sidebar control (call inside `with st.sidebar`). Not URL-bound by Streamlit: see url_state.choice."""
    st.segmented_control("Language / 语言", i18n.LANGUAGES, format_func=i18n.LABELS.get, key=KEY,
                         required=True, label_visibility="collapsed", on_change=_write_url,
                         help=_("English / 中文. A copied link keeps the language."))
