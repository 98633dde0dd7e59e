"""The curated Chinese translations of the data (`<column>_zh`): complete, in Chinese, faithful to the figures.

A translation is data: column X of a CSV has its translation in column X_zh of the same file. These tests keep
the translations complete (every displayed text with an English value has one), Chinese (no English left except
the proper names and acronyms listed here), faithful to the numbers (no figure the English does not state), and
away from quotes (a quote is never translated).
"""
from __future__ import annotations

import math
import re

import pytest

from components.data import data_layer
from components.data.datasets import DataFileError
from components.data.schemas import TABLES, TRANSLATED, translation_columns

from tests.conftest import DATA

# Names with a translation column declared with their table rather than in TRANSLATED.
NAME_COLUMNS = {"provinces": ("name",), "companies": ("name",)}
# Rows whose translation is left empty on purpose: the company's own Chinese name could not be confirmed
# (the app then shows the English name).
LEFT_EMPTY = {("companies", "name"): {"vuno"}}
# Columns whose translation may repeat the English: publishers' names and licences stay in the original.
MAY_STAY_ORIGINAL = {("sources", "publisher"), ("sources", "short_name"), ("sources", "licence")}

# Proper names and acronyms a Chinese text keeps in the original (the glossary's list, plus the publishers,
# publications, products and data sets the data names). Longest first, so "OECD Health at a Glance" goes whole.
ALLOWED_NAMES = sorted((
    # acronyms
    "AI", "ML", "NMPA", "PIPL", "WHO", "OECD", "CT", "MRI", "CDSS", "EMR", "PACS", "IT", "NLP", "FDA", "CE",
    "PMDA", "WFOE", "WAIC", "URL", "GE医疗", "X光",
    # publishers, publications, licences and data sets
    "China Briefing", "Dezan Shira & Associates", "The China Project", "OECD Health at a Glance",
    "Leiria Economica", "Grand View Research", "Eurostat", "Destatis", "Wikipedia", "Natural Earth", "China Daily",
    "KrASIA", "BDAE", "Ärzte Zeitung", "BMC Health Services Research", "VCBeat", "Pacific Bridge Medical",
    "EqualOcean", "South China Morning Post", "Week in China", "FierceBiotech", "China Health Pulse",
    "Caixin Global", "AllTechAsia", "CC BY-SA", "CC BY", "npm", "ChinaMAP",
    # a product name
    "Dr. AI",
), key=len, reverse=True)
# File paths, package@version and web addresses stay as written.
_PATH = re.compile(r"[\w./@-]*[/@][\w./@-]*\w|[\w-]+\.(?:com|txt|csv)\b")

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_EN_FIGURE = re.compile(rf"({_NUMBER})(?:\s*[–-]\s*({_NUMBER}))?\s*(billion|bn|million|thousand|[MBK](?![A-Za-z]))?")
_ZH_FIGURE = re.compile(rf"({_NUMBER})(亿|万)?")
_EN_SCALE = {"billion": 1e9, "bn": 1e9, "B": 1e9, "million": 1e6, "M": 1e6, "thousand": 1e3, "K": 1e3}
_ZH_SCALE = {"亿": 1e8, "万": 1e4}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _english_values(text: str) -> set[float]:
    """Every figure of an English text, as written and scaled by its unit word (3–5 billion: 3, 5, 3e9, 5e9)."""
    values: set[float] = set()
    for low, high, unit in _EN_FIGURE.findall(text):
        scale = _EN_SCALE.get(unit, 1)
        for figure in (low, high):
            if figure:
                values |= {_number(figure), _number(figure) * scale}
    values |= {float(i + 1) for i, month in enumerate(_MONTHS) if month in text.lower()}
    return values


def _chinese_values(text: str) -> list[tuple[str, float]]:
    return [(figure + unit, _number(figure) * _ZH_SCALE.get(unit, 1)) for figure, unit in _ZH_FIGURE.findall(text)]


def _pairs():
    """(table, English column, Chinese column) for every translated column."""
    for name, spec in TABLES.items():
        for english, chinese in translation_columns(spec):
            yield name, english, chinese


def _records(name: str) -> list[dict]:
    return data_layer.table(name, DATA).to_dict("records")


def _key(name: str, record: dict) -> str:
    return "/".join(str(record[k]) for k in TABLES[name].key)


def test_every_displayed_text_column_has_a_translation_column():
    declared = {(name, english) for name, english, _ in _pairs()}
    wanted = {(name, column) for name, columns in {**TRANSLATED, **NAME_COLUMNS}.items() for column in columns}
    assert wanted <= declared


@pytest.mark.parametrize("name,english,chinese", list(_pairs()))
def test_every_english_text_has_its_translation(name, english, chinese):
    left_empty = LEFT_EMPTY.get((name, english), set())
    missing = [_key(name, r) for r in _records(name)
               if str(r[english]).strip() and not str(r[chinese]).strip() and _key(name, r) not in left_empty]
    assert not missing, f"{name}.csv {chinese} is empty where {english} is not: {missing}"


@pytest.mark.parametrize("name,english,chinese", list(_pairs()))
def test_translations_are_in_chinese(name, english, chinese):
    leftovers = []
    for record in _records(name):
        text = str(record[chinese])
        if (name, english) in MAY_STAY_ORIGINAL and text == record[english]:
            continue
        stripped = _PATH.sub(" ", text)
        for allowed in ALLOWED_NAMES:
            stripped = stripped.replace(allowed, " ")
        if re.search(r"[A-Za-z]", stripped):
            leftovers.append(f"{_key(name, record)}: {text!r}")
    assert not leftovers, f"{name}.csv {chinese} has English beyond the allowed names: {leftovers}"


@pytest.mark.parametrize("name,english,chinese", list(_pairs()))
def test_numbers_in_a_translation_are_the_englishs(name, english, chinese):
    wrong = []
    for record in _records(name):
        stated = _english_values(str(record[english]))
        for written, value in _chinese_values(str(record[chinese])):
            if not any(math.isclose(value, e, rel_tol=1e-9) for e in stated):
                wrong.append(f"{_key(name, record)}: {written} is not in {record[english]!r}")
    assert not wrong, f"{name}.csv {chinese} states figures the English does not: {wrong}"


def test_no_quote_is_translated():
    for name, spec in TABLES.items():
        for column in (c.name for c in spec.columns):
            assert not re.fullmatch(r"(.*_)?quote_zh", column), f"{name}.{column}: quotes stay verbatim"
        header = (DATA / spec.file).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not [h for h in header if re.fullmatch(r"(.*_)?quote_zh", h)], f"{spec.file} translates a quote"
    assert not [c for columns in TRANSLATED.values() for c in columns if c == "quote" or c.endswith("_quote")]


def test_province_names_carry_their_division_type():
    """NBS writes a province's name with its type: 北京市, 广东省, 内蒙古自治区, 香港特别行政区."""
    suffix = {"Municipality": "市", "Province": "省", "Autonomous region": "自治区",
              "Special administrative region": "特别行政区"}
    kind = {"Municipality": "直辖市", "Province": "省", "Autonomous region": "自治区",
            "Special administrative region": "特别行政区"}
    for record in _records("provinces"):
        assert record["name_zh"].endswith(suffix[record["division_type"]]), record["name_zh"]
        assert record["division_type_zh"] == kind[record["division_type"]], record["division_type_zh"]


def test_figure_check_reads_chinese_units():
    assert _english_values("US$1.59 billion, 38,000+ hospitals") >= {1.59e9, 38000}
    assert [v for _, v in _chinese_values("15.9亿美元，3.8万余家")] == [1.59e9, 38000]
    assert 3e9 in _english_values("USD 3–5 billion")


def test_a_translation_of_an_empty_cell_is_named(data_copy):
    path = data_copy / "facts.csv"
    text = path.read_text(encoding="utf-8")
    note = "\"United States, all classes: not comparable one-to-one with NMPA Class III.\""
    assert note in text
    path.write_text(text.replace(note, ""), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        data_layer.table("facts", data_copy)
    row = next(i + 2 for i, r in enumerate(_records("facts")) if r["fact_id"] == "fda_aiml_total")
    assert [(p.file, p.row, p.column) for p in caught.value.problems] == [("facts.csv", row, "note_zh")]
