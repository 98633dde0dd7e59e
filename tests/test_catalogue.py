"""The Chinese catalogue is complete, compiled, and holds every string the code marks for translation."""
from __future__ import annotations

import re
import subprocess
import sys

from babel.messages.pofile import read_po

from components import i18n
from tools import i18n as i18n_tool


def _catalogue():
    with i18n_tool.po_path().open("rb") as handle:
        return read_po(handle, locale="zh")


def test_every_marked_string_is_in_the_catalogue(tmp_path, monkeypatch):
    """Extract afresh (to a scratch .pot): a string marked in code but missing from the .po fails here."""
    monkeypatch.setattr(i18n_tool, "POT", tmp_path / "messages.pot")
    i18n_tool.extract()
    with (tmp_path / "messages.pot").open("rb") as handle:
        marked = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    missing = sorted(marked - translated)
    assert not missing, f"{len(missing)} strings are not in the catalogue: run python3 tools/i18n.py update: {missing[:20]}"


def test_catalogue_is_translated_and_compiled():
    assert i18n_tool.problems() == []


def test_translations_keep_their_placeholders():
    for message in _catalogue():
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(re.findall(r"\{(\w*)\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{(\w*)\}", text)) == wanted, (message.id, text)


def test_english_is_the_source_language():
    assert i18n._("Market size") == "Market size"
    with i18n.use("zh"):
        assert i18n._("Market size") == "市场规模"
    assert i18n.current() == "en"
