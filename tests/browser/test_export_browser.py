"""Briefing export in Chromium: the sidebar's buttons download a real deck and a real one-page PDF.

The files are made on click on the server (lazy st.download_button data); the
test saves what the browser downloads, opens it with python-pptx and pypdf, and
follows the deck's link back to check it reopens the same view. Nothing may
leave the machine (the app_page guard).
"""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

from pptx import Presentation
from pypdf import PdfReader

from tests.browser.conftest import screenshot
from tools.browser_probe import dialogs, open_page, problems, wait_for_app, wait_until_settled

PAGE_PATH = "physician-density"
QUERY = "density.ai_gain_pct=35&region=East"
SIDEBAR = '[data-testid="stSidebar"]'


def _download(page, label: str, tmp_path) -> tuple[str, bytes]:
    button = page.locator(SIDEBAR).get_by_role("button", name=label, exact=True)
    button.wait_for(state="visible", timeout=30_000)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    wait_for_app(page)      # the click's rerun (it reports a failed file as an error)
    return download.suggested_filename, target.read_bytes()


def _links(deck) -> list[str]:
    return [run.hyperlink.address for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs if run.hyperlink.address]


def test_export_buttons_download_a_deck_and_a_one_page_pdf(app_page, tmp_path):
    open_page(app_page, PAGE_PATH, QUERY)
    wait_until_settled(app_page)

    name, data = _download(app_page, "Slides (PowerPoint)", tmp_path)
    assert name.endswith(".pptx") and data[:2] == b"PK"
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) >= 3
    title_slide = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Physician density" in title_slide and "region: East" in title_slide

    name, pdf = _download(app_page, "One-page PDF", tmp_path)
    assert name.endswith(".pdf") and pdf[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "Physician density" in reader.pages[0].extract_text()
    assert problems(app_page) == [] and dialogs(app_page) == []
    screenshot(app_page, "export-physician-density")

    # The deck's link reopens this view: same page, same parameters, on this server.
    link = _links(deck)[-1]
    parsed = urlparse(link)
    assert link.startswith(f"{app_page.base_url}/{PAGE_PATH}")
    assert parse_qs(parsed.query) == {"density.ai_gain_pct": ["35"], "region": ["East"]}
    app_page.goto(link)
    wait_until_settled(app_page)
    assert parse_qs(urlparse(app_page.url).query) == parse_qs(parsed.query)
    assert problems(app_page) == []


def test_the_map_page_downloads_a_deck_with_the_map_image(app_page, tmp_path):
    open_page(app_page, "province-map")
    wait_until_settled(app_page)
    name, data = _download(app_page, "Slides (PowerPoint)", tmp_path)
    assert name.endswith(".pptx")
    deck = Presentation(io.BytesIO(data))
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert pictures and all(p.image.content_type == "image/png" for p in pictures)
    assert problems(app_page) == []


def test_export_all_on_the_overview_downloads_one_deck_of_every_page(app_page, tmp_path):
    open_page(app_page, "", "region=East")
    wait_until_settled(app_page)
    name, data = _download(app_page, "Export all pages (PowerPoint)", tmp_path)
    assert name.startswith("briefing-all-pages") and name.endswith(".pptx")
    deck = Presentation(io.BytesIO(data))
    kickers = [s.text_frame.text for slide in list(deck.slides)[1:-1] for s in slide.shapes
               if s.has_text_frame and s.top < 400_000]      # the line above each slide's title
    assert any(k.startswith("Physician density") for k in kickers)
    assert any(k.startswith("Province map") for k in kickers)
    assert "region: East" in "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert problems(app_page) == []


def test_barriers_strategy_downloads_its_table_and_the_ranked_entry_paths(app_page, tmp_path):
    """Its slides: the barrier -> strategy table under the current filters and, with the finder's answers in the
    link, the ranked entry paths; the one-page PDF has both too."""
    from components.data import data_layer
    from components.domain import strategy

    cleared = strategy.QUESTION_BY_ID["cleared"]
    query = f"region=East&strategy.tab=Entry-path+finder&strategy.cleared={cleared.label_for('yes')}"
    open_page(app_page, "barriers-strategy", query)
    wait_until_settled(app_page)
    barriers = list(data_layer.table("barriers")["name"])
    lecheng = data_layer.table("fast_track_channels").set_index("channel_id").loc["hainan_boao_lecheng", "name"]

    name, data = _download(app_page, "Slides (PowerPoint)", tmp_path)
    assert name.endswith(".pptx")
    deck = Presentation(io.BytesIO(data))
    texts = ["\n".join(cell.text for shape in slide.shapes if shape.has_table
                       for row in shape.table.rows for cell in row.cells) for slide in deck.slides]
    titles = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    assert "Barriers & strategy" in titles[0] and "region: East" in titles[0]
    barrier_slides = [t for t in texts if any(b in t for b in barriers)]
    assert barrier_slides and all(any(b in t for t in barrier_slides) for b in barriers)
    route_slides = [i for i, t in enumerate(texts) if lecheng in t]
    assert route_slides, "no slide ranks the entry paths for the finder's answers"
    assert any("Entry-path finder" in titles[i] for i in route_slides)

    name, pdf = _download(app_page, "One-page PDF", tmp_path)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert name.endswith(".pdf") and "Barriers" in text
    assert problems(app_page) == [] and dialogs(app_page) == []
