"""Province-map data: what the map shows and what a click reveals. No st.* here.

Why its own module: the map page must stay thin, and everything that decides
the map's content (which sites pass the filters, the measure behind the
province shading, the details of a selection and the facts that mention it)
is frame shaping a unit test can check without a browser. `components.geo.maps`
turns these frames into deck.gl layers.

Where symbols and labels sit on screen, and the boundary simplification, live
in `components.geo.map_geometry`; this module decides what there is to show.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from components import format as fmt

COMPANY_HQ = "company_hq"

# Drawing and legend order: the rarest, most strategic kinds first.
KIND_ORDER = ("fast_track_zone", "innovation_hub", "innovation_park", "pilot_zone", "data_sharing_pilot",
              "hospital_testbed", "accelerator", "wfoe_location", COMPANY_HQ)

# (singular for tooltips and the table; short plural for the filter and the legend, which must fit one line)
KIND_LABELS = {
    "fast_track_zone": ("Fast-track zone", "Fast-track zones"),
    # The overview article gives each hub its own role ("academic + government", "emerging hub", …):
    # the kind label stays neutral and the role is the site's own detail.
    "innovation_hub": ("Regional hub", "Regional hubs"),
    "innovation_park": ("Innovation park", "Innovation parks"),
    # Part II's "Tier-3 hospitals in … pilot zones"; not the overview article's 20 AI diagnosis pilot sites.
    "pilot_zone": ("Pilot-zone hospitals", "Pilot-zone hospitals"),
    "data_sharing_pilot": ("Data-sharing pilot", "Data-sharing pilots"),
    "hospital_testbed": ("Tier-3 hospital test bed", "Hospital test beds"),
    "accelerator": ("Accelerators and incubators", "Accelerators"),
    "wfoe_location": ("WFOE medical institutions permitted", "WFOE permitted"),
    COMPANY_HQ: ("Company headquarters", "Company HQs"),
}

# Symbol radius in screen pixels: bigger for the kinds an investor acts on first.
KIND_RADIUS_PX = {
    "fast_track_zone": 11, "innovation_hub": 10, "innovation_park": 9, "pilot_zone": 8,
    "data_sharing_pilot": 8, "hospital_testbed": 7, "accelerator": 7, "wfoe_location": 7, COMPANY_HQ: 10,
}


def kind_label(kind: str, plural: bool = False) -> str:
    labels = KIND_LABELS.get(kind, (kind.replace("_", " ").capitalize(),) * 2)
    return labels[1 if plural else 0]


def kind_options() -> list[str]:
    """The kind filter's options (plural labels, in legend order): what the URL carries."""
    return [kind_label(k, plural=True) for k in KIND_ORDER]


def kinds_from_labels(labels: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Filter labels -> kind ids; no labels means every kind."""
    by_label = {kind_label(k, plural=True): k for k in KIND_ORDER}
    chosen = tuple(by_label[label] for label in labels if label in by_label)
    return chosen or KIND_ORDER


def combine_segments(page_ids: tuple[str, ...], global_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The page's company-segment filter within the sidebar's segment filter (empty = no filter).

    Both apply: a company must pass each. When they share no segment no company passes,
    which an impossible id expresses without a special case downstream.
    """
    if not global_ids:
        return page_ids
    if not page_ids:
        return global_ids
    return tuple(s for s in page_ids if s in global_ids) or ("-none-",)


def kind_counts(items: pd.DataFrame) -> dict[str, int]:
    """Sites (or companies) per kind, in legend order, kinds with none left out."""
    counts = items["kind"].value_counts()
    return {k: int(counts[k]) for k in KIND_ORDER if k in counts.index}


# ---------------------------------------------------------------- measures

@dataclass(frozen=True)
class Measure:
    """One way to shade the provinces."""

    measure_id: str
    option: str                 # what the selectbox (and the URL) shows
    legend_title: str
    short: str                  # for tooltips: "Population (2020)"
    column: str | None = None   # provinces.csv column; None = a count of what is on the map
    count_kinds: str = "all"    # for counts: "all", "places" or "companies"
    source_column: str | None = None
    unit: str = ""


MEASURES = (
    Measure("activity", "Sites and company HQs on the map (count)",
            "Sites and company headquarters on the map (count, current filters)", "On the map"),
    Measure("places", "Sites on the map (count)", "Hubs, zones, parks and other sites on the map (count)",
            "Sites on the map", count_kinds="places"),
    Measure("companies", "Company HQs on the map (count)", "Company headquarters on the map (count)",
            "Company HQs on the map", count_kinds="companies"),
    Measure("population", "Population, 2020 census", "Population, 2020 (7th national census)", "Population (2020)",
            column="population_2020", source_column="population_source_id", unit="people"),
    Measure("physicians", "Physicians per 1,000 people, 2018",
            "Licensed and assistant physicians per 1,000 people, 2018", "Physicians per 1,000 (2018)",
            column="licensed_physicians_per_1000_2018", source_column="physicians_source_id", unit="per 1,000"),
)


def measure_options() -> list[str]:
    return [m.option for m in MEASURES]


def measure_by_option(option: str | None) -> Measure:
    return next((m for m in MEASURES if m.option == option), MEASURES[0])


# ---------------------------------------------------------------- items and markers

def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def company_hqs(companies: pd.DataFrame, places: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Companies with a sourced HQ city, placed on that city's point.

    companies.csv names the city, not a coordinate, so an HQ is drawn at the
    city point already in places.csv (Natural Earth populated places, preferred
    over approximate site points), else at the province's label point. Firms
    without a sourced China base (international, pharma) are left out here.
    """
    with_hq = companies[~companies["hq_city"].map(_blank) & ~companies["province_code"].map(_blank)].copy()
    ranked = places.assign(_rank=(places["coord_source_id"] != "natural-earth").astype(int))
    city_points = (ranked.sort_values(["_rank", "place_id"]).groupby(["city", "province_code"])[["lat", "lon"]]
                   .first())
    labels = provinces.set_index("province_code")[["label_lat", "label_lon"]]
    lat, lon, note = [], [], []
    for row in with_hq.itertuples():
        key = (row.hq_city, row.province_code)
        if key in city_points.index:
            lat.append(float(city_points.loc[key, "lat"]))
            lon.append(float(city_points.loc[key, "lon"]))
            note.append("Drawn at the city's point (the headquarters city, not the office address).")
        else:
            lat.append(float(labels.loc[row.province_code, "label_lat"]))
            lon.append(float(labels.loc[row.province_code, "label_lon"]))
            note.append("City not among the mapped places: drawn at the province's label point.")
    return with_hq.assign(lat=lat, lon=lon, coord_note=note)


def map_items(places: pd.DataFrame, hqs: pd.DataFrame, provinces: pd.DataFrame, kinds: tuple[str, ...],
              regions: tuple[str, ...] = (), segment_ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per site or company that passes the filters (the table and the counts use this).

    The segment filter applies to companies only: the sources tie no site to a segment.
    """
    region_of = dict(zip(provinces["province_code"], provinces["region"]))
    province_name = dict(zip(provinces["province_code"], provinces["name"]))
    site_rows = places[places["kind"].isin(kinds)]
    sites = pd.DataFrame({
        "item_id": "place:" + site_rows["place_id"], "kind": site_rows["kind"], "name": site_rows["name"],
        "city": site_rows["city"], "province_code": site_rows["province_code"],
        "lat": site_rows["lat"].astype(float), "lon": site_rows["lon"].astype(float),
        "detail": site_rows["offers"], "segments": "", "coord_note": site_rows["coord_note"],
        "source_id": site_rows["source_id"], "quote": site_rows["quote"],
        "location_source_id": site_rows["coord_source_id"]})
    firms = hqs.iloc[0:0] if COMPANY_HQ not in kinds else hqs
    if segment_ids:
        firms = firms[firms["segment_ids"].map(lambda ids: any(s in segment_ids for s in str(ids).split(";")))]
    companies = pd.DataFrame({
        "item_id": "company:" + firms["company_id"], "kind": COMPANY_HQ, "name": firms["name"],
        "city": firms["hq_city"], "province_code": firms["province_code"],
        "lat": firms["lat"].astype(float), "lon": firms["lon"].astype(float),
        "detail": firms["activity"], "segments": firms["segment_ids"], "coord_note": firms["coord_note"],
        "source_id": firms["source_id"], "quote": firms["quote"], "location_source_id": firms["hq_source_id"]})
    items = pd.concat([sites, companies], ignore_index=True)
    items["region"] = items["province_code"].map(region_of)
    items["province"] = items["province_code"].map(province_name)
    if regions:
        items = items[items["region"].isin(regions)]
    items["kind_label"] = items["kind"].map(kind_label)
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return (items.assign(_order=items["kind"].map(order).fillna(len(order)))
            .sort_values(["_order", "province_code", "city", "name"]).drop(columns="_order")
            .reset_index(drop=True))


def city_key(city: str, province_code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{province_code}-{city}".lower()).strip("-")


def map_markers(items: pd.DataFrame, source_names: dict[str, str]) -> pd.DataFrame:
    """What the map draws: one symbol per site, one per city for company HQs (with a count).

    Columns: id (the selection id), kind, city, province_code, lat, lon, radius, count and the
    tooltip fields t_title, t_kind, t_detail, t_source.
    """
    rows = []
    for item in items[items["kind"] != COMPANY_HQ].itertuples():
        rows.append({
            "id": item.item_id, "kind": item.kind, "city": item.city, "province_code": item.province_code,
            "lat": item.lat, "lon": item.lon, "count": 1, "name": item.name,
            "t_title": item.name, "t_kind": f"{kind_label(item.kind)} · {item.city}, {item.province}",
            "t_detail": item.detail, "t_source": "Source: " + source_names.get(item.source_id, item.source_id)})
    firms = items[items["kind"] == COMPANY_HQ]
    for (city, code), group in firms.groupby(["city", "province_code"], sort=True):
        first = group.iloc[0]
        names = ", ".join(group["name"])
        sources = list(dict.fromkeys(group["source_id"]))
        rows.append({
            "id": f"hq:{city_key(city, code)}", "kind": COMPANY_HQ, "city": city, "province_code": code,
            "lat": first["lat"], "lon": first["lon"], "count": len(group),
            "name": f"Company headquarters in {city}",
            "t_title": f"{len(group)} company headquarters in {city}" if len(group) > 1
            else f"{first['name']}: headquarters in {city}",
            "t_kind": f"{kind_label(COMPANY_HQ)} · {city}, {first['province']}",
            "t_detail": names if len(group) > 1 else first["detail"],
            "t_source": "Sources: " + "; ".join(source_names.get(s, s) for s in sources) if len(sources) > 1
            else "Source: " + source_names.get(sources[0], sources[0])})
    columns = ["id", "kind", "city", "province_code", "lat", "lon", "count", "name",
               "t_title", "t_kind", "t_detail", "t_source"]
    markers = pd.DataFrame(rows, columns=columns)
    markers["radius"] = markers["kind"].map(KIND_RADIUS_PX).fillna(7).astype(float)
    return markers


# ---------------------------------------------------------------- provinces

def province_frame(provinces: pd.DataFrame, items: pd.DataFrame, measure: Measure,
                   regions: tuple[str, ...], source_names: dict[str, str]) -> pd.DataFrame:
    """One row per province: the measure's value, whether it is in the region filter, tooltip fields."""
    frame = provinces.copy()
    if measure.column:
        values = pd.to_numeric(frame[measure.column], errors="coerce").astype(float)
    else:
        counted = items
        if measure.count_kinds == "places":
            counted = items[items["kind"] != COMPANY_HQ]
        elif measure.count_kinds == "companies":
            counted = items[items["kind"] == COMPANY_HQ]
        values = frame["province_code"].map(counted.groupby("province_code").size()).fillna(0).astype(float)
    frame["value"] = values
    frame["in_view"] = frame["region"].isin(regions) if regions else True
    if measure.source_column:
        frame["measure_source_id"] = frame[measure.source_column].fillna("")
    else:
        frame["measure_source_id"] = ""
    frame["id"] = "province:" + frame["province_code"]
    frame["t_title"] = frame["name"] + " " + frame["name_zh"]
    frame["t_kind"] = frame["division_type"] + " · " + frame["region"] + " region"
    frame["t_detail"] = [f"{measure.short}: {fmt.number(v, measure.unit)}" for v in frame["value"]]
    frame.loc[~frame["in_view"], "t_detail"] += " (outside the region filter)"
    frame["t_source"] = [("Source: " + source_names.get(s, s)) if s else "Counted from the sources' sites and companies"
                         for s in frame["measure_source_id"]]
    return frame


def measure_sources(frame: pd.DataFrame) -> list[str]:
    return [s for s in dict.fromkeys(frame["measure_source_id"]) if s]


def province_ranking(items: pd.DataFrame) -> pd.DataFrame:
    """Provinces with something on the map, most first: province, sites, companies, total."""
    is_hq = items["kind"] == COMPANY_HQ
    frame = pd.DataFrame({"province": items["province"], "site": (~is_hq).astype(int), "company": is_hq.astype(int)})
    ranking = frame.groupby("province", sort=False).sum().rename(columns={"site": "sites", "company": "companies"})
    ranking["total"] = ranking["sites"] + ranking["companies"]
    return ranking.sort_values(["total", "sites"], ascending=False, kind="stable").reset_index()


def pilot_sites_note(facts: pd.DataFrame) -> str:
    """Why the map's pilot-zone hospitals are not the overview article's count of AI diagnosis pilot sites."""
    count = facts[facts["metric"] == "ai_diagnosis_pilot_sites"]
    if count.empty:
        return ""
    return (f"Pilot-zone hospitals: Part II's advice to engage Tier-3 hospitals in its named pilot zones. They are not "
            f"the overview article's {fmt.number(count.iloc[0]['value'])} AI diagnosis pilot sites, whose "
            "locations no source names.")


def finding(items: pd.DataFrame) -> str:
    """The page's one-sentence takeaway, computed from the unfiltered sites and companies."""
    if items.empty:
        return "The sources name no sites or headquarters to map."
    by_province = items.groupby("province").size().sort_values(ascending=False, kind="stable")
    top = by_province.head(3)
    names = list(top.index)
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (f"{joined} hold {int(top.sum())} of the {len(items)} map entries: each is a role a source gives a "
            "place (a city named in several roles counts once per role) or a company's headquarters.")


# ---------------------------------------------------------------- selection

def selection_labels(provinces: pd.DataFrame, places: pd.DataFrame, hq_markers: pd.DataFrame) -> dict[str, str]:
    """Every selectable id -> a readable label (provinces, then sites, then HQ cities)."""
    out = {f"province:{r.province_code}": f"{r.name} {r.name_zh}" for r in provinces.itertuples()}
    out.update({f"place:{r.place_id}": f"{r.name} ({r.city})" for r in places.itertuples()})
    out.update({r.id: r.name for r in hq_markers.itertuples()})
    return out


def all_hq_markers(places: pd.DataFrame, hqs: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """HQ city markers regardless of filters (so a shared link to one is always valid)."""
    return map_markers(map_items(places, hqs, provinces, (COMPANY_HQ,)), {})


def selection_from_event(selection: dict | None) -> str | None:
    """The id of the object a map click selected (None when the click cleared it)."""
    objects = (selection or {}).get("objects") or {}
    for layer_objects in objects.values():
        for obj in layer_objects or []:
            if isinstance(obj, dict):
                ident = obj.get("id") or (obj.get("properties") or {}).get("id")
                if ident:
                    return str(ident)
    return None


@dataclass
class Details:
    """What the side panel shows for a selection."""

    kind: str                                    # province / place / hq
    title: str
    subtitle: str
    description: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)   # (label, value) pairs
    quote: str = ""
    source_ids: list[str] = field(default_factory=list)
    sites: pd.DataFrame = field(default_factory=pd.DataFrame)
    companies: pd.DataFrame = field(default_factory=pd.DataFrame)
    mentions: pd.DataFrame = field(default_factory=pd.DataFrame)
    province_code: str = ""
    notes: list[str] = field(default_factory=list)


def _fact_value(row) -> str:
    value = fmt.number(row.value)
    if not pd.isna(row.value_high):
        value += "–" + fmt.number(row.value_high)
    parts = [str(row.qualifier).strip() if row.qualifier and row.qualifier != "range" else "", value,
             str(row.unit or "")]
    text = " ".join(p for p in parts if p)
    if row.as_of and str(row.as_of) != "not stated":
        text += f" ({row.as_of})"
    return text


def _ids(cell: object) -> set[str]:
    return {part for part in str(cell or "").split(";") if part}


def mentions(facts: pd.DataFrame, policies: pd.DataFrame, channels: pd.DataFrame,
             place_ids: tuple[str, ...] = (), company_ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """Facts, policies and fast-track channels that the data ties to these places or companies.

    The tie is a column (`place_id`, `place_ids`, `company_ids`), never a text match: one sentence often
    names several places or companies, and a figure belongs to only one of them.
    """
    places, firms = set(place_ids), set(company_ids)
    rows = []
    for row in channels.itertuples():
        if row.place_id in places:
            rows.append({"what": "Fast-track channel", "text": f"{row.name}: eligible with {row.eligibility}. "
                         f"{row.benefits}. Timeline: {row.timeline}.", "source_id": row.source_id,
                         "quote": row.quote})
    for row in facts.itertuples():
        if _ids(row.place_ids) & places or _ids(row.company_ids) & firms:
            rows.append({"what": "Figure", "text": f"{row.label}: {_fact_value(row)}", "source_id": row.source_id,
                         "quote": row.quote})
    for row in policies.itertuples():
        if _ids(row.place_ids) & places:
            year = f" ({row.year})" if not pd.isna(row.year) else ""
            rows.append({"what": "Policy", "text": f"{row.name}{year}: {row.description}",
                         "source_id": row.source_id, "quote": row.quote})
    return pd.DataFrame(rows, columns=["what", "text", "source_id", "quote"]).drop_duplicates("text")


def _site_table(frame: pd.DataFrame) -> pd.DataFrame:
    """name + what to say after it, for the panel's bullet list."""
    rest = [f"{kind_label(k)} · {c}" for k, c in zip(frame["kind"], frame["city"])]
    return pd.DataFrame({"name": list(frame["name"]), "rest": rest, "source_id": list(frame["source_id"])},
                        columns=["name", "rest", "source_id"])


def _company_table(frame: pd.DataFrame, segment_names: dict[str, str], with_activity: bool = False) -> pd.DataFrame:
    rest = []
    for row in frame.itertuples():
        segments = ", ".join(segment_names.get(s, s) for s in str(row.segment_ids).split(";"))
        text = f"{row.hq_city} · {segments}"
        if with_activity:
            hq = (f"“{row.hq_quote}”" if str(row.hq_evidence or "verbatim") == "verbatim"
                  else f"{row.hq_quote} ({row.hq_evidence})")
            text += f". {row.activity} HQ: {hq} (confidence: {row.hq_confidence})"
        rest.append(text)
    return pd.DataFrame({"name": list(frame["name"]), "rest": rest, "source_id": list(frame["source_id"])},
                        columns=["name", "rest", "source_id"])


def _city_line(city: str, prov: pd.Series) -> str:
    if city == prov["name"]:
        return f"{city} {prov['name_zh']} ({prov['division_type'].lower()})"
    return f"{city}, {prov['name']} {prov['name_zh']}"


def details(selection_id: str, provinces: pd.DataFrame, places: pd.DataFrame, hqs: pd.DataFrame,
            facts: pd.DataFrame, policies: pd.DataFrame, channels: pd.DataFrame,
            segment_names: dict[str, str]) -> Details | None:
    """The side panel for a selection id ("province:CN-BJ", "place:<place_id>", "hq:<city key>")."""
    kind, _sep, key = selection_id.partition(":")
    by_code = provinces.set_index("province_code")
    if kind == "province" and key in by_code.index:
        prov = by_code.loc[key]
        sites = places[places["province_code"] == key]
        firms = hqs[hqs["province_code"] == key]
        facts_list = [("Population (2020 census)", fmt.number(prov["population_2020"]) if
                       pd.isna(prov["population_2020"]) else f"{int(prov['population_2020']):,}")]
        sources = [prov["population_source_id"]]
        if not pd.isna(prov["licensed_physicians_per_1000_2018"]):
            facts_list.append(("Licensed and assistant physicians per 1,000 (2018)",
                               f"{prov['licensed_physicians_per_1000_2018']:g}"))
            sources.append(prov["physicians_source_id"])
        else:
            facts_list.append(("Physicians per 1,000 (2018)", "not in the source for this division"))
        facts_list.append(("Sites / company HQs in the sources", f"{len(sites)} / {len(firms)}"))
        return Details("province", f"{prov['name']} {prov['name_zh']}", f"{prov['division_type']} · "
                       f"{prov['region']} region", facts=facts_list, source_ids=[s for s in sources if s],
                       sites=_site_table(sites), companies=_company_table(firms, segment_names),
                       mentions=mentions(facts, policies, channels, tuple(sites["place_id"]),
                                         tuple(firms["company_id"])),
                       province_code=key)
    if kind == "place" and key in set(places["place_id"]):
        place = places[places["place_id"] == key].iloc[0]
        prov = by_code.loc[place["province_code"]]
        same_city = places[(places["city"] == place["city"]) & (places["place_id"] != key)]
        firms = hqs[(hqs["hq_city"] == place["city"]) & (hqs["province_code"] == place["province_code"])]
        facts_list = [("City", _city_line(place["city"], prov)),
                      ("Location", f"{place['coord_note']} Confidence: {place['coord_confidence']}.")]
        return Details("place", str(place["name"]), f"{kind_label(place['kind'])} · {place['city']}",
                       description=str(place["offers"]), facts=facts_list, quote=str(place["quote"]),
                       source_ids=[place["source_id"], place["coord_source_id"]],
                       sites=_site_table(same_city), companies=_company_table(firms, segment_names),
                       mentions=mentions(facts, policies, channels, (key,)),
                       province_code=str(place["province_code"]))
    if kind == "hq":
        firms = hqs[[city_key(c, p) == key for c, p in zip(hqs["hq_city"], hqs["province_code"])]]
        if firms.empty:
            return None
        first = firms.iloc[0]
        prov = by_code.loc[first["province_code"]]
        sites = places[(places["city"] == first["hq_city"]) & (places["province_code"] == first["province_code"])]
        facts_list = [("City", _city_line(first["hq_city"], prov)),
                      ("Location", str(first["coord_note"]))]
        table = _company_table(firms, segment_names, with_activity=True)
        return Details("hq", f"Company headquarters in {first['hq_city']}",
                       f"{len(firms)} compan{'y' if len(firms) == 1 else 'ies'} · {prov['name']}",
                       facts=facts_list, source_ids=list(dict.fromkeys([*firms["source_id"], *firms["hq_source_id"]])),
                       sites=_site_table(sites), companies=table,
                       mentions=mentions(facts, policies, channels, tuple(sites["place_id"]),
                                         tuple(firms["company_id"])),
                       province_code=str(first["province_code"]))
    return None


# ---------------------------------------------------------------- table

def places_table(items: pd.DataFrame, source_names: dict[str, str]) -> pd.DataFrame:
    """The filtered sites and companies as the page's table and CSV show them (with source and quote)."""
    return pd.DataFrame({
        "Name": items["name"], "Kind": items["kind_label"], "City": items["city"], "Province": items["province"],
        "Region": items["region"], "What the sources say": items["detail"],
        "Source": items["source_id"].map(lambda s: source_names.get(s, s)), "Location note": items["coord_note"],
        "Latitude": items["lat"], "Longitude": items["lon"], "source_id": items["source_id"],
        "location_source_id": items["location_source_id"], "quote": items["quote"]}).reset_index(drop=True)
