"""The shipped Chinese font has a glyph for every character the app can show in Chinese.

The subset (static/fonts/, built by tools/font_subset.py) holds only the
characters of the zh catalogue's msgstrs, the `*_zh` data columns, the CJK
characters written in the code (the formatters' 亿/万/美元…) and fixed
punctuation and Latin. A new translation with a new character fails here until
`python3 tools/font_subset.py` is rerun; the message lists the characters.
"""
from __future__ import annotations

from fontTools.ttLib import TTFont

from tools import font_subset

FORMATTER_CHARACTERS = set("亿万美元超过约低至最高年月日")


def _lacking_message(lacking: list[str]) -> str:
    return (f"the shipped font lacks {len(lacking)} character(s): {''.join(lacking)!r}; "
            "rerun python3 tools/font_subset.py (needs apt-get install fonts-noto-cjk)")


def test_the_subset_has_a_glyph_for_every_character_the_app_shows():
    lacking = font_subset.missing(font_subset.needed_characters(), font_subset.font_codepoints())
    assert not lacking, _lacking_message(lacking)


def test_the_needed_characters_include_every_source():
    needed = font_subset.needed_characters()
    assert FORMATTER_CHARACTERS <= needed
    assert set("，。：；、（）「」“”《》—…·") <= needed
    assert {chr(c) for c in range(0x20, 0x7F)} <= needed and "é" in needed
    assert font_subset.catalogue_characters() - {"\n"} <= needed
    assert font_subset.data_characters() <= needed
    assert "中" in font_subset.code_characters()     # the language switch's label 中文


def test_a_new_character_in_a_msgstr_or_a_data_cell_is_reported(tmp_path):
    """What the coverage test does when a translation brings a character the subset lacks."""
    po = tmp_path / font_subset.CATALOGUE.relative_to(font_subset.ROOT)
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Dragon"\nmsgstr "龘"\n', encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "things.csv").write_text("name,name_zh,quote\nNose,齉,鼻\n", encoding="utf-8")
    (tmp_path / "components").mkdir(exist_ok=True)
    (tmp_path / "components" / "fmt.py").write_text('UNIT = "兆"\n', encoding="utf-8")
    needed = font_subset.needed_characters(tmp_path)
    lacking = font_subset.missing(needed, font_subset.font_codepoints())
    assert lacking == sorted("龘齉兆")         # the quote column is never shown translated: not needed
    assert "鼻" not in needed


def test_the_shipped_files_are_one_truetype_subset_named_noto_sans_sc():
    ttf, woff2 = TTFont(str(font_subset.TTF)), TTFont(str(font_subset.WOFF2))
    assert "glyf" in ttf and "CFF " not in ttf      # reportlab embeds TrueType outlines only
    assert woff2.flavor == "woff2"
    for font in (ttf, woff2):
        assert font["name"].getDebugName(1) == "Noto Sans SC"
        assert font["name"].getDebugName(6) == "NotoSansSC-Regular"
    assert set(ttf.getBestCmap()) == set(woff2.getBestCmap())
    assert "SIL OPEN FONT LICENSE Version 1.1" in font_subset.LICENCE.read_text(encoding="utf-8")
