"""Every quote marked verbatim matches its source text word for word.

The source texts are the two seed articles. They ship in data/source_texts/ so
the check runs on any checkout; where the seeds also sit beside the repository
(../shared/seeds/), the shipped copies must equal them. With neither present
the test skips locally and fails under CI=true.
"""
from __future__ import annotations

import os
import re

import pytest

from components.data import data_layer
from components.domain import catalog
from tests.conftest import DATA, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SHIPPED = DATA / "source_texts"
SEED_FILES = {"mkt-overview": "000_1fbed15ff1beedfe.txt", "china-briefing-2": "003_8feedf60b542e4ce.txt"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def source_texts() -> dict[str, str]:
    texts = {}
    for source_id, seed_name in SEED_FILES.items():
        shipped, seed = SHIPPED / f"{source_id}.txt", SEEDS / seed_name
        if seed.is_file() and shipped.is_file():
            assert shipped.read_bytes() == seed.read_bytes(), f"{shipped} differs from {seed}"
        path = shipped if shipped.is_file() else seed
        if path.is_file():
            texts[source_id] = _norm(path.read_text(encoding="utf-8"))
    if len(texts) < len(SEED_FILES):
        message = f"source texts missing: neither {SHIPPED} nor {SEEDS} has all of {sorted(SEED_FILES)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return texts


def _pieces(quote: str) -> list[str]:
    """A quote with an elision ('…' or '...') is checked piece by piece."""
    return [p.strip().rstrip(":;") for p in re.split(r"\s*(?:\.\.\.|…)\s*", _norm(quote)) if p.strip()]


def test_every_verbatim_quote_is_in_its_source(source_texts):
    figures = catalog.figure_rows({name: frame for name, frame in data_layer.all_tables().items()
                                   if not isinstance(frame, Exception)})
    checked, missing = 0, []
    for row in figures.to_dict("records"):
        if row["source_id"] not in source_texts or row["evidence"] != "verbatim":
            continue
        checked += 1
        for piece in _pieces(row["quote"]):
            if piece not in source_texts[row["source_id"]]:
                missing.append(f"{row['file']} row {row['row']}: {piece[:80]}")
    assert checked > 40
    assert not missing, missing


def test_a_changed_quote_is_caught(source_texts):
    """The check can fail: one changed word in a verbatim quote is not found."""
    text = source_texts["china-briefing-2"]
    quote = "As of mid-2024, 92 Class III AI-powered medical devices had been approved"
    assert quote in text
    assert quote.replace("92", "93") not in text
