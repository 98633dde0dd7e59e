"""Every number formatter the dashboard uses, in one place. No Streamlit here.

Rules: a figure keeps its source's qualifier ("over", "about"); a range stays a
range; a stated figure is printed as the source wrote it (`:g`), a computed one
with fixed decimals; money keeps its currency and unit.
"""
from __future__ import annotations

import math

import pandas as pd

_QUALIFIER_WORDS = {"over": "over", "approximately": "about", "about": "about", "as little as": "as little as",
                    "up to": "up to"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def usd_bn(value: float, stated: bool = True) -> str:
    """'US$1.59 bn' for a stated figure (as the source wrote it), 2 decimals for a computed one."""
    return f"US${value:g} bn" if stated else f"US${value:,.2f} bn"


def pct(rate: float) -> str:
    """A computed rate in %, one decimal: '42.4%'."""
    return f"{rate:.1f}%"


def rate_range(low: float, high: float, missing: str = "not stated") -> str:
    """A stated rate: '42.5%' or '30–40%'."""
    if _missing(low) or pd.isna(low):
        return missing
    return f"{low:g}%" if low == high else f"{low:g}–{high:g}%"


def qualified(text: str, qualifier: object) -> str:
    """'over' + 'US$6.8 bn' -> 'over US$6.8 bn': the source's qualifier travels with its figure."""
    qualifier = str(qualifier).strip() if isinstance(qualifier, str) else ""
    return f"{qualifier} {text}" if qualifier else text


def short_number(value: float) -> str:
    """400000000 -> '400M', 1100000 -> '1.1M', 1300000000 -> '1.3B', 92 -> '92' (for cards)."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size and value >= 10_000:
            return f"{value / size:.4g}{suffix}"
    return f"{value:,.4g}" if value != int(value) else f"{int(value):,}"


def quantity(value: float, qualifier: str = "", value_high: float | None = None) -> str:
    """A card's figure as the source qualifies it: 'over' -> '50+', 'approximately' -> '≈1.3B', a range -> '3,000–5,000'."""
    text = short_number(value)
    if value_high is not None and not pd.isna(value_high):
        return f"{text}–{short_number(value_high)}"
    qualifier = (qualifier or "").strip().lower()
    if qualifier == "over":
        return f"{text}+"
    if qualifier in ("approximately", "about"):
        return f"≈{text}"
    if qualifier == "as little as":
        return f"as little as {text}"
    return text


def in_words(value: float, qualifier: str = "", value_high: float | None = None) -> str:
    """For sentences: 400000000, 'over' -> 'over 400 million'; 92 -> '92'; a range '3,000–5,000'."""
    def plain(v: float) -> str:
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if v >= size:
                return f"{v / size:g} {word}"
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,g}"

    text = plain(value)
    if value_high is not None and not pd.isna(value_high):
        text = f"{plain(value)}–{plain(value_high)}"
    word = _QUALIFIER_WORDS.get((qualifier or "").strip().lower(), "")
    return f"{word} {text}" if word else text


def number(value: float, unit: str = "") -> str:
    """Readable magnitudes for panels ('126.0 million', '2.49', '38,000'); never rounds a count."""
    if _missing(value) or pd.isna(value):
        return "not available"
    value = float(value)
    if unit == "people" and value >= 1_000_000:
        text = f"{value / 1_000_000:.1f} million"
    elif value >= 1_000_000_000:
        text = f"{value / 1_000_000_000:g} billion"
    elif value >= 1_000_000:
        text = f"{value / 1_000_000:g} million"
    elif value.is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:g}"
    return f"{text} {unit}".strip() if unit and unit != "people" else text


def density(value: float) -> str:
    """Physicians per 1,000, as stated (2.4, 4.53)."""
    return f"{round(float(value), 2):g}"


def population(people: float) -> str:
    """1.4e9 -> '1.4 billion'."""
    if people >= 1e9:
        return f"{round(people / 1e9, 3):g} billion"
    return f"{round(people / 1e6, 1):g} million"


def people(count: float) -> str:
    """2.52e6 -> '2.52 million'; small counts in full."""
    if abs(count) >= 100_000:
        return f"{count / 1e6:.2f} million"
    return f"{count:,.0f}"


def share(value: float) -> str:
    return "–" if pd.isna(value) else f"{value * 100:.0f}%"


def share_span(shares) -> str:
    """[0.25, 0.27] -> '25–27%'; one value (or equal values) -> '25%'."""
    values = sorted(round(float(s) * 100) for s in shares if not pd.isna(s))
    if not values:
        return "–"
    return f"{values[0]}%" if values[0] == values[-1] else f"{values[0]}–{values[-1]}%"
