"""Province map view model: what the map draws under its controls and the sidebar filters, what a selection
reveals, the table below it and the map's export slide. No Streamlit here.

`inputs(tables)` gives the controls their options (and the page its finding);
`build(tables, filters, settings)` returns everything the page shows. Frames are
shaped by components.domain.map_data, symbols and labels placed by
components.geo.map_geometry, layers built by components.geo.maps.

Why the pydeck `Deck` is part of the view: it is a pure function of the same
inputs (filters, kinds, segments, measure, selection) as everything else here,
and it is the costly part (layers over ~130 KB of boundaries). Built here, it is
cached with the view, so a rerun that changes nothing builds no deck, and the
page only hands it to st.pydeck_chart. Which deck *key* the page uses (a click
held in the browser) is UI state and stays with the page (components.ui.map_selection).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

from components import i18n
from components.data import source_names
from components.domain import map_data, wording
from components.export import briefing_map
from components.geo import map_geometry, maps
from components.data.schemas import BOUNDARIES
from components.views.base import GlobalFilters, MapItem, Tables, source_ids_in
from components.i18n import N_, _, ngettext

TABLES = ("provinces", "places", "companies", "facts", "policies", "fast_track_channels", "segments", "sources",
          BOUNDARIES)
TABLE_HIDDEN = ["source_id", "location_source_id", "quote", N_("Latitude"), N_("Longitude")]   # kept in the CSV only


@dataclass(frozen=True)
class Inputs:
    finding: str                                   # from every site and company, whatever the filters
    kind_options: tuple[str, ...]
    segment_options: tuple[str, ...]
    measure_options: tuple[str, ...]
    selection_labels: tuple[tuple[str, str], ...]  # (selection id, label): provinces, sites, HQ cities
    segment_shown: tuple[tuple[str, str], ...] = ()  # (segment name as the URL carries it, name as shown)

    @property
    def choices(self) -> dict[str, str]:
        return dict(self.selection_labels)

    def segment_label(self, name: str) -> str:
        """A segment option as shown (its curated translation in Chinese); the option itself stays English."""
        return dict(self.segment_shown).get(name, name)


@dataclass(frozen=True)
class Settings:
    kinds: tuple[str, ...] = ()        # the kind filter's labels (as the URL carries them); empty = every kind
    segments: tuple[str, ...] = ()     # company segment names; empty = every segment
    measure: str | None = None         # the shading option; None = the first
    selected: str | None = None        # a selection id, already checked against Inputs.selection_labels
    presentation: bool = False         # presentation mode: the lower deck, zoomed out (maps.view_state)


@dataclass(frozen=True)
class Panel:
    """The side panel for a selection."""

    details: map_data.Details
    drawn: bool                                    # the selected symbol is on the map under these filters
    sections: tuple[tuple[str, pd.DataFrame], ...]  # (heading, rows with name and rest), in display order
    mentions: pd.DataFrame                         # what, text, source_id, quote, source_name


@dataclass(frozen=True)
class View:
    filters_text: str
    measure: map_data.Measure
    items: pd.DataFrame                            # every site and company that passes the filters
    deck: pdk.Deck
    symbols: str                                   # a token of the symbols drawn and the zoom (the deck-key state)
    marker_ids: tuple[str, ...]
    alt_text: str
    legend_html: str
    source_summary: str                            # the slide's short source line (the table names each source)
    pilot_note: str                                # "" unless pilot-zone hospitals are on the map
    panel: Panel | None                            # None: nothing (valid) selected
    ranking: tuple[tuple[str, str], ...]           # (province, "3 sites, 1 company HQ"), most first
    showing: str                                   # the panel's caption without a selection
    table: pd.DataFrame                            # the table's CSV (with source ids, quote, coordinates)
    table_shown: pd.DataFrame                      # what the page's table shows
    table_source_ids: tuple[str, ...]
    not_on_map: str
    map_item: MapItem

    @property
    def slides(self) -> tuple[MapItem, ...]:
        return (self.map_item,)


def _segment_names(tables: Tables) -> dict[str, str]:
    segments = tables["segments"]
    return dict(zip(segments["segment_id"], segments["name"]))


def _hqs(tables: Tables) -> pd.DataFrame:
    return map_data.company_hqs(tables["companies"], tables["places"], tables["provinces"])


def inputs(tables: Tables) -> Inputs:
    provinces, places = tables["provinces"], tables["places"]
    hqs = _hqs(tables)
    everything = map_data.map_items(places, hqs, provinces, map_data.KIND_ORDER)
    names = _segment_names(tables)
    labels = map_data.selection_labels(provinces, places, map_data.all_hq_markers(places, hqs, provinces))
    shown = {r["name"]: str(i18n.text(r, "name")) for r in tables["segments"].to_dict("records")}
    return Inputs(map_data.finding(everything), tuple(map_data.kind_options()),
                  tuple(names[s] for s in tables["segments"]["segment_id"]), tuple(map_data.measure_options()),
                  tuple(labels.items()), tuple(shown.items()))


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    """Every kind, every segment, the first measure, nothing selected (the map looks the same when presenting)."""
    return Settings()


def _ranking_counts(sites: int, companies: int) -> str:
    """'3 sites, 1 company HQ' (both counts in one sentence: the word order differs in Chinese)."""
    return _("{sites}, {companies}").format(
        sites=ngettext("{n} site", "{n} sites", sites).format(n=sites),
        companies=ngettext("{n} company HQ", "{n} company HQs", companies).format(n=companies))


def _source_summary(items: pd.DataFrame, name_of: dict[str, str]) -> str:
    """The map's source line in one or two lines, for the slide: the sources behind several entries by name,
    the rest counted (each is named in the table below, beside its site or company)."""
    ids = [s for column in ("source_id", "location_source_id") if column in items.columns
           for s in items[column] if s and s != "natural-earth"]      # named with the boundaries at the end
    counts = pd.Series(ids, dtype=object).value_counts(sort=True) if ids else pd.Series(dtype=int)
    lead = [name_of.get(s, s) for s, n in counts.items() if n > 1]
    rest = int((counts == 1).sum())
    boundaries = _("Boundaries: Natural Earth, illustrative, not authoritative.")
    others = ngettext("{n} source of one site or company each, named in the table",
                      "{n} sources of one site or company each, named in the table", rest).format(n=rest)
    if lead and rest:
        text = _("Sources: {names}; and {others}.").format(names=wording.join(lead, "; "), others=others)
    elif lead:
        text = _("Sources: {names}.").format(names=wording.join(lead, "; "))
    else:
        text = _("Sources: {others}.").format(others=others)
    return wording.sentences(text, boundaries)


def _panel(tables: Tables, hqs: pd.DataFrame, selected: str, marker_ids: set[str], name_of: dict[str, str]):
    info = map_data.details(selected, tables["provinces"], tables["places"], hqs, tables["facts"],
                            tables["policies"], tables["fast_track_channels"], _segment_names(tables))
    if info is None:
        return None
    sections = ((_("Sites here ({count})").format(count=len(info.sites)), info.sites),
                (_("Company headquarters here ({count})").format(count=len(info.companies)), info.companies))
    if info.kind == "hq":
        sections = sections[::-1]
    mentions = info.mentions.assign(source_name=[name_of.get(s, s) for s in info.mentions["source_id"]])
    return Panel(info, info.kind == "province" or selected in marker_ids,
                 tuple((heading, rows) for heading, rows in sections if not rows.empty), mentions)


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View:
    provinces, places, companies = tables["provinces"], tables["places"], tables["companies"]
    name_of = source_names.short_or_label(tables["sources"])
    by_name = {name: sid for sid, name in _segment_names(tables).items()}
    hqs = _hqs(tables)
    measure = map_data.measure_by_option(settings.measure)
    segment_ids = map_data.combine_segments(tuple(by_name[n] for n in settings.segments if n in by_name),
                                            filters.segment_ids)
    items = map_data.map_items(places, hqs, provinces, map_data.kinds_from_labels(settings.kinds),
                               filters.regions, segment_ids)

    # What the deck draws.
    markers = map_data.map_markers(items, name_of)
    view_state = maps.view_state(settings.presentation)
    markers["offset"] = map_geometry.spread_markers(markers, view_state.zoom)
    # The city names drawn on the map come from the data's curated `city_zh` (map_geometry.city_name).
    city_zh = dict(zip(zip(items["city"], items["province_code"]), items["city_shown"]))
    named_markers = markers.assign(city_zh=[city_zh.get((c, p), c) for c, p in
                                            zip(markers["city"], markers["province_code"])])
    frame = map_data.province_frame(provinces, items, measure, filters.regions, name_of)
    frame["fill"] = maps.province_fills(frame, measure)
    shapes = map_geometry.simplify_geojson(tables[BOUNDARIES])
    city_labels, labelled = map_geometry.layout_labels(named_markers, markers["offset"], provinces, view_state.zoom)
    selected = settings.selected
    selected_code = selected.partition(":")[2] if selected and selected.startswith("province:") else None
    deck = maps.province_map([
        maps.province_layer(shapes, frame), maps.selected_province_layer(shapes, selected_code),
        maps.province_label_layer(provinces, labelled), *maps.anchor_layers(city_labels),
        *maps.point_layers(markers), maps.hq_count_layer(markers), maps.selected_point_layer(markers, selected)],
        view_state)

    # The legend under it.
    in_view = frame.loc[frame["in_view"]]
    vmin, vmax = maps.scale_range(frame, measure)
    measure_ids = map_data.measure_sources(frame)
    scale_source = (_("Source: {source}").format(source="; ".join(name_of.get(s, s) for s in measure_ids))
                    if measure_ids else _("Counted from the sites and companies the sources name, with the filters "
                                          "above."))
    legend = maps.legend_html(map_data.kind_counts(items), measure, vmin, vmax, scale_source,
                              has_missing=bool(in_view["value"].isna().any()), has_outside=not frame["in_view"].all())

    # The panel: a selection's details, or where the activity is.
    marker_ids = tuple(markers["id"])
    panel = _panel(tables, hqs, selected, set(marker_ids), name_of) if selected else None
    ranking = tuple((r.province, _ranking_counts(r.sites, r.companies))
                    for r in map_data.province_ranking(items).itertuples())

    # The table and what is not on the map.
    table = map_data.places_table(items, name_of)
    missing_hq = companies[~companies["company_id"].isin(hqs["company_id"])]
    missing_names = [str(i18n.text(r, "name")) for r in missing_hq.to_dict("records")]
    not_on_map = _("Not on the map: {count} companies the sources name without a sourced China base ({names}). "
                   "Company HQs are drawn at their city's point; many sites are city points, not exact sites (see "
                   "each site's location note).").format(count=len(missing_hq),
                                                         names=("、" if i18n.current() == "zh" else ", ")
                                                         .join(missing_names))

    sites = int((items["kind"] != map_data.COMPANY_HQ).sum())
    map_item = MapItem(
        key="map.deck", title=map_data.finding(items), shading=in_view[["province_code", "value"]].reset_index(drop=True),
        points=items, measure=_(measure.legend_title),
        source_ids=tuple(dict.fromkeys([*source_ids_in(items, frame, columns=("source_id", "location_source_id",
                                                                                "measure_source_id")),
                                        "natural-earth"])),
        zero_based=measure.column is None, note=briefing_map.BOUNDARY_NOTE,
        numbers=((_("Sites on the map"), str(sites)), (_("Company HQs on the map"), str(len(items) - sites))))

    return View(
        filters_text=filters.describe(), measure=measure, items=items, deck=deck,
        symbols=hashlib.sha1("|".join((*marker_ids, str(view_state.zoom))).encode()).hexdigest()[:10],
        marker_ids=marker_ids,
        alt_text=_("Map of China's provinces shaded by {measure}, with {count} sites and company headquarters. "
                   "Details are in the panel and table.").format(
            measure=_(measure.legend_title).lower(), count=len(items)),
        legend_html=legend, source_summary=_source_summary(items, name_of),
        pilot_note=map_data.pilot_sites_note(tables["facts"]) if (items["kind"] == "pilot_zone").any() else "",
        panel=panel, ranking=ranking,
        showing=_("Showing {count} sites and company HQs · {filters}.").format(count=len(items),
                                                                              filters=filters.describe()),
        table=table, table_shown=table.drop(columns=[_(c) if c in (N_("Latitude"), N_("Longitude")) else c
                                                     for c in TABLE_HIDDEN]),
        table_source_ids=source_ids_in(table, columns=("source_id", "location_source_id")),
        not_on_map=not_on_map, map_item=map_item)
