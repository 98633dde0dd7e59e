"""The dashboard's two languages: gettext catalogues (Babel) and the current language. No Streamlit here.

Why a provider and not a global: view models, builders and formatters run in
the script thread of whichever session asked, and in tests and exports outside
any session. The UI layer installs a provider that reads the session's choice
(components.ui.language); `use("zh")` overrides it for a block (tests, exports).
Interface strings are marked `_("…")` and extracted by Babel
(`python3 tools/i18n.py update`); a translation of data is a column of its
own (`name_zh`), never this catalogue.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "zh")
DEFAULT = "en"
BABEL_LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}
LABELS = {"en": "English", "zh": "中文"}
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("language_override", default=None)
_provider: Callable[[], str | None] = lambda: None


def set_provider(provider: Callable[[], str | None]) -> None:
    """The UI layer's source of the session's language (None: not in a session)."""
    global _provider
    _provider = provider


def current() -> str:
    """The language strings and numbers are produced in: an override, else the session's, else English."""
    lang = _override.get()
    if lang is None:
        try:
            lang = _provider()
        except Exception:  # no session (a worker thread, a test): the default
            lang = None
    return lang if lang in LANGUAGES else DEFAULT


@contextmanager
def use(lang: str) -> Iterator[None]:
    """Produce everything inside the block in `lang`."""
    token = _override.set(lang)
    try:
        yield
    finally:
        _override.reset(token)


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES[lang or current()]


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue for `lang` (English is the source language: no catalogue)."""
    if lang == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def _(message: str) -> str:
    """The interface string in the current language."""
    lang = current()
    return message if lang == DEFAULT else translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    lang = current()
    if lang == DEFAULT:
        return singular if n == 1 else plural
    return translations(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined (a module constant); translate it with _() where shown."""
    return message


def pick(english: object, chinese: object) -> object:
    """A data text in the current language: its curated translation where one exists, else the original."""
    if current() == "zh" and isinstance(chinese, str) and chinese.strip():
        return chinese
    return english


def text(row, column: str) -> object:
    """`row[column]` in the current language: the curated `<column>_zh` translation where the data has one.

    `row` is a dict, a pandas Series or a namedtuple from itertuples().
    """
    get = getattr(row, "get", None)
    if get is None:  # a namedtuple
        return pick(getattr(row, column), getattr(row, f"{column}_zh", None))
    return pick(get(column), get(f"{column}_zh"))


def is_translated(english: object, chinese: object) -> bool:
    """True when the text shown is a translation (the app labels it as one)."""
    return current() == "zh" and isinstance(chinese, str) and bool(chinese.strip()) and chinese != english
