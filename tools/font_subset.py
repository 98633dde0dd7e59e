#!/usr/bin/env python3
"""Build the shipped Chinese font: Noto Sans CJK SC Regular cut down to the characters the app can show.

    python3 tools/font_subset.py          # rewrite static/fonts/NotoSansSC-Subset.{ttf,woff2} and OFL.txt
    python3 tools/font_subset.py --check  # exit 1 if the shipped subset lacks a character the app needs

Rerun it whenever new Chinese text arrives (a msgstr in the zh catalogue, a `*_zh`
cell in data/, a fixed character in the code): tests/test_font_coverage.py fails
until you do. It needs the full font from Debian's fonts-noto-cjk package
(`apt-get install fonts-noto-cjk`); the app itself needs nothing installed.

Why a subset: the full SC face is 16 MB of CFF outlines; the app uses a few
thousand characters at most. Why TrueType outlines: reportlab embeds only
`glyf` fonts, so the CFF outlines are converted to quadratic curves with
fontTools' cu2qu pen (as fontTools' otf2ttf snippet does). The same subset ships
as WOFF2 for the browser. Its family is renamed "Noto Sans SC" (the name the
charts, the deck and the stylesheet ask for); the OFL allows a modified version
under another name as long as it is not a Reserved Font Name ("Source").

Which characters: every msgstr of the zh catalogue, every `*_zh` column of
data/*.csv (and the boundaries' `name_zh`), every CJK character written in the app's code (app.py, pages/,
components/: the formatters' 亿/万/美元/超过…, the language switch's 中文),
Babel's Chinese date pattern (年月日), CJK and general punctuation, and
ASCII plus Latin-1 so mixed Chinese and English text is drawn in one font.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"          # the face picked out of the collection, by its name table
SOURCE_LICENCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FONT_DIR = ROOT / "static" / "fonts"
FAMILY = "Noto Sans SC"
PS_NAME = "NotoSansSC-Regular"
STEM = "NotoSansSC-Subset"
TTF = FONT_DIR / f"{STEM}.ttf"
WOFF2 = FONT_DIR / f"{STEM}.woff2"
LICENCE = FONT_DIR / "OFL.txt"
CATALOGUE = ROOT / "components" / "i18n" / "locales" / "zh" / "LC_MESSAGES" / "messages.po"
DATA_DIR = ROOT / "data"
CODE = ["app.py", "pages", "components"]

# Always in the subset: printable ASCII, Latin-1, the punctuation Chinese and English text use.
ASCII = {chr(c) for c in range(0x20, 0x7F)}
LATIN_1 = {chr(c) for c in range(0xA0, 0x100)}
CJK_PUNCTUATION = set("，。：；、（）「」『』“”‘’《》〈〉【】—…·！？％～－＋＝／　")
GENERAL = set("–—‘’“”•…‰′″€£¥≈≤≥±×÷→←↑↓")
DATE_CHARACTERS = set("年月日")               # Babel's zh long date pattern: 2026年11月22日
FIXED = ASCII | LATIN_1 | CJK_PUNCTUATION | GENERAL | DATE_CHARACTERS

# CJK characters written in the code: ideographs, CJK punctuation, fullwidth forms.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def catalogue_characters(po_file: Path = CATALOGUE) -> set[str]:
    """Every character of every msgstr of the zh catalogue."""
    from babel.messages.pofile import read_po

    if not po_file.exists():
        return set()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="zh")
    found: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for text in strings:
            found.update(text or "")
    return found


def data_characters(data_dir: Path = DATA_DIR) -> set[str]:
    """Every character of every `*_zh` column of data/*.csv and of the boundaries' `name_zh`."""
    found: set[str] = set()
    for path in sorted(data_dir.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c for c in (reader.fieldnames or []) if c.endswith("_zh")]
            if not columns:
                continue
            for row in reader:
                for column in columns:
                    found.update(row.get(column) or "")
    for path in sorted(data_dir.glob("*.geojson")):     # the boundaries carry the province names too
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection.get("features", []):
            found.update(str(feature.get("properties", {}).get("name_zh") or ""))
    return found


def code_characters(root: Path = ROOT) -> set[str]:
    """CJK characters written anywhere in the app's Python code (format.py's units and qualifiers, labels)."""
    found: set[str] = set()
    for entry in CODE:
        path = root / entry
        if not path.exists():
            continue
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            found.update(_CJK.findall(file.read_text(encoding="utf-8")))
    return found


def needed_characters(root: Path = ROOT) -> set[str]:
    """Every character the app can show in Chinese (control characters left out)."""
    chars = (FIXED | catalogue_characters(root / CATALOGUE.relative_to(ROOT))
             | data_characters(root / "data") | code_characters(root))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def missing(chars: set[str], cmap_codepoints: set[int]) -> list[str]:
    """The characters with no glyph in a font's cmap, sorted."""
    return sorted(c for c in chars if ord(c) not in cmap_codepoints)


def font_codepoints(font_file: Path = TTF) -> set[int]:
    """The code points a font file maps to glyphs."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file), lazy=True)
    return set(font.getBestCmap())


# ---------------------------------------------------------------- building

def _source_face():
    """The SC face of the collection, found by its family name (the face order could change)."""
    from fontTools.ttLib import TTCollection

    if not SOURCE_TTC.exists():
        raise SystemExit(f"{SOURCE_TTC} is missing: apt-get install fonts-noto-cjk")
    collection = TTCollection(str(SOURCE_TTC), recalcTimestamp=False)
    for face in collection.fonts:
        if face["name"].getDebugName(1) == SOURCE_FAMILY and face["name"].getDebugName(2) == "Regular":
            return face
    raise SystemExit(f"no '{SOURCE_FAMILY} Regular' face in {SOURCE_TTC}")


def _to_truetype(font) -> None:
    """CFF cubic outlines -> glyf quadratic outlines, in place (fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    for table in ("VORG", "vhea", "vmtx"):     # vertical metrics refer to CFF bounds; the app writes horizontally
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxComponentElements = max((len(getattr(g, "components", [])) for g in glyphs.values()), default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0       # no glyph names (cid12345): nothing uses them, and they cost bytes
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font) -> None:
    """Family "Noto Sans SC" (ids 1, 4, 6; typographic family ids dropped), original notices kept."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    keep = {0, 5, 7, 8, 9, 10, 11, 12, 13, 14}
    name.names = [r for r in name.names if r.nameID in keep and r.platformID == 3]
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{version};{PS_NAME};subset"), (4, f"{FAMILY} Regular"),
                          (6, PS_NAME)):
        name.setName(text, name_id, 3, 1, 0x409)
    font["name"] = name


def build(chars: set[str]):
    """The subset as a TTFont with TrueType outlines, named FAMILY."""
    from fontTools import subset

    font = _source_face()
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "palt", "halt"]   # horizontal text only
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font)
    return font


def licence_text() -> str:
    """The OFL as Debian ships it for fonts-noto-cjk, with the upstream copyright line."""
    text = SOURCE_LICENCE.read_text(encoding="utf-8")
    block = text.rsplit("License: SIL-1.1\n", 1)[-1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith(" "):
            break
        line = line[1:] if line.startswith(" ") else line
        lines.append("" if line == "." else line)
    header = ("Noto Sans SC subset (static/fonts/NotoSansSC-Subset.ttf, .woff2): a subset of Noto Sans CJK SC "
              "Regular,\nconverted to TrueType outlines and renamed by tools/font_subset.py.\n"
              "Source: https://github.com/googlefonts/noto-cjk (Debian package fonts-noto-cjk).\n\n"
              "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.\n\n")
    return header + "\n".join(lines).strip() + "\n"


def write(chars: set[str] | None = None) -> None:
    chars = needed_characters() if chars is None else chars
    font = build(chars)
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    font.save(str(TTF))
    font.flavor = "woff2"
    font.save(str(WOFF2))
    LICENCE.write_text(licence_text(), encoding="utf-8")
    for path in (TTF, WOFF2):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    absent = missing(chars, set(font.getBestCmap()))
    if absent:
        print(f"not in {SOURCE_FAMILY} either (drawn by a fallback font): {''.join(absent)}")
    print(f"{len(chars)} characters, {len(font.getGlyphOrder())} glyphs")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        lacking = missing(needed_characters(), font_codepoints())
        print("".join(lacking) or "every character has a glyph")
        return 1 if lacking else 0
    if argv:
        print(__doc__)
        return 2
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
