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
from components.ui import url_state

KEY = "lang"
_DETECTED = "_lang_detected"


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
    """Before anything is drawn: install the session as the language provider and settle this run's language."""
    i18n.set_provider(_session_language)
    if not st.session_state.get(_DETECTED):
        st.session_state[_DETECTED] = True
        if st.query_params.get(KEY) not in i18n.LANGUAGES and KEY not in st.session_state:
            st.session_state[KEY] = browser_language()
    return i18n.current()


def check_url() -> None:
    """After the run's URL bookkeeping starts: a bad `lang` value gets a notice (the widget keeps its language)."""
    url_state.check_choices(KEY, i18n.LANGUAGES)


def switch() -> None:
    """The sidebar control (call inside `with st.sidebar`)."""
    st.segmented_control("Language / 语言", i18n.LANGUAGES, format_func=i18n.LABELS.get, key=KEY,
                         bind="query-params", required=True, label_visibility="collapsed",
                         help="English / 中文. A copied link keeps the language.")
