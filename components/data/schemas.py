"""Column contracts for every file in data/: declarative, no I/O.

Why here: the contracts are the documentation an analyst needs when editing a
CSV, and the single input of the validator in `components.data.datasets`. Adding a
file means adding one `TableSpec` to `TABLES` (and a section to data/README.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["str", "int", "float", "bool"]

SOURCE_KINDS = ("article", "official_statistics", "dataset", "secondary_summary")
MARKET_KINDS = ("reported", "estimate", "projection")
COMPANY_KINDS = ("domestic_champion", "platform", "international", "pharma_partner")
PLACE_KINDS = (
    "innovation_hub", "pilot_zone", "fast_track_zone", "innovation_park", "accelerator",
    "data_sharing_pilot", "hospital_testbed", "wfoe_location",
)
REGIONS = ("East", "Central", "West", "Northeast", "Hong Kong & Macao (SARs)")
DENSITY_SERIES = ("headline", "official", "national_definition")
# How a figure is qualified in its source ("over $6.8 billion", "approximately 2.4"): shown with the figure.
QUALIFIERS = ("over", "about", "up to")
# What the `quote` column holds: the sentence word for word, the source's point in our words, or one cell of
# a table (no sentence exists). Only "verbatim" quotes are checked word for word against a source text.
EVIDENCE = ("verbatim", "paraphrase", "table cell")
ID_PATTERN = r"[a-z0-9][a-z0-9_.\-]*"
PROVINCE_PATTERN = r"CN-[A-Z]{2}"


@dataclass(frozen=True)
class Col:
    """One column: its type and the values it may hold."""

    name: str
    kind: Kind = "str"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    list_sep: str | None = None  # a ';'-separated list: `allowed`/`pattern` apply to each item
    max_len: int = 2000


@dataclass(frozen=True)
class Ref:
    """A cross-reference: every value of `column` must be a `key` of `table`."""

    column: str
    table: str
    key: str
    list_sep: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: tuple[str, ...]
    columns: tuple[Col, ...]
    refs: tuple[Ref, ...] = ()
    topic: str = ""
    description: str = ""
    checks: tuple[str, ...] = field(default=())  # names of row-level checks in datasets.ROW_CHECKS

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


def _sourced(*cols: Col) -> tuple[Col, ...]:
    """Every factual table ends with the source id and the sentence it came from."""
    return (*cols, Col("source_id", pattern=ID_PATTERN), Col("quote", max_len=4000))


SRC = Ref("source_id", "sources", "source_id")
PROV = Ref("province_code", "provinces", "province_code")

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec(
        "sources", ("source_id",), (
            Col("source_id", pattern=ID_PATTERN), Col("title"),
            Col("short_name", required=False, max_len=60), Col("colour", required=False, pattern=r"#[0-9A-Fa-f]{6}"),
            Col("publisher"),
            Col("author", required=False), Col("date_published", required=False, pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
            Col("url", required=False, pattern=r"https?://\S+"), Col("kind", allowed=SOURCE_KINDS),
            Col("licence"), Col("notes", required=False),
        ), topic="sources", description="One record per source; numbers never live here."),
    TableSpec(
        "market_size", ("row_id",), (
            Col("row_id", pattern=ID_PATTERN), Col("source_id", pattern=ID_PATTERN), Col("scope"),
            Col("year", "int", min=2015, max=2040),
            Col("value_usd_bn", "float", required=False, min=0, max=1000),
            Col("low_usd_bn", "float", required=False, min=0, max=1000),
            Col("high_usd_bn", "float", required=False, min=0, max=1000),
            Col("qualifier", required=False, allowed=QUALIFIERS),
            Col("kind", allowed=MARKET_KINDS),
            Col("stated_cagr_low_pct", "float", required=False, min=0, max=200),
            Col("stated_cagr_high_pct", "float", required=False, min=0, max=200),
            Col("cagr_period", required=False, pattern=r"\d{4}-\d{4}"),
            Col("quote", max_len=4000), Col("note", required=False),
        ), refs=(SRC,), topic="market", checks=("value_or_range",),
        description="Market-size figures, one row per source, scope and year (USD billion)."),
    TableSpec(
        "segments", ("segment_id",), _sourced(
            Col("segment_id", pattern=ID_PATTERN), Col("name"), Col("use_cases"),
            Col("leading_companies", required=False), Col("fastest_growing", "bool"),
        ), refs=(SRC,), topic="market", description="The segments behind the global segment filter."),
    TableSpec(
        "verticals", ("vertical_id",), _sourced(
            Col("vertical_id", pattern=ID_PATTERN), Col("name"), Col("segment_id", pattern=ID_PATTERN),
            Col("maturity", required=False), Col("description"), Col("use_cases"), Col("leading_companies"),
            Col("foreign_entry_notes"), Col("restrictions", required=False), Col("entry_approach"),
        ), refs=(SRC, Ref("segment_id", "segments", "segment_id")), topic="strategy",
        description="Investment verticals for foreign investors."),
    TableSpec(
        "companies", ("company_id",), (
            Col("company_id", pattern=ID_PATTERN), Col("name"), Col("name_zh", required=False),
            Col("kind", allowed=COMPANY_KINDS),
            Col("segment_ids", pattern=ID_PATTERN, list_sep=";"),
            Col("hq_city", required=False), Col("province_code", required=False, pattern=PROVINCE_PATTERN),
            Col("hq_source_id", required=False, pattern=ID_PATTERN), Col("hq_quote", required=False),
            Col("hq_evidence", required=False, allowed=EVIDENCE),
            Col("hq_confidence", required=False, allowed=("high", "medium", "low")),
            Col("activity"), Col("source_id", pattern=ID_PATTERN), Col("quote", max_len=4000),
            Col("evidence", allowed=EVIDENCE),
        ), refs=(SRC, PROV, Ref("hq_source_id", "sources", "source_id"),
                 Ref("segment_ids", "segments", "segment_id", list_sep=";")),
        topic="companies", checks=("hq_complete",), description="Companies named by the sources."),
    TableSpec(
        "places", ("place_id",), (
            Col("place_id", pattern=ID_PATTERN), Col("name"), Col("named_as"), Col("source_role", required=False),
            Col("kind", allowed=PLACE_KINDS),
            Col("city"), Col("province_code", pattern=PROVINCE_PATTERN),
            Col("lat", "float", min=15, max=55), Col("lon", "float", min=70, max=136),
            Col("coord_source_id", pattern=ID_PATTERN), Col("coord_note", required=False),
            Col("coord_confidence"), Col("offers"),
            Col("source_id", pattern=ID_PATTERN), Col("quote", max_len=4000),
        ), refs=(SRC, PROV, Ref("coord_source_id", "sources", "source_id")), topic="places",
        description="Hubs, pilot zones, fast-track zones, parks, accelerators and data-sharing pilots."),
    TableSpec(
        "provinces", ("province_code",), (
            Col("province_code", pattern=PROVINCE_PATTERN), Col("adcode", pattern=r"\d{6}"),
            Col("name"), Col("name_zh"), Col("division_type"), Col("region", allowed=REGIONS),
            Col("population_2020", "int", min=100_000, max=200_000_000),
            Col("population_source_id", pattern=ID_PATTERN), Col("population_quote"),
            Col("population_evidence", allowed=EVIDENCE),
            Col("licensed_physicians_2018", "int", required=False, min=0, max=1_000_000),
            Col("licensed_physicians_per_1000_2018", "float", required=False, min=0, max=20),
            Col("physicians_source_id", required=False, pattern=ID_PATTERN),
            Col("physicians_quote", required=False), Col("physicians_evidence", required=False, allowed=EVIDENCE),
            Col("region_source_id", pattern=ID_PATTERN),
            Col("label_lon", "float", min=70, max=136), Col("label_lat", "float", min=15, max=55),
        ), refs=(Ref("population_source_id", "sources", "source_id"),
                 Ref("physicians_source_id", "sources", "source_id"),
                 Ref("region_source_id", "sources", "source_id")),
        topic="provinces", description="31 mainland provincial-level divisions plus Hong Kong and Macao."),
    TableSpec(
        "physician_density", ("row_id",), (
            Col("row_id", pattern=ID_PATTERN), Col("country"), Col("iso3", pattern=r"[A-Z]{3,4}"),
            Col("value_per_1000", "float", min=0, max=20), Col("qualifier", required=False, allowed=QUALIFIERS),
            Col("year", "int", required=False, min=1990, max=2040),
            Col("definition"), Col("series", allowed=DENSITY_SERIES),
            Col("source_id", pattern=ID_PATTERN), Col("quote", max_len=4000), Col("confidence"),
            Col("evidence", allowed=EVIDENCE),
        ), refs=(SRC,), topic="workforce", description="Physicians per 1,000 people."),
    TableSpec(
        "barriers", ("barrier_id",), _sourced(
            Col("barrier_id", pattern=ID_PATTERN), Col("name"), Col("challenge"),
            Col("example_company"), Col("example"), Col("strategy"),
        ), refs=(SRC,), topic="strategy", description="Entry barriers with a real-world example and a strategy."),
    TableSpec(
        "entry_modes", ("mode_id",), _sourced(
            Col("mode_id", pattern=ID_PATTERN), Col("name"), Col("description"), Col("control"),
            Col("capital"), Col("speed"), Col("regulatory_burden"), Col("approvals_handled_by"), Col("suits"),
        ), refs=(SRC,), topic="strategy", description="Joint venture, technology licensing, WFOE."),
    TableSpec(
        "fast_track_channels", ("channel_id",), _sourced(
            Col("channel_id", pattern=ID_PATTERN), Col("name"), Col("place_id", pattern=ID_PATTERN),
            Col("eligibility"), Col("benefits"), Col("timeline"), Col("notes", required=False),
        ), refs=(SRC, Ref("place_id", "places", "place_id")), topic="strategy",
        description="Fast-track channels that avoid the full NMPA process."),
    TableSpec(
        "policies", ("policy_id",), _sourced(
            Col("policy_id", pattern=ID_PATTERN), Col("name"), Col("year", "int", required=False, min=1990, max=2040),
            Col("category"), Col("description"),
            Col("place_ids", required=False, pattern=ID_PATTERN, list_sep=";"),
            Col("evidence", allowed=EVIDENCE),
        ), refs=(SRC, Ref("place_ids", "places", "place_id", list_sep=";")), topic="policy", description="Policies and incentives."),
    TableSpec(
        "facts", ("fact_id",), (
            Col("fact_id", pattern=ID_PATTERN), Col("topic"), Col("metric", pattern=ID_PATTERN), Col("label"),
            Col("value", "float", min=0), Col("value_high", "float", required=False, min=0),
            Col("unit"), Col("qualifier", required=False), Col("year", "int", required=False, min=1990, max=2040),
            Col("as_of"),
            Col("place_ids", required=False, pattern=ID_PATTERN, list_sep=";"),
            Col("company_ids", required=False, pattern=ID_PATTERN, list_sep=";"),
            Col("source_id", pattern=ID_PATTERN), Col("quote", max_len=4000),
            Col("note", required=False),
        ), refs=(SRC, Ref("place_ids", "places", "place_id", list_sep=";"),
                 Ref("company_ids", "companies", "company_id", list_sep=";")), topic="headline", description="Headline figures (approvals, platform scale, infrastructure)."),
)}

GEOJSON_FILE = "china_provinces.geojson"
# Not a table: the name a view model lists among its TABLES to be handed the province boundaries (a dict).
BOUNDARIES = "provinces_geojson"
DATASET_INFO_FILE = "dataset.json"

# --- Barriers & strategy: the entry-path finder's rules and the vertical -> barrier links.
# The finder's questions; each rule fires on one (question, answer). Answers are the codes listed in
# data/README.md (for "vertical", a vertical_id); components.domain.strategy holds their on-screen labels.
ENTRY_RULE_QUESTIONS = ("vertical", "cleared", "hk_macao", "control", "capital", "speed")
LINK_STRENGTHS = ("high", "medium")
TABLES.update({t.name: t for t in (
    TableSpec(
        "entry_rules", ("rule_id",), _sourced(
            Col("rule_id", pattern=ID_PATTERN), Col("question", allowed=ENTRY_RULE_QUESTIONS),
            Col("answer", pattern=ID_PATTERN),
            Col("mode_id", required=False, pattern=ID_PATTERN),
            Col("channel_id", required=False, pattern=ID_PATTERN),
            Col("weight", "int", min=-10, max=10), Col("reason"),
        ), refs=(SRC, Ref("mode_id", "entry_modes", "mode_id"),
                 Ref("channel_id", "fast_track_channels", "channel_id")),
        topic="strategy",
        description="The entry-path finder's rules: an answer favours (+) or disfavours (-) an entry mode or channel."),
    TableSpec(
        "vertical_barriers", ("vertical_id", "barrier_id"), _sourced(
            Col("vertical_id", pattern=ID_PATTERN), Col("barrier_id", pattern=ID_PATTERN),
            Col("strength", allowed=LINK_STRENGTHS), Col("reason"),
        ), refs=(SRC, Ref("vertical_id", "verticals", "vertical_id"), Ref("barrier_id", "barriers", "barrier_id")),
        topic="strategy", description="Which barriers bite hardest for which investment vertical."),
)})

# Context statements: what the sources say around a page's figures (e.g. where physicians are scarce and
# why AI diagnosis there matters), one short statement per row with the verbatim quote it rests on.
TABLES["context_statements"] = TableSpec(
    "context_statements", ("statement_id",), _sourced(
        Col("statement_id", pattern=ID_PATTERN), Col("page", pattern=ID_PATTERN), Col("topic"),
        Col("statement", max_len=400),
    ), refs=(SRC,), topic="context",
    description="Attributed context statements shown beside a page's figures.")

# Curated Chinese translations of the free texts the app shows: the translation of column X is column X_zh of
# the same file (optional text; the app reads it through `i18n.text(row, "X")` and labels it as a translation).
# Quotes (`quote`, `*_quote`), ids, codes and enumerations used as keys are never translated here.
# `provinces.name_zh` and `companies.name_zh` are declared with their tables above.
TRANSLATED: dict[str, tuple[str, ...]] = {
    "sources": ("short_name", "publisher", "licence", "notes"),
    "market_size": ("scope", "note"),
    "segments": ("name", "use_cases", "leading_companies"),
    "verticals": ("name", "maturity", "description", "use_cases", "leading_companies", "foreign_entry_notes",
                  "restrictions", "entry_approach"),
    "companies": ("hq_city", "activity"),
    "places": ("name", "named_as", "source_role", "city", "coord_note", "coord_confidence", "offers"),
    "provinces": ("division_type",),
    "physician_density": ("country", "definition", "confidence"),
    "barriers": ("name", "challenge", "example_company", "example", "strategy"),
    "entry_modes": ("name", "description", "control", "capital", "speed", "regulatory_burden",
                    "approvals_handled_by", "suits"),
    "fast_track_channels": ("name", "eligibility", "benefits", "timeline", "notes"),
    "policies": ("name", "category", "description"),
    "facts": ("label", "unit", "as_of", "note"),
    "entry_rules": ("reason",),
    "vertical_barriers": ("reason",),
    "context_statements": ("statement",),
}


def _with_translations(spec: TableSpec, columns: tuple[str, ...]) -> TableSpec:
    by_name = {c.name: c for c in spec.columns}
    extra = tuple(Col(f"{name}_zh", required=False, max_len=by_name[name].max_len) for name in columns)
    return replace(spec, columns=spec.columns + extra)


TABLES.update({name: _with_translations(TABLES[name], columns) for name, columns in TRANSLATED.items()})


def translation_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """(English column, its `_zh` translation column) for every translated column of a table."""
    names = {c.name for c in spec.columns}
    return [(c.name[:-3], c.name) for c in spec.columns if c.name.endswith("_zh") and c.name[:-3] in names]
