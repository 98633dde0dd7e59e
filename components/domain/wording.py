"""How the domain's sentences join their parts, in the current language. No Streamlit.

Why a module of its own: the findings list countries, sources and figures
("the United States and Germany", "…; …") and run several sentences together.
English joins them with ", ", " and " and a space between sentences; Chinese
uses 、 and 和, full-width ；，。 and no space. Whole sentences are translated
with `_()`; only these joins are decided here, so English stays exactly as it was.
"""
from __future__ import annotations

from components.i18n import current

# English separator -> its Chinese counterpart (full-width punctuation, no spaces around it).
_ZH_SEPARATORS = {", ": "，", "; ": "；", " ": "", ". ": "。", ": ": "：", " and ": "和", " vs ": " 对比 "}


def zh() -> bool:
    return current() == "zh"


def sep(english: str) -> str:
    """A separator in the current language: '; ' -> '；' in Chinese."""
    return _ZH_SEPARATORS.get(english, english) if zh() else english


def join(items, english: str) -> str:
    return sep(english).join(items)


def and_list(items) -> str:
    """'A', 'A and B', 'A, B and C' / 'A', 'A和B', 'A、B和C' (nouns: names, countries, figures)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if zh():
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def and_pairs(items) -> str:
    """'A and B and C' / 'A、B和C' (a short list that English joins with ' and ' only)."""
    items = list(items)
    if zh():
        return and_list(items)
    return " and ".join(items)


def clauses(items) -> str:
    """Clauses that English joins like a list ('4.2 in the US and 4.3 in Germany'); Chinese joins with '，'."""
    items = list(items)
    return "，".join(items) if zh() else and_list(items)


def sentences(*parts: str) -> str:
    """Sentences run together: a space between them in English, none in Chinese (。 ends each)."""
    return sep(" ").join(p for p in parts if p)


def stop() -> str:
    """The full stop that closes a sentence assembled from clauses."""
    return "。" if zh() else "."
