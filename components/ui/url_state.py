"""URL parameters: validate what arrives, report what is ignored, never echo it.

Widgets bound with `bind="query-params"` drop invalid values silently; a
demanding user deserves to know that a shared link did not apply in full.
Every page declares the keys it owns and checks their values here before the
widget reads them. Notices name only the parameter key (from our own
whitelist), never the hostile value, so nothing from the URL reaches the page
as markup.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import streamlit as st

from components import i18n
from components.i18n import _

MAX_VALUE_CHARS = 200
_NOTICES_KEY = "_url_notices"
_KNOWN_KEYS = "_url_known_keys"
_PAGE_KEY, _SWITCHED_KEY = "_url_page", "_url_page_switched"
CHOICES_KEY = "_url_choices"   # URL key -> widget key of every `choice()` widget (read by the tests)
_SAFE_KEY = re.compile(r"[a-z0-9_.\-]{1,40}")


def begin_run(page_id: str) -> None:
    """Reset per-run bookkeeping; notices survive reruns of the same page only."""
    state = st.session_state.setdefault(_NOTICES_KEY, {"page": page_id, "items": []})
    if state["page"] != page_id:
        st.session_state[_NOTICES_KEY] = {"page": page_id, "items": []}
    st.session_state[_KNOWN_KEYS] = set()
    # st.navigation drops the URL parameters of widgets it did not bind on a page switch (checked in
    # Streamlit 1.67): choice() widgets then keep their value and put it back (see choice()).
    previous = st.session_state.get(_PAGE_KEY)
    st.session_state[_SWITCHED_KEY] = previous is not None and previous != page_id
    st.session_state[_PAGE_KEY] = page_id


def _add_notice(text: str) -> None:
    items = st.session_state.setdefault(_NOTICES_KEY, {"page": "", "items": []})["items"]
    if text not in items:
        items.append(text)


def notices() -> list[str]:
    return list(st.session_state.get(_NOTICES_KEY, {}).get("items", []))


def _label(key: str) -> str:
    return f"“{key}”" if _SAFE_KEY.fullmatch(key) else _("an unrecognised parameter")


def register(*keys: str) -> None:
    """Declare URL keys this run uses (anything else is reported as unknown)."""
    st.session_state.setdefault(_KNOWN_KEYS, set()).update(keys)


def check_choices(key: str, allowed: Sequence[str], multi: bool = False) -> list[str]:
    """Validate a choice parameter before its widget reads it; return the valid values."""
    register(key)
    raw = st.query_params.get_all(key)
    if not raw:
        return []
    valid = [v for v in raw if len(v) <= MAX_VALUE_CHARS and v in allowed]
    if len(valid) != len(raw):
        _add_notice(_("Ignored a value of the URL parameter {name} that is not one of its options.")
                    .format(name=_label(key)))
    if not multi and len(raw) > 1:
        _add_notice(_("The URL parameter {name} was given more than once; only one value applies.")
                    .format(name=_label(key)))
        valid = valid[:1]
    return valid


def read_choice(key: str, allowed: Sequence[str], default: str | None) -> str | None:
    """A non-widget choice kept in the URL (e.g. a map selection)."""
    valid = check_choices(key, allowed)
    return valid[0] if valid else default


def read_number(key: str, default: float, low: float, high: float) -> float:
    """A non-widget number kept in the URL, clamped to [low, high] or ignored with a notice."""
    register(key)
    raw = st.query_params.get_all(key)
    if not raw:
        return default
    text = raw[-1]
    try:
        value = float(text) if len(text) <= 40 else float("nan")
    except ValueError:
        value = float("nan")
    if not (low <= value <= high):
        _add_notice(_("Ignored the URL parameter {name}: expected a number from {low} to {high}.")
                    .format(name=_label(key), low=f"{low:g}", high=f"{high:g}"))
        return default
    if len(raw) > 1:
        _add_notice(_("The URL parameter {name} was given more than once; only the last value applies.")
                    .format(name=_label(key)))
    return value


def text_box(key: str, label: str, **kwargs) -> str:
    """A text box kept in the URL under `key`, with an over-long value dropped with a notice.

    Not `bind="query-params"`: a bound text box would apply a huge hostile value cut to its
    max_chars; here it is dropped and named in a notice. The box's own state lives under
    "_<key>" and follows the URL whenever the URL changes (a shared link, back/forward).
    """
    register(key)
    state_key, url_key = f"_{key}", f"_{key}.url"
    raw = st.query_params.get_all(key)
    if raw and len(raw[-1]) > MAX_VALUE_CHARS:
        check_choices(key, [])
        set_param(key, None)
        raw = []
    if state_key not in st.session_state or st.session_state.get(url_key) != raw:
        st.session_state[state_key] = raw[-1] if raw else ""
    value = st.text_input(label, key=state_key, max_chars=MAX_VALUE_CHARS, **kwargs)
    set_param(key, value or None)
    st.session_state[url_key] = [value] if value else []
    return value


def set_param(key: str, value: str | None) -> None:
    """Write a non-widget value to the URL (None removes it)."""
    register(key)
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def drop_unknown(extra_allowed: Iterable[str] = ()) -> None:
    """After the page ran: report and remove parameters no widget or page claimed."""
    known = set(st.session_state.get(_KNOWN_KEYS, set())) | set(extra_allowed)
    for key in list(st.query_params.keys()):
        if key in known:
            continue
        _add_notice(_("Ignored {name}: this page has no such setting.").format(name=_label(key)))
        try:
            del st.query_params[key]
        except Exception:  # noqa: BLE001 - a bound param of another page; leave it to Streamlit
            pass


def state_key(key: str) -> str:
    """Where a choice widget made by `choice()` keeps its value in this language's run."""
    return key if i18n.current() == i18n.DEFAULT else f"{key}@{i18n.current()}"


def value(key: str, default=None):
    """The current value of a choice widget made by `choice()`, whatever the language."""
    return st.session_state.get(state_key(key), default)


def choice(widget, label: str, options: Sequence, *, key: str, format_func=None, multi: bool = False,
           default=None, **kwargs):
    """A choice widget kept in the URL under `key` with the option itself as the value, in every language.

    Why not `bind="query-params"`: Streamlit writes the *displayed* label to the
    URL, so with translated labels a link would read `region=东部` in Chinese and
    `region=East` in English, and after a language switch URL and widget
    disagree (checked in a browser: the link then reopens without the filter).
    Here the URL always holds the untranslated option; the widget's state lives
    under `key` in English and `<key>@<lang>` in another language, so a switch
    re-reads the URL. `multi`: a list value; `default`: the value that leaves
    the URL clean (as a bound widget at its default does).
    """
    register(key)
    twin = state_key(key)
    st.session_state.setdefault(CHOICES_KEY, {})[key] = twin
    raw = st.query_params.get_all(key)
    dropped_by_navigation = not raw and st.session_state.get(_SWITCHED_KEY) and twin in st.session_state
    if _url_changed(key, twin) and not dropped_by_navigation:
        # First run in this language, a shared link, back/forward: the URL decides.
        valid = [v for v in raw if v in options]
        if multi:
            st.session_state[twin] = list(dict.fromkeys(valid))
        elif valid:
            st.session_state[twin] = valid[0]
        elif raw or twin in st.session_state:
            st.session_state[twin] = default
    if format_func is not None:
        lang = i18n.current()

        def shown(option, _format=format_func):
            # Formatted in this run's language whenever Streamlit (or a test harness) calls it.
            with i18n.use(lang):
                return _format(option)

        kwargs["format_func"] = shown
    if twin in st.session_state:
        kwargs.pop("index", None)
    chosen = widget(label, options, key=twin, **kwargs)
    values = [] if chosen is None else ([str(v) for v in chosen] if multi else [str(chosen)])
    at_default = values == [] if multi else (chosen is None or chosen == default)
    set_param_list(key, [] if at_default else values)
    _remember_url(key, twin)
    return chosen


def _url_changed(key: str, twin: str) -> bool:
    """Whether the URL decides this run: a shared link, back/forward, or the widget's first run in this language."""
    return st.session_state.get(f"_{twin}.url") != st.query_params.get_all(key) or twin not in st.session_state


def _remember_url(key: str, twin: str) -> None:
    """What the URL holds after the widget wrote it (the next run compares with it)."""
    st.session_state[f"_{twin}.url"] = st.query_params.get_all(key)


def set_param_list(key: str, values: list[str]) -> None:
    """Write a (possibly repeated) URL parameter; an empty list removes it."""
    register(key)
    if st.query_params.get_all(key) == values:
        return
    if values:
        st.query_params[key] = values
    elif key in st.query_params:
        del st.query_params[key]


def tabs(labels: Sequence[str], *, key: str, lazy: bool = True) -> dict[str, object]:
    """Tabs kept in the URL under `key` by their English label, shown in the current language.

    Returns {English label: tab container}. `lazy`: only the open tab's `.open`
    is true, so a page runs just that tab's body (st.tabs(on_change="rerun")).
    Same reason as `choice()` for not binding: Streamlit would write the
    translated label to the URL.
    """
    check_choices(key, labels)
    twin = state_key(key)
    shown = [_(label) for label in labels]
    if _url_changed(key, twin):
        valid = [v for v in st.query_params.get_all(key) if v in labels]
        st.session_state[twin] = shown[labels.index(valid[-1])] if valid else shown[0]
    containers = st.tabs(shown, key=twin, on_change="rerun" if lazy else "ignore")
    current = st.session_state.get(twin)
    english = labels[shown.index(current)] if current in shown else labels[0]
    set_param(key, None if english == labels[0] else english)
    _remember_url(key, twin)
    return dict(zip(labels, containers))
