"""What every view model returns, and the filters every view model takes. No Streamlit here.

A view model is a pure function from the validated tables, the global filters
and the page's own settings to everything the page shows. Pages lay out its
result; the briefing export, presentation mode and the tests read the same
result instead of running the page. `ChartItem`, `MapItem` and `TableItem` are
the kinds of visual a page exports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from components.domain import wording
from components.i18n import _, terms

Tables = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class GlobalFilters:
    """The sidebar's segment and region filters. Empty tuples mean "all"."""

    segment_ids: tuple[str, ...] = ()
    segment_names: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    segment_labels: tuple[str, ...] = ()   # segment_names as shown in the current language (empty: the names)

    def segment_match(self, segment_ids: str | list[str] | tuple[str, ...]) -> bool:
        """True when a row tagged with these segment ids passes the filter."""
        if not self.segment_ids:
            return True
        ids = [s.strip() for s in segment_ids.split(";")] if isinstance(segment_ids, str) else list(segment_ids)
        return any(s in self.segment_ids for s in ids)

    def region_match(self, region: str) -> bool:
        return not self.regions or region in self.regions

    def describe(self) -> str:
        """The filters in words, for captions and exports."""
        parts = []
        if self.segment_names:
            parts.append(_("segment: {names}").format(names=_(", ").join(self.segment_labels or self.segment_names)))
        if self.regions:
            parts.append(_("region: {names}").format(names=_(", ").join(terms.region(r) for r in self.regions)))
        return wording.join(parts, "; ") if parts else _("all segments, all regions")


def source_ids_in(*frames: pd.DataFrame, columns: tuple[str, ...] = ("source_id",)) -> tuple[str, ...]:
    """The source ids of the rows shown, in order of first appearance."""
    seen: dict[str, None] = {}
    for frame in frames:
        for column in columns:
            if column in frame.columns:
                for value in frame[column]:
                    if isinstance(value, str) and value:
                        seen.setdefault(value, None)
    return tuple(seen)


@dataclass(frozen=True)
class ChartItem:
    """One chart as a page shows it and the briefing exports it.

    `spec` is the Vega-Lite dict (components.ui.chart_specs); `data` the rows shown
    (the CSV download and the speaker notes); `source_ids` the sources of those
    rows; `numbers` the headline figures shown with it on a slide.
    """

    key: str                                       # "<page>.<chart>"
    title: str                                     # the topic (the spec's own title states the finding)
    spec: dict
    data: pd.DataFrame
    alt_text: str
    source_ids: tuple[str, ...]
    note: str = ""
    numbers: tuple[tuple[str, str], ...] = ()

    def export_item(self) -> dict:
        return {"kind": "chart", "key": self.key, "title": self.title, "chart": self.spec, "data": self.data,
                "source_ids": list(self.source_ids), "numbers": dict(self.numbers), "note": self.note}


@dataclass(frozen=True)
class MapItem:
    """The province map as the briefing redraws it (a deck.gl canvas cannot be exported)."""

    key: str
    title: str
    shading: pd.DataFrame                          # province_code, value for the provinces in view
    points: pd.DataFrame                           # name, lon, lat, kind of every symbol drawn
    measure: str                                   # the legend title
    source_ids: tuple[str, ...]
    zero_based: bool = True
    numbers: tuple[tuple[str, str], ...] = ()
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def export_item(self) -> dict:
        return {"kind": "map", "key": self.key, "title": self.title, "chart": None, "data": self.points,
                "map": {"shading": self.shading, "points": self.points, "measure": self.measure,
                        "zero_based": self.zero_based},
                "source_ids": list(self.source_ids), "numbers": dict(self.numbers), "note": self.note}


@dataclass(frozen=True)
class TableItem:
    """A table of words as the briefing exports it: drawn as a real table (PowerPoint and PDF), not an image.

    `rows` hold the cells as plain text (a line break starts a new line in a cell); `widths` are the columns'
    relative widths. The briefing puts a few rows on each slide; the speaker notes hold `details` (the rows
    behind the table, with what did not fit on the slide), else the table's own rows.
    """

    key: str                                       # "<page>.<table>"
    title: str                                     # the topic (the slide's kicker)
    heading: str                                   # the slide title: what the table says
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source_ids: tuple[str, ...]
    widths: tuple[float, ...] = ()
    subtitle: str = ""
    note: str = ""
    details: pd.DataFrame | None = None

    @property
    def data(self) -> pd.DataFrame:
        if self.details is not None and not self.details.empty:
            return self.details
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def export_item(self) -> dict:
        return {"kind": "table", "key": self.key, "title": self.title, "chart": None, "data": self.data,
                "table": {"heading": self.heading, "subtitle": self.subtitle, "columns": list(self.columns),
                          "rows": [list(r) for r in self.rows], "widths": list(self.widths)},
                "source_ids": list(self.source_ids), "numbers": {}, "note": self.note}
