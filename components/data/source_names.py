"""How a source is named on screen: one namer for legends and cards, one label for source lines. No Streamlit.

Short names and colours are columns of data/sources.csv (`short_name`, `colour`),
so a curator names a new source where it is described; a source without a short
name is called by its publisher (or title) and year.
"""
from __future__ import annotations

from typing import Callable, Mapping

import pandas as pd

from components import i18n

NameOf = Callable[[str], str]

def _text(record: Mapping, column: str) -> str:
    """The cell in the current language (its curated `<column>_zh` in Chinese); titles have no translation."""
    value = i18n.text(record, column)
    return str(value).strip() if isinstance(value, str) else ""


def short_name(record: Mapping) -> str:
    """'China Briefing, Part II', else 'Publisher (2021)', else the title."""
    name = _text(record, "short_name")
    if name:
        return name
    publisher = _text(record, "publisher")
    name = publisher if publisher and not publisher.startswith(("Not stated", "未注明", "所采集文本中未说明")) else _text(record, "title")
    year = _text(record, "date_published")[:4]
    return f"{name} ({year})" if year else name


def label(record: Mapping) -> str:
    """'Publisher, “Title” (date)': how a source is named in a source line under a chart."""
    parts = []
    publisher = _text(record, "publisher")
    if publisher and not publisher.startswith(("Not stated", "未注明", "所采集文本中未说明")):
        parts.append(publisher)
    parts.append(f"“{_text(record, 'title')}”")
    text = ", ".join(parts)
    date = _text(record, "date_published")
    return f"{text} ({date})" if date else text


def namer(sources: pd.DataFrame) -> NameOf:
    """source_id -> short name; an unknown id is shown as itself."""
    names = {row["source_id"]: short_name(row) for row in sources.to_dict("records")}
    return lambda source_id: names.get(source_id, source_id)


def colours(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> its fixed chart colour, for the sources that have one."""
    return {row["source_id"]: row["colour"] for row in sources.to_dict("records") if _text(row, "colour")}


def short_or_label(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> its short name where sources.csv gives one, else its full label (the map's tooltips and tables)."""
    return {row["source_id"]: _text(row, "short_name") or label(row) for row in sources.to_dict("records")}
