"""Presentation mode is a slide deck: each slide page fits one shared screen, with no scrolling.

For every slide page of the registry, opened with `present=1` in a fresh browser
context at 1280×720 (a laptop sharing its screen) and at 1920×1080: the page
title, its one-sentence finding, the key visual (the block marked
`st.container(key="key-visual")`, class `st-key-key-visual`: the chart, map,
cards or table that carries the finding) and that visual's source line are
entirely inside the viewport, with the page scrolled to the top. Everything
else may follow below. Boxes are read once every chart is painted, so a map or
chart that grows after its first draw is measured at its final size.
"""
from __future__ import annotations

import pytest

from components import pages
from tests.browser.conftest import screenshot
from tools.browser_probe import guard_offline, problems, wait_for_app, wait_until_settled

SIZES = [(1280, 720), (1920, 1080)]
SLIDES = [p for p in pages.PAGES if p.slide]
KEY_VISUAL = ".st-key-key-visual"

# The boxes of what a slide must show, and whether the page has been scrolled. A source line is a caption
# inside the key visual that starts with "Source" (来源 in Chinese).
BOXES_JS = """(keyVisual) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  // What is drawn: the union of the block's visible parts (a hidden element, such as a download button in
  // presentation mode, leaves an empty box and a gap at the end of the block that no one sees).
  const drawn = (el) => {
    const parts = [...el.querySelectorAll('*')].filter(e => e.children.length === 0 || e.tagName === 'CANVAS')
      .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    if (!parts.length) return box(el);
    return {top: Math.min(...parts.map(r => r.top)), bottom: Math.max(...parts.map(r => r.bottom)),
            left: Math.min(...parts.map(r => r.left)), right: Math.max(...parts.map(r => r.right))};
  };
  const visual = document.querySelector(keyVisual);
  // The source line's text (its paragraph), not the caption block's bottom padding.
  const sources = visual ? [...visual.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .filter(el => /^(Sources?:|来源：)/.test(el.innerText.trim())).map(el => el.querySelector('p') || el) : [];
  return {
    viewport: {width: window.innerWidth, height: window.innerHeight},
    scrolled: (main ? main.scrollTop : 0) + window.scrollY,
    title: box(main && main.querySelector('h1')),
    finding: box(main && main.querySelector('.hcai-finding')),
    visual: visual && drawn(visual),
    visuals: document.querySelectorAll(keyVisual).length,
    source: box(sources[sources.length - 1]),
  };
}"""


def outside(box: dict | None, viewport: dict) -> str | None:
    """Why `box` is not entirely inside the viewport (None when it is)."""
    if box is None:
        return "not on the page"
    if box["top"] < -0.5 or box["left"] < -0.5:
        return f"starts above or left of the screen ({box['top']:.0f}, {box['left']:.0f})"
    if box["bottom"] > viewport["height"] + 0.5:
        return f"ends {box['bottom'] - viewport['height']:.0f} px below the bottom of the screen"
    if box["right"] > viewport["width"] + 0.5:
        return f"ends {box['right'] - viewport['width']:.0f} px right of the screen"
    return None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("spec", SLIDES, ids=[p.stem for p in SLIDES])
def test_each_slide_fits_one_screen(browser, app_server, spec, size, lang):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        external = guard_offline(page, app_server)
        page.goto(f"{app_server}/{spec.url_path}?present=1" + ("&lang=zh" if lang == "zh" else ""))
        wait_for_app(page)
        wait_until_settled(page, path=spec.url_path)
        page.wait_for_selector(KEY_VISUAL, timeout=30_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        boxes = page.evaluate(BOXES_JS, KEY_VISUAL)
        screenshot(page, f"slide-{spec.stem}-{width}x{height}-{lang}", full=False)
        assert problems(page) == [] and not external
        assert boxes["visuals"] == 1, f"{spec.title}: {boxes['visuals']} blocks marked key-visual, expected one"
        assert boxes["scrolled"] == 0, f"{spec.title}: the page opened scrolled by {boxes['scrolled']} px"
        misses = {name: why for name in ("title", "finding", "visual", "source")
                  if (why := outside(boxes[name], boxes["viewport"]))}
        assert not misses, f"{spec.title} at {width}×{height}, not entirely on screen: {misses}"
    finally:
        context.close()
