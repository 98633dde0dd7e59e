"""How the domain's sentences join their parts, in the current language. No Streamlit.

Why a module of its own: the findings list countries, sources and figures
("the United States and Germany", "…; …") and run several sentences together.
English joins them with ", ", " and " and a space between sentences; Chinese
uses 、 and 和, full-width ；，。 and no space. Whole sentences are translated
with `_()`; only these joins are decided here, so English stays exactly as it was.
"""
from __future__ import annotations

from components import i18n
from components.i18n import N_, _, current

# English separator -> its Chinese counterpart (full-width punctuation, no spaces around it).
_ZH_SEPARATORS = {", ": "，", "; ": "；", " ": "", ". ": "。", ": ": "：", " and ": "和", " vs ": "；"}


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


def when_zh(row) -> str:
    """A fact's `as_of` as a Chinese phrase ('截至2024年年中'), for the Chinese side of a "by …" phrase.

    A curated translation (`as_of_zh`) of an English phrase that already says "by" or
    "as of" is used as it is; otherwise the date gets "by" (截至) in front.
    """
    as_of = str(row["as_of"]).strip()
    local = str(i18n.text(row, "as_of")).strip()
    says_by = as_of.lower().startswith(("by ", "as of ", "in "))
    if local != as_of and says_by:
        return local
    if local == as_of and says_by:  # no curated translation: keep the date, in Chinese's own "by"
        local = as_of.split(" ", 2)[-1] if as_of.lower().startswith("as of ") else as_of.split(" ", 1)[1]
    return _("by {date}").format(date=local)


# The regions of data/provinces.csv (components.data.schemas.REGIONS): values in the data, shown with _().
REGION_LABELS = {"East": N_("East"), "Central": N_("Central"), "West": N_("West"), "Northeast": N_("Northeast"),
                 "Hong Kong & Macao (SARs)": N_("Hong Kong & Macao (SARs)")}


def region_label(region: object) -> str:
    """A region as shown ('East' / '东部'); a value outside the list is shown as it is."""
    text = "" if region is None or region != region else str(region)
    return _(REGION_LABELS[text]) if text in REGION_LABELS else text


# Controlled values of the data (components.data.schemas) shown as words.
EVIDENCE_LABELS = {"verbatim": N_("verbatim"), "paraphrase": N_("paraphrase"), "table cell": N_("table cell")}
CONFIDENCE_LABELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
DIVISION_LABELS = {"Municipality": N_("Municipality"), "Province": N_("Province"),
                   "Autonomous region": N_("Autonomous region"),
                   "Special administrative region": N_("Special administrative region")}


def label_of(labels: dict[str, str], value: object) -> str:
    """A controlled value as shown (`labels[value]` through _()); anything else as it is."""
    text = "" if value is None or value != value else str(value)
    return _(labels[text]) if text in labels else text
