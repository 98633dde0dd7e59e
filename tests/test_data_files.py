"""Every data file validates, and every kind of defect is reported by file, row and column."""
from __future__ import annotations

import json

import pytest

from components.data import data_layer, datasets
from components.data.datasets import DataFileError
from components.data.schemas import TABLES

from tests.conftest import DATA


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_validates(name):
    frame = data_layer.table(name, DATA)
    assert len(frame) > 0
    assert list(frame.columns) == [c.name for c in TABLES[name].columns]


def test_every_factual_row_has_source_and_quote():
    for name, spec in TABLES.items():
        if name in ("sources", "provinces"):
            continue
        frame = data_layer.table(name, DATA)
        assert (frame["source_id"].str.len() > 0).all(), name
        assert (frame["quote"].str.len() > 10).all(), name


def test_geojson_is_valid_and_small():
    doc = data_layer.provinces_geojson()
    assert len(doc["features"]) == 33
    size = (DATA / "china_provinces.geojson").stat().st_size
    assert size < 450_000, f"GeoJSON grew to {size:,} bytes"


def test_sources_disagree_and_both_are_kept():
    market = data_layer.table("market_size", DATA)
    totals = market[market["scope"] == "AI in healthcare (total)"]
    assert {"mkt-overview", "china-briefing-2"} <= set(totals["source_id"])
    ov = totals[(totals["source_id"] == "mkt-overview") & (totals["year"] == 2024)].iloc[0]
    assert (ov["low_usd_bn"], ov["high_usd_bn"]) == (3, 5)
    assert ov["value_usd_bn"] != ov["value_usd_bn"]  # a range is never stored as a midpoint


def _break(data_copy, file, old, new, count=1):
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {file}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(data_copy, name) -> list[datasets.Problem]:
    with pytest.raises(DataFileError) as caught:
        data_layer.table(name, data_copy)
    return caught.value.problems


def test_missing_column_is_named(data_copy):
    _break(data_copy, "market_size.csv", "row_id,source_id,scope,year,value_usd_bn", "row_id,source_id,scope,year,value")
    [problem] = _problems(data_copy, "market_size")
    assert (problem.file, problem.row, problem.column) == ("market_size.csv", 1, "value_usd_bn")
    assert "missing" in problem.message


def test_wrong_type_names_row_and_column(data_copy):
    _break(data_copy, "market_size.csv", "2023,1.59,", "2023,one point six,")
    [problem] = _problems(data_copy, "market_size")
    assert (problem.file, problem.row, problem.column) == ("market_size.csv", 4, "value_usd_bn")
    assert "expected a number" in problem.message and "one point six" in problem.message


def test_out_of_range_value_is_named(data_copy):
    _break(data_copy, "physician_density.csv", "headline-chn,China,CHN,2.4,", "headline-chn,China,CHN,-2.4,")
    [problem] = _problems(data_copy, "physician_density")
    assert (problem.row, problem.column) == (2, "value_per_1000")
    assert "below the allowed minimum" in problem.message


def test_unknown_source_id_is_named(data_copy):
    _break(data_copy, "barriers.csv", ",china-briefing-2,", ",no-such-source,")
    [problem] = _problems(data_copy, "barriers")
    assert (problem.file, problem.row, problem.column) == ("barriers.csv", 2, "source_id")
    assert "not a known source_id" in problem.message


def test_unknown_province_is_named(data_copy):
    _break(data_copy, "places.csv", "innovation_hub,Chengdu,CN-SC",
           "innovation_hub,Chengdu,CN-ZZ")
    [problem] = _problems(data_copy, "places")
    assert (problem.column, problem.row) == ("province_code", 5)
    assert "not a known province_code" in problem.message


def test_duplicate_key_is_named(data_copy):
    _break(data_copy, "barriers.csv", "talent,Talent shortages", "regulatory,Talent shortages")
    [problem] = _problems(data_copy, "barriers")
    assert problem.column == "barrier_id" and problem.row == 5
    assert "duplicate key" in problem.message and "first on row 2" in problem.message


def test_disallowed_value_is_named(data_copy):
    _break(data_copy, "market_size.csv", ",reported,", ",rumoured,")
    problems = _problems(data_copy, "market_size")
    assert problems[0].column == "kind" and problems[0].row == 4
    assert "rumoured" in problems[0].message


def test_unreadable_encoding_is_named(data_copy):
    path = data_copy / "policies.csv"
    path.write_bytes(path.read_bytes().replace("Healthy China".encode(), "Healthy China \xe9".encode("latin-1"), 1))
    [problem] = _problems(data_copy, "policies")
    assert problem.file == "policies.csv" and problem.row == 3
    assert "not UTF-8" in problem.message


def test_empty_and_missing_files_are_named(data_copy):
    (data_copy / "facts.csv").write_text("", encoding="utf-8")
    [problem] = _problems(data_copy, "facts")
    assert problem.file == "facts.csv" and "empty" in problem.message
    (data_copy / "entry_modes.csv").unlink()
    [problem] = _problems(data_copy, "entry_modes")
    assert "missing" in problem.message


def test_broken_sources_file_stops_dependants_with_a_clear_reason(data_copy):
    _break(data_copy, "sources.csv", "source_id,title", "id,title")
    problems = _problems(data_copy, "barriers")
    assert problems[0].column == "source_id" and "sources.csv is not valid" in problems[0].message


def test_all_problems_are_reported_at_once(data_copy):
    _break(data_copy, "facts.csv", "nmpa_class3_2023,regulation", "nmpa_class3_2021,regulation")
    _break(data_copy, "facts.csv", ",vcbeat-34243,", ",nowhere,")
    problems = _problems(data_copy, "facts")
    assert {p.column for p in problems} == {"fact_id", "source_id"}
    assert "facts.csv" in str(DataFileError("facts.csv", problems))


def test_geojson_defects_are_named(data_copy):
    path = data_copy / "china_provinces.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["iso_3166_2"] = "CN-XX"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        datasets.read_geojson(data_copy, data_layer.table("provinces", data_copy)["province_code"])
    assert "CN-XX" in str(caught.value) and caught.value.file == "china_provinces.geojson"


@pytest.mark.parametrize("features,words", [
    ([7], "feature 0: is a number, expected an object"),
    ([{"type": "Feature", "properties": None, "geometry": []}], "feature 0: 'None' is not a known province"),
])
def test_geojson_features_of_the_wrong_shape_are_named(data_copy, features, words):
    path = data_copy / "china_provinces.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        datasets.read_geojson(data_copy, data_layer.table("provinces", data_copy)["province_code"])
    assert caught.value.file == "china_provinces.geojson" and words in str(caught.value)
