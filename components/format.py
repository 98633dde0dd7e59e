"""Every number formatter the dashboard uses, in one place, in both languages. No Streamlit here.

Rules: a figure keeps its source's qualifier ("over", "about"); a range stays a
range; a stated figure is printed as the source wrote it (`:g`), a computed one
with fixed decimals; money keeps its currency and unit. In Chinese the same
figure is written in the units a Chinese reader uses (亿 = 10^8, 万 = 10^4):
US$15–25 bn is 150–250亿美元, 2.52 million is 252万: the value never changes,
only how it is written. Grouping and decimal signs come from Babel's locale data.
"""
from __future__ import annotations

import datetime as _dt
import math

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from components.i18n import _, babel_locale, current

_QUALIFIER_WORDS = {"over": "over", "approximately": "about", "about": "about", "as little as": "as little as",
                    "up to": "up to"}
# The qualifier in Chinese goes before the figure with no space.
_QUALIFIER_ZH = {"over": "超过", "about": "约", "as little as": "低至", "up to": "最高"}
_DASH = "–"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _zh() -> bool:
    return current() == "zh"


def _g(value: float, digits: int = 6) -> str:
    """`:g` (as the source wrote it, float noise removed) with the locale's grouping: 12,345.5."""
    value = float(f"{value:.{digits}g}")
    return format_decimal(value, format="#,##0.######", locale=babel_locale())


def _fixed(value: float, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(value, decimals), format=pattern, locale=babel_locale())


def _zh_magnitude(value: float, digits: int = 6) -> str:
    """1.4e9 -> '14亿', 2.52e6 -> '252万', 38000 -> '3.8万', 920 -> '920'."""
    for size, unit in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            # No grouping before 万/亿: Chinese writes 2190万, not 2,190万.
            return f"{float(f'{value / size:.{digits}g}'):g}{unit}"
    return _g(value, digits)


def usd_bn(value: float, stated: bool = True) -> str:
    """'US$1.59 bn' / '15.9亿美元' for a stated figure (as the source wrote it); a computed one keeps 2 decimals of bn."""
    if _zh():
        return f"{_g(value * 10) if stated else _fixed(value * 10, 1)}亿美元"
    return f"US${value:g} bn" if stated else f"US${value:,.2f} bn"


def usd_bn_range(low: float, high: float) -> str:
    """A stated range: 'US$15–25 bn' / '150–250亿美元'."""
    if _zh():
        return f"{_g(low * 10)}{_DASH}{_g(high * 10)}亿美元"
    return f"US${low:g}{_DASH}{high:g} bn"


def pct(rate: float) -> str:
    """A computed rate in %, one decimal: '42.4%'."""
    return f"{_fixed(rate, 1)}%"


def pct_range(low: float, high: float) -> str:
    """Computed rates, one decimal: '42.4%', or '30.0–40.0%' when the ends differ at that precision."""
    if round(low, 1) == round(high, 1):
        return pct(low)
    return f"{_fixed(low, 1)}{_DASH}{_fixed(high, 1)}%"


def rate_range(low: float, high: float, missing: str | None = None) -> str:
    """A stated rate: '42.5%' or '30–40%'."""
    if _missing(low) or pd.isna(low):
        return _("not stated") if missing is None else missing
    return f"{_g(low)}%" if low == high else f"{_g(low)}{_DASH}{_g(high)}%"


def qualifier_word(qualifier: object) -> str:
    """The source's qualifier in the current language ('' for none)."""
    key = _QUALIFIER_WORDS.get(str(qualifier).strip().lower(), "") if isinstance(qualifier, str) else ""
    if not key:
        return ""
    return _QUALIFIER_ZH[key] if _zh() else key


def qualified(text: str, qualifier: object) -> str:
    """'over' + 'US$6.8 bn' -> 'over US$6.8 bn' / '超过68亿美元': the source's qualifier travels with its figure."""
    word = qualifier_word(qualifier)
    if not word:
        return text
    return f"{word}{text}" if _zh() else f"{word} {text}"


def short_number(value: float) -> str:
    """400000000 -> '400M' / '4亿', 1100000 -> '1.1M' / '110万', 92 -> '92' (for cards)."""
    if _zh():
        return _zh_magnitude(value, 4) if abs(value) >= 10_000 else _g(value, 4)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size and value >= 10_000:
            return f"{value / size:.4g}{suffix}"
    return f"{value:,.4g}" if value != int(value) else f"{int(value):,}"


def quantity(value: float, qualifier: str = "", value_high: float | None = None) -> str:
    """A card's figure as the source qualifies it: 'over' -> '50+', 'approximately' -> '≈1.3B', a range -> '3,000–5,000'."""
    text = short_number(value)
    if value_high is not None and not pd.isna(value_high):
        return f"{text}{_DASH}{short_number(value_high)}"
    qualifier = (qualifier or "").strip().lower()
    if qualifier == "over":
        return f"{text}+"
    if qualifier in ("approximately", "about"):
        return f"≈{text}"
    if qualifier == "as little as":
        return f"低至{text}" if _zh() else f"as little as {text}"
    return text


def in_words(value: float, qualifier: str = "", value_high: float | None = None) -> str:
    """For sentences: 400000000, 'over' -> 'over 400 million' / '超过4亿'; 92 -> '92'; a range '3,000–5,000'."""
    def plain(v: float) -> str:
        if _zh():
            return _zh_magnitude(v)
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if v >= size:
                return f"{v / size:g} {word}"
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,g}"

    text = plain(value)
    if value_high is not None and not pd.isna(value_high):
        text = f"{plain(value)}{_DASH}{plain(value_high)}"
    return qualified(text, qualifier)


def number(value: float, unit: str = "") -> str:
    """Readable magnitudes for panels ('126.0 million' / '1.26亿', '2.49', '38,000'); never rounds a count."""
    if _missing(value) or pd.isna(value):
        return _("not available")
    value = float(value)
    if _zh():
        if unit == "people" and value >= 1_000_000:
            text = _zh_magnitude(round(value / 1e5) * 1e5)
        elif value >= 1_000_000:
            text = _zh_magnitude(value)
        else:
            text = _g(value) if not value.is_integer() else _fixed(value, 0)
        return f"{text} {_(unit)}".strip() if unit and unit != "people" else text
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
    return _g(round(float(value), 2))


def population(people: float) -> str:
    """1.4e9 -> '1.4 billion' / '14亿'."""
    if _zh():
        rounded = round(people / 1e9, 3) * 1e9 if people >= 1e9 else round(people / 1e6, 1) * 1e6
        return _zh_magnitude(rounded)
    if people >= 1e9:
        return f"{round(people / 1e9, 3):g} billion"
    return f"{round(people / 1e6, 1):g} million"


def people(count: float) -> str:
    """2.52e6 -> '2.52 million' / '252万'; small counts in full."""
    if abs(count) >= 100_000:
        if _zh():
            return _zh_magnitude(round(count / 1e4) * 1e4)
        return f"{count / 1e6:.2f} million"
    return _fixed(count, 0)


def millions(count: float) -> str:
    """A count for a chart label, to the nearest 10,000: '1.23 M' / '123万'."""
    if _zh():
        return _zh_magnitude(round(count / 1e4) * 1e4)
    return f"{count / 1e6:.2f} M"


def share(value: float) -> str:
    return _DASH if pd.isna(value) else f"{value * 100:.0f}%"


def share_span(shares) -> str:
    """[0.25, 0.27] -> '25–27%'; one value (or equal values) -> '25%'."""
    values = sorted(round(float(s) * 100) for s in shares if not pd.isna(s))
    if not values:
        return _DASH
    return f"{values[0]}%" if values[0] == values[-1] else f"{values[0]}{_DASH}{values[-1]}%"


def date(value: str | _dt.date) -> str:
    """An ISO date as the reader expects it: '2026-11-22' in English (as before), '2026年11月22日' in Chinese."""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, "long", locale=babel_locale()) if _zh() else value.isoformat()
