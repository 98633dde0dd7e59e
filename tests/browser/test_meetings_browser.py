"""The dashboard as used in meetings, in a real browser: shared links, presentation mode, downloads, accessibility.

- A copied link (the "Copy link to this view" control, read back from the clipboard)
  opened in a fresh browser context shows the same view, on every page and after a page switch.
- Presentation mode hides the chrome and fits 1920x1080 and 1280x720 without sideways
  scrolling or clipped text; ← / → step through the pages and Esc exits.
- Hostile parameters never open a dialog or reach the page as markup.
- axe-core (bundled with axe-playwright-python, injected from disk: no network) finds no
  serious or critical violation on any page.
- A chart's "Download as PNG" and the dataset zip work offline.
"""
from __future__ import annotations

import io
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot
from tools.app_pages import app_pages
from tools.browser_probe import (dialogs, guard_offline, notices, open_page, problems, runs_done, set_multiselect,
                                 wait_for_app, wait_until_settled)

PAGES = app_pages()
SLIDES = [p for p in PAGES if p.url_path != "sources-method"]
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'

# Text that is cut off or pushed off screen, and sideways scrolling. Charts, maps and data grids draw
# on canvas and are left out; tooltips are not part of the layout.
CLIPPED_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (document.documentElement.scrollWidth > width + 1) out.push('the page scrolls sideways');
  if (main && main.scrollWidth > main.clientWidth + 1) out.push('the main area scrolls sideways');
  for (const el of (main ? main.querySelectorAll('*') : [])) {
    if (el.closest('[data-testid="stDataFrame"], [data-testid="stVegaLiteChart"], '
                   + '[data-testid="stDeckGlJsonChart"], [role="tooltip"]')) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const text = el.textContent.trim().slice(0, 70);
    if (box.right > width + 1 || box.left < -1) out.push('off screen: ' + text);
    const style = getComputedStyle(el);
    const hides = style.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(style.overflowX);
    if (hides && el.scrollWidth > el.clientWidth + 1) out.push('clipped: ' + text);
  }
  return out;
}"""


def _settle(page, path: str, after_runs: int = 0) -> None:
    """Settled on `path`. After an input, pass the runs counted before it (`runs_done`): until the
    input's rerun starts, the page still looks settled from the run before, and would pass."""
    wait_for_app(page)
    wait_until_settled(page, after_runs=after_runs, path=path)


def _main_text(page) -> str:
    return page.inner_text(MAIN)


def _copy_link(page) -> str:
    """Click "Copy link to this view" and read the clipboard back.

    The tab is brought to the front first, as the viewer's tab is: a test before may have opened another page,
    and Chromium's Clipboard API waits for focus.
    """
    page.bring_to_front()
    page.get_by_role("button", name="Copy link to this view").click()
    page.wait_for_function("() => document.querySelector('.hcai-copy-status').textContent.length > 0")
    assert page.inner_text(".hcai-copy-status").startswith("Link copied")
    return page.evaluate("() => navigator.clipboard.readText()")


@pytest.fixture
def share_page(app_page, app_server):
    app_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server)
    app_page.bring_to_front()    # a test before may have left another page in front; a viewer's tab has focus
    return app_page


@pytest.fixture
def fresh_context(browser, app_server):
    """Opens pages in a new browser context (no shared session), offline-guarded."""
    opened = []

    def open_fresh(url: str, viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900})
        page = context.new_page()
        external = guard_offline(page, app_server)
        opened.append((context, external))
        page.goto(url)
        return page

    yield open_fresh
    for context, external in opened:
        context.close()
        assert not external, f"requests left the machine: {external}"


@pytest.mark.parametrize("app_page_info", PAGES, ids=[p.slug for p in PAGES])
def test_a_copied_link_reopens_the_same_view(share_page, fresh_context, app_page_info):
    page = share_page
    open_page(page, app_page_info.url_path)
    _settle(page, app_page_info.url_path)
    before = runs_done(page)
    set_multiselect(page, "Region", "West")
    _settle(page, app_page_info.url_path, before)
    if app_page_info.url_path == "sources-method":
        before = runs_done(page)
        set_multiselect(page, "Topic", "regulation")
        _settle(page, app_page_info.url_path, before)
        before = runs_done(page)
        page.get_by_role("textbox", name="Search the figures and their sentences").fill("NMPA")
        page.keyboard.press("Enter")
        _settle(page, app_page_info.url_path, before)
    link = _copy_link(page)
    assert link == page.url
    query = parse_qs(urlparse(link).query)
    assert query.get("region") == ["West"]
    if app_page_info.url_path == "sources-method":
        assert query.get("sources.topic") == ["regulation"] and query.get("sources.q") == ["NMPA"]
    expected = _main_text(page)
    other = fresh_context(link)
    _settle(other, app_page_info.url_path)
    assert _main_text(other) == expected
    assert not dialogs(other) and not problems(other)


def test_a_link_copied_after_switching_pages_keeps_the_filters(share_page, fresh_context):
    page = share_page
    open_page(page, "")
    before = runs_done(page)
    set_multiselect(page, "Region", "East")
    _settle(page, "", before)
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Market size").click()
    _settle(page, "market-size")
    link = _copy_link(page)
    assert urlparse(link).path.strip("/") == "market-size" and parse_qs(urlparse(link).query)["region"] == ["East"]
    expected = _main_text(page)
    other = fresh_context(link)
    _settle(other, "market-size")
    assert _main_text(other) == expected


def test_the_clipping_check_can_see_clipped_text(app_page):
    """The presentation test relies on CLIPPED_JS; show it catches an ellipsis and a sideways scroll."""
    open_page(app_page, "sources-method")
    assert app_page.evaluate(CLIPPED_JS) == []
    app_page.evaluate("""() => {
      const el = document.createElement('p');
      el.textContent = 'A long label that does not fit in its box '.repeat(4);
      el.style.cssText = 'width: 120px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis';
      document.querySelector('[data-testid="stMainBlockContainer"]').prepend(el);
    }""")
    assert any(p.startswith("clipped: A long label") for p in app_page.evaluate(CLIPPED_JS))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_presentation_mode_fits_the_screen_and_steps_like_slides(fresh_context, app_server, size):
    width, height = size
    page = fresh_context(f"{app_server}/?present=1", {"width": width, "height": height})
    for index, slide in enumerate(SLIDES):
        _settle(page, slide.url_path)
        assert parse_qs(urlparse(page.url).query).get("present") == ["1"], page.url
        assert not page.locator(SIDEBAR).is_visible(), "the sidebar must be hidden"
        assert not page.locator('[data-testid="stHeader"]').is_visible(), "the header/toolbar must be hidden"
        assert page.get_by_role("button", name="Exit presentation").is_visible()
        assert page.evaluate(CLIPPED_JS) == [], f"{slide.title} at {width}x{height}"
        assert f"{index + 1} of {len(SLIDES)}" in page.inner_text(MAIN)
        assert not problems(page) and not dialogs(page)
        screenshot(page, f"present-{slide.slug}-{width}x{height}")
        if index + 1 < len(SLIDES):
            page.keyboard.press("ArrowRight")  # the Next button's shortcut
            page.wait_for_url(lambda url: urlparse(url).path.strip("/") == SLIDES[index + 1].url_path)
    page.keyboard.press("Escape")  # Exit presentation
    page.wait_for_function("() => !new URLSearchParams(location.search).has('present')")
    _settle(page, SLIDES[-1].url_path)
    assert page.locator(SIDEBAR).is_visible()
    assert page.get_by_role("button", name="Exit presentation").count() == 0


def test_presentation_mode_is_entered_from_the_sidebar(app_page):
    open_page(app_page, "physician-density")
    app_page.get_by_role("button", name="Presentation mode").click()
    app_page.wait_for_function("() => new URLSearchParams(location.search).get('present') === '1'")
    _settle(app_page, "physician-density")
    assert not app_page.locator(SIDEBAR).is_visible()
    before = runs_done(app_page)
    app_page.get_by_role("button", name="Exit presentation").click()
    _settle(app_page, "physician-density", before)
    assert app_page.locator(SIDEBAR).is_visible()


HOSTILE_QUERY = ("segment=%3Cscript%3Ealert(1)%3C%2Fscript%3E&region=" + "x" * 5000
                 + "&present=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&region=West&region=West"
                 + "&unknown=%24%5CLaTeX%24&sources.topic=%3Cscript%3Ealert(2)%3C%2Fscript%3E")


@pytest.mark.parametrize("app_page_info", PAGES, ids=[p.slug for p in PAGES])
def test_hostile_parameters_open_no_dialog_and_inject_nothing(app_page, app_page_info):
    open_page(app_page, app_page_info.url_path, HOSTILE_QUERY)
    _settle(app_page, app_page_info.url_path)
    assert dialogs(app_page) == []
    assert problems(app_page) == []
    assert any("Ignored" in n for n in notices(app_page))
    injected = app_page.evaluate("""() => ({
      scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(')).length,
      handlers: document.querySelectorAll('[onerror], img[src="x"]').length,
      text: document.body.innerText.includes('<script>') || document.body.innerText.includes('xxxxxxxxxx')})""")
    assert injected == {"scripts": 0, "handlers": 0, "text": False}
    assert not app_page.locator('[data-testid="stSidebar"]').is_hidden()  # a bad flag value does not present


def _serious(page) -> list[str]:
    results = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("app_page_info", PAGES, ids=[p.slug for p in PAGES])
def test_accessibility_scan_finds_nothing_serious(app_page, app_page_info):
    open_page(app_page, app_page_info.url_path)
    _settle(app_page, app_page_info.url_path)
    assert app_page.evaluate("() => typeof axe") == "undefined"  # injected by the scan, from the package
    assert _serious(app_page) == []
    open_page(app_page, app_page_info.url_path, "present=1")
    _settle(app_page, app_page_info.url_path)
    assert _serious(app_page) == []


def test_chart_image_export_works_offline(app_page):
    """Streamlit's chart toolbar 'Download as PNG' renders in the browser: no request leaves the machine."""
    open_page(app_page, "physician-density")
    _settle(app_page, "physician-density")
    chart = app_page.locator('[data-testid="stVegaLiteChart"]').first
    chart.hover()
    button = app_page.locator('[data-testid="stElementToolbar"] button[aria-label^="Download as PNG"]').first
    with app_page.expect_download() as info:
        button.click()
    data = open(info.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000


def test_dataset_zip_downloads_from_the_sources_page(app_page):
    open_page(app_page, "sources-method")
    _settle(app_page, "sources-method")
    with app_page.expect_download() as info:
        app_page.get_by_role("button", name="Download the whole dataset (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))
    names = {n.rsplit("/", 1)[-1] for n in archive.namelist()}
    assert {"README.md", "market_size.csv", "sources.csv", "columns.csv"} <= names


def test_a_chart_csv_is_written_on_click_with_the_rows_on_screen(app_page):
    """CSV downloads are made on click (deferred data); the file holds the filtered rows, Excel-readable."""
    open_page(app_page, "physician-density", "region=East")
    _settle(app_page, "physician-density")
    with app_page.expect_download(timeout=60_000) as info:
        app_page.locator(MAIN).get_by_role("button", name="Download CSV").first.click()
    raw = open(info.value.path(), "rb").read()
    assert info.value.suggested_filename.endswith(".csv")
    assert raw.startswith(b"\xef\xbb\xbf")                     # BOM: Excel opens Chinese text correctly
    text = raw.decode("utf-8-sig")
    assert "value_per_1000" in text.splitlines()[0] and "2.4" in text
    assert problems(app_page) == [] and dialogs(app_page) == []
