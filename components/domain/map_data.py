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
from components import i18n
from components.domain import wording
from components.i18n import N_, _, ngettext

COMPANY_HQ = "company_hq"

# Drawing and legend order: the rarest, most strategic kinds first.
KIND_ORDER = ("fast_track_zone", "innovation_hub", "innovation_park", "pilot_zone", "data_sharing_pilot",
              "hospital_testbed", "accelerator", "wfoe_location", COMPANY_HQ)

# (singular for tooltips and the table; short plural for the filter and the legend, which must fit one line).
# English values (the filter's plural labels are URL values); kind_label() shows them in the current language.
KIND_LABELS = {
    "fast_track_zone": (N_("Fast-track zone"), N_("Fast-track zones")),
    # The overview article gives each hub its own role ("academic + government", "emerging hub", …):
    # the kind label stays neutral and the role is the site's own detail.
    "innovation_hub": (N_("Regional hub"), N_("Regional hubs")),
    "innovation_park": (N_("Innovation park"), N_("Innovation parks")),
    # Part II's "Tier-3 hospitals in … pilot zones"; not the overview article's 20 AI diagnosis pilot sites.
    "pilot_zone": (N_("Pilot-zone hospitals"), N_("Pilot-zone hospitals")),
    "data_sharing_pilot": (N_("Data-sharing pilot"), N_("Data-sharing pilots")),
    "hospital_testbed": (N_("Tier-3 hospital test bed"), N_("Hospital test beds")),
    "accelerator": (N_("Accelerators and incubators"), N_("Accelerators")),
    "wfoe_location": (N_("WFOE medical institutions permitted"), N_("WFOE permitted")),
    COMPANY_HQ: (N_("Company headquarters"), N_("Company HQs")),
}

# Symbol radius in screen pixels: bigger for the kinds an investor acts on first.
KIND_RADIUS_PX = {
    "fast_track_zone": 11, "innovation_hub": 10, "innovation_park": 9, "pilot_zone": 8,
    "data_sharing_pilot": 8, "hospital_testbed": 7, "accelerator": 7, "wfoe_location": 7, COMPANY_HQ: 10,
}


def _kind_value(kind: str, plural: bool = False) -> str:
    labels = KIND_LABELS.get(kind, (kind.replace("_", " ").capitalize(),) * 2)
    return labels[1 if plural else 0]


def kind_label(kind: str, plural: bool = False) -> str:
    """A kind as shown, in the current language."""
    return _(_kind_value(kind, plural)) if kind in KIND_LABELS else _kind_value(kind, plural)


def kind_options() -> list[str]:
    """The kind filter's options (plural labels, in legend order): what the URL carries (English; show with _())."""
    return [_kind_value(k, plural=True) for k in KIND_ORDER]


def kinds_from_labels(labels: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Filter labels (the English URL values) -> kind ids; no labels means every kind."""
    by_label = {_kind_value(k, plural=True): k for k in KIND_ORDER}
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
    option: str                 # what the selectbox (and the URL) shows: English, shown with _()
    legend_title: str           # shown with _()
    short: str                  # for tooltips: "Population (2020)"; shown with _()
    column: str | None = None   # provinces.csv column; None = a count of what is on the map
    count_kinds: str = "all"    # for counts: "all", "places" or "companies"
    source_column: str | None = None
    unit: str = ""


MEASURES = (
    Measure("activity", N_("Sites and company HQs on the map (count)"),
            N_("Sites and company headquarters on the map (count, current filters)"), N_("On the map")),
    Measure("places", N_("Sites on the map (count)"), N_("Hubs, zones, parks and other sites on the map (count)"),
            N_("Sites on the map"), count_kinds="places"),
    Measure("companies", N_("Company HQs on the map (count)"), N_("Company headquarters on the map (count)"),
            N_("Company HQs on the map"), count_kinds="companies"),
    Measure("population", N_("Population, 2020 census"), N_("Population, 2020 (7th national census)"),
            N_("Population (2020)"), column="population_2020", source_column="population_source_id", unit="people"),
    Measure("physicians", N_("Physicians per 1,000 people, 2018"),
            N_("Licensed and assistant physicians per 1,000 people, 2018"), N_("Physicians per 1,000 (2018)"),
            column="licensed_physicians_per_1000_2018", source_column="physicians_source_id",
            unit=N_("per 1,000")),   # format.number shows the unit with _()
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
            note.append(_("Drawn at the city's point (the headquarters city, not the office address)."))
        else:
            lat.append(float(labels.loc[row.province_code, "label_lat"]))
            lon.append(float(labels.loc[row.province_code, "label_lon"]))
            note.append(_("City not among the mapped places: drawn at the province's label point."))
    return with_hq.assign(lat=lat, lon=lon, coord_note=note)


def map_items(places: pd.DataFrame, hqs: pd.DataFrame, provinces: pd.DataFrame, kinds: tuple[str, ...],
              regions: tuple[str, ...] = (), segment_ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per site or company that passes the filters (the table and the counts use this).

    The segment filter applies to companies only: the sources tie no site to a segment.
    """
    region_of = dict(zip(provinces["province_code"], provinces["region"]))
    # Names, cities and details as shown (curated `_zh` columns in Chinese); `city` stays the data's
    # value, because the HQ markers' ids are built from it.
    province_name = {r["province_code"]: i18n.text(r, "name") for r in provinces.to_dict("records")}
    site_rows = places[places["kind"].isin(kinds)]
    site_records = site_rows.to_dict("records")
    sites = pd.DataFrame({
        "item_id": "place:" + site_rows["place_id"], "kind": site_rows["kind"],
        "name": [i18n.text(r, "name") for r in site_records],
        "city": site_rows["city"], "city_shown": [i18n.text(r, "city") for r in site_records],
        "province_code": site_rows["province_code"],
        "lat": site_rows["lat"].astype(float), "lon": site_rows["lon"].astype(float),
        "detail": [i18n.text(r, "offers") for r in site_records], "segments": "",
        "coord_note": [i18n.text(r, "coord_note") for r in site_records],
        "source_id": site_rows["source_id"], "quote": site_rows["quote"],
        "location_source_id": site_rows["coord_source_id"]}, index=site_rows.index)
    firms = hqs.iloc[0:0] if COMPANY_HQ not in kinds else hqs
    if segment_ids:
        firms = firms[firms["segment_ids"].map(lambda ids: any(s in segment_ids for s in str(ids).split(";")))]
    firm_records = firms.to_dict("records")
    companies = pd.DataFrame({
        "item_id": "company:" + firms["company_id"], "kind": COMPANY_HQ,
        "name": [i18n.text(r, "name") for r in firm_records],
        "city": firms["hq_city"], "city_shown": [i18n.text(r, "hq_city") for r in firm_records],
        "province_code": firms["province_code"],
        "lat": firms["lat"].astype(float), "lon": firms["lon"].astype(float),
        "detail": [i18n.text(r, "activity") for r in firm_records], "segments": firms["segment_ids"],
        "coord_note": firms["coord_note"],
        "source_id": firms["source_id"], "quote": firms["quote"], "location_source_id": firms["hq_source_id"]},
        index=firms.index)
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


def _shown_city(item) -> str:
    """The item's city as shown (`city_shown` where the frame has it)."""
    get = item.get if hasattr(item, "get") else lambda c, d=None: getattr(item, c, d)
    shown = get("city_shown", None)
    return str(shown) if isinstance(shown, str) and shown else str(get("city"))


def _kind_line(kind: str, city: str, province: object) -> str:
    """'Regional hub · Beijing, Beijing' for tooltips."""
    return _("{kind} · {city}, {province}").format(kind=kind, city=city, province=province)


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
            "t_title": item.name, "t_kind": _kind_line(kind_label(item.kind), _shown_city(item), item.province),
            "t_detail": item.detail,
            "t_source": _("Source: {source}").format(source=source_names.get(item.source_id, item.source_id))})
    firms = items[items["kind"] == COMPANY_HQ]
    for (city, code), group in firms.groupby(["city", "province_code"], sort=True):
        first = group.iloc[0]
        shown_city = _shown_city(first)
        names = ("、" if wording.zh() else ", ").join(group["name"])
        sources = list(dict.fromkeys(group["source_id"]))
        rows.append({
            "id": f"hq:{city_key(city, code)}", "kind": COMPANY_HQ, "city": city, "province_code": code,
            "lat": first["lat"], "lon": first["lon"], "count": len(group),
            "name": _("Company headquarters in {city}").format(city=shown_city),
            "t_title": _("{count} company headquarters in {city}").format(count=len(group), city=shown_city)
            if len(group) > 1 else _("{company}: headquarters in {city}").format(company=first["name"],
                                                                                city=shown_city),
            "t_kind": _kind_line(kind_label(COMPANY_HQ), shown_city, first["province"]),
            "t_detail": names if len(group) > 1 else first["detail"],
            "t_source": _("Sources: {sources}").format(sources=wording.join(
                (source_names.get(s, s) for s in sources), "; ")) if len(sources) > 1
            else _("Source: {source}").format(source=source_names.get(sources[0], sources[0]))})
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
    frame["t_title"] = [_province_title(r) for r in frame.to_dict("records")]
    frame["t_kind"] = [_division_line(r) for r in frame.to_dict("records")]
    frame["t_detail"] = [_("{measure}: {value}").format(measure=_(measure.short), value=fmt.number(v, measure.unit))
                         for v in frame["value"]]
    frame.loc[~frame["in_view"], "t_detail"] += _(" (outside the region filter)")
    frame["t_source"] = [_("Source: {source}").format(source=source_names.get(s, s)) if s
                         else _("Counted from the sources' sites and companies") for s in frame["measure_source_id"]]
    return frame


def _province_title(prov) -> str:
    """'Beijing 北京市' in English (both names); the Chinese name alone in Chinese."""
    return str(prov["name_zh"]) if wording.zh() else f"{prov['name']} {prov['name_zh']}"


def _division_line(prov) -> str:
    """'Municipality · East region'."""
    return _("{division} · {region} region").format(division=wording.label_of(wording.DIVISION_LABELS,
                                                                               prov["division_type"]),
                                                    region=wording.region_label(prov["region"]))


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
    return _("Pilot-zone hospitals: Part II's advice to engage Tier-3 hospitals in its named pilot zones. They are "
             "not the overview article's {count} AI diagnosis pilot sites, whose locations no source names.").format(
        count=fmt.number(count.iloc[0]["value"]))


def finding(items: pd.DataFrame) -> str:
    """The page's one-sentence takeaway, computed from the unfiltered sites and companies."""
    if items.empty:
        return _("The sources name no sites or headquarters to map.")
    by_province = items.groupby("province").size().sort_values(ascending=False, kind="stable")
    top = by_province.head(3)
    return _("{provinces} hold {count} of the {total} map entries: each is a role a source gives a place (a city "
             "named in several roles counts once per role) or a company's headquarters.").format(
        provinces=wording.and_list(list(top.index)), count=int(top.sum()), total=len(items))


# ---------------------------------------------------------------- selection

def selection_labels(provinces: pd.DataFrame, places: pd.DataFrame, hq_markers: pd.DataFrame) -> dict[str, str]:
    """Every selectable id -> a readable label (provinces, then sites, then HQ cities)."""
    out = {f"province:{r['province_code']}": _province_title(r) for r in provinces.to_dict("records")}
    out.update({f"place:{r['place_id']}": _("{name} ({city})").format(name=i18n.text(r, "name"),
                                                                     city=i18n.text(r, "city"))
                for r in places.to_dict("records")})
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
    dated = bool(row.as_of) and str(row.as_of) != "not stated"
    if wording.zh():
        qualifier = row.qualifier if row.qualifier and row.qualifier != "range" else ""
        text = f"{fmt.qualified(value, qualifier)} {i18n.text(row, 'unit') or ''}".strip()
        return text + (f"（{i18n.text(row, 'as_of')}）" if dated else "")
    parts = [str(row.qualifier).strip() if row.qualifier and row.qualifier != "range" else "", value,
             str(row.unit or "")]
    text = " ".join(p for p in parts if p)
    if dated:
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
            rows.append({"what": _("Fast-track channel"), "text": _(
                "{name}: eligible with {eligibility}. {benefits}. Timeline: {timeline}.").format(
                name=i18n.text(row, "name"), eligibility=i18n.text(row, "eligibility"),
                benefits=i18n.text(row, "benefits"), timeline=i18n.text(row, "timeline")),
                "source_id": row.source_id, "quote": row.quote})
    for row in facts.itertuples():
        if _ids(row.place_ids) & places or _ids(row.company_ids) & firms:
            rows.append({"what": _("Figure"), "text": f"{i18n.text(row, 'label')}{wording.sep(': ')}{_fact_value(row)}",
                         "source_id": row.source_id, "quote": row.quote})
    for row in policies.itertuples():
        if _ids(row.place_ids) & places:
            name, description = i18n.text(row, "name"), i18n.text(row, "description")
            if pd.isna(row.year):
                text = f"{name}{wording.sep(': ')}{description}"
            else:
                text = _("{name} ({year}): {description}").format(name=name, year=row.year, description=description)
            rows.append({"what": _("Policy"), "text": text, "source_id": row.source_id, "quote": row.quote})
    return pd.DataFrame(rows, columns=["what", "text", "source_id", "quote"]).drop_duplicates("text")


def _site_table(frame: pd.DataFrame) -> pd.DataFrame:
    """name + what to say after it, for the panel's bullet list."""
    records = frame.to_dict("records")
    rest = [f"{kind_label(r['kind'])} · {i18n.text(r, 'city')}" for r in records]
    return pd.DataFrame({"name": [i18n.text(r, "name") for r in records], "rest": rest,
                         "source_id": list(frame["source_id"])}, columns=["name", "rest", "source_id"])


def _company_table(frame: pd.DataFrame, segment_names: dict[str, str], with_activity: bool = False) -> pd.DataFrame:
    rest = []
    for row in frame.itertuples():
        segments = wording.join((segment_names.get(s, s) for s in str(row.segment_ids).split(";")), ", ")
        text = f"{i18n.text(row, 'hq_city')} · {segments}"
        if with_activity:
            # The HQ sentence stays in its original language (a quote); a paraphrase says so.
            hq = (f"“{row.hq_quote}”" if str(row.hq_evidence or "verbatim") == "verbatim"
                  else f"{row.hq_quote} ({wording.label_of(wording.EVIDENCE_LABELS, row.hq_evidence)})")
            text += _(". {activity} HQ: {hq} (confidence: {confidence})").format(
                activity=i18n.text(row, "activity"), hq=hq,
                confidence=wording.label_of(wording.CONFIDENCE_LABELS, row.hq_confidence))
        rest.append(text)
    return pd.DataFrame({"name": [i18n.text(r, "name") for r in frame.to_dict("records")], "rest": rest,
                         "source_id": list(frame["source_id"])}, columns=["name", "rest", "source_id"])


def _city_line(city: str, prov: pd.Series, city_shown: object = None) -> str:
    """'Beijing 北京市 (municipality)', 'Shenzhen, Guangdong 广东省'; in Chinese the Chinese names."""
    if wording.zh():
        division = wording.label_of(wording.DIVISION_LABELS, prov["division_type"])
        if city == prov["name"]:
            return f"{prov['name_zh']}（{division}）"
        return f"{prov['name_zh']}{city_shown or city}"
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
        # The census count in full, grouped as the locale groups it (the same digits in both languages).
        facts_list = [(_("Population (2020 census)"), fmt.number(prov["population_2020"]) if
                       pd.isna(prov["population_2020"]) else f"{int(prov['population_2020']):,}")]
        sources = [prov["population_source_id"]]
        if not pd.isna(prov["licensed_physicians_per_1000_2018"]):
            facts_list.append((_("Licensed and assistant physicians per 1,000 (2018)"),
                               f"{prov['licensed_physicians_per_1000_2018']:g}"))
            sources.append(prov["physicians_source_id"])
        else:
            facts_list.append((_("Physicians per 1,000 (2018)"), _("not in the source for this division")))
        facts_list.append((_("Sites / company HQs in the sources"), f"{len(sites)} / {len(firms)}"))
        return Details("province", _province_title(prov), _division_line(prov),
                       facts=facts_list, source_ids=[s for s in sources if s],
                       sites=_site_table(sites), companies=_company_table(firms, segment_names),
                       mentions=mentions(facts, policies, channels, tuple(sites["place_id"]),
                                         tuple(firms["company_id"])),
                       province_code=key)
    if kind == "place" and key in set(places["place_id"]):
        place = places[places["place_id"] == key].iloc[0]
        prov = by_code.loc[place["province_code"]]
        same_city = places[(places["city"] == place["city"]) & (places["place_id"] != key)]
        firms = hqs[(hqs["hq_city"] == place["city"]) & (hqs["province_code"] == place["province_code"])]
        facts_list = [(_("City"), _city_line(place["city"], prov, i18n.text(place, "city"))),
                      (_("Location"), _("{note} Confidence: {confidence}.").format(
                          note=i18n.text(place, "coord_note"), confidence=i18n.text(place, "coord_confidence")))]
        return Details("place", str(i18n.text(place, "name")),
                       f"{kind_label(place['kind'])} · {i18n.text(place, 'city')}",
                       description=str(i18n.text(place, "offers")), facts=facts_list, quote=str(place["quote"]),
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
        city = i18n.text(first, "hq_city")
        facts_list = [(_("City"), _city_line(first["hq_city"], prov, city)),
                      (_("Location"), str(first["coord_note"]))]
        table = _company_table(firms, segment_names, with_activity=True)
        return Details("hq", _("Company headquarters in {city}").format(city=city),
                       ngettext("{count} company · {province}", "{count} companies · {province}", len(firms)).format(
                           count=len(firms), province=i18n.text(prov, "name")),
                       facts=facts_list, source_ids=list(dict.fromkeys([*firms["source_id"], *firms["hq_source_id"]])),
                       sites=_site_table(sites), companies=table,
                       mentions=mentions(facts, policies, channels, tuple(sites["place_id"]),
                                         tuple(firms["company_id"])),
                       province_code=str(first["province_code"]))
    return None


# ---------------------------------------------------------------- table

def places_table(items: pd.DataFrame, source_names: dict[str, str]) -> pd.DataFrame:
    """The filtered sites and companies as the page's table and CSV show them (with source and quote)."""
    # Headers are shown (in the current language); source_id, location_source_id and quote are the CSV's keys.
    city = items["city_shown"] if "city_shown" in items.columns else items["city"]
    return pd.DataFrame({
        _("Name"): items["name"], _("Kind"): items["kind_label"], _("City"): city, _("Province"): items["province"],
        _("Region"): items["region"].map(wording.region_label), _("What the sources say"): items["detail"],
        _("Source"): items["source_id"].map(lambda s: source_names.get(s, s)), _("Location note"): items["coord_note"],
        _("Latitude"): items["lat"], _("Longitude"): items["lon"], "source_id": items["source_id"],
        "location_source_id": items["location_source_id"], "quote": items["quote"]}).reset_index(drop=True)
