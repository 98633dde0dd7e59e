"""Hostile links and broken data files, in a real browser.

Hostile URLs: every page opened with unknown, malformed, overlong (10,000
characters), repeated and markup-bearing parameter values (`<script>`, an
`onerror` image, `$…$` LaTeX, a markdown link). Each load must show a URL
notice, no error, no dialog or alert, no uncaught JS error, none of the
payload in the page (no injected element, no KaTeX, no link, not even the
text: notices name keys, never values); unknown keys leave the address bar.
The URL keys tried are the global filters plus every key the pages and
components declare (read from their source), so new controls are covered.

Broken data: the real server started on a scratch copy of data/ with one file
corrupted (HCAI_DATA_DIR). The app starts; every page either shows a callout
naming the file and row or renders cleanly; the folder is byte-identical
afterwards. The full file x corruption matrix runs without a browser in
tests/test_robustness.py; here a few representative cases prove the same
holds end to end.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import tree_hash
from tests.test_robustness import corrupt
from tools.app_pages import app_pages
from tools.browser_probe import dialogs, guard_offline, notices, open_page, problems, wait_until_settled
from tools.live_server import ROOT, free_port, start_server, stop_server

PAGES = app_pages()
IDS = [p.slug for p in PAGES]
MARKER = "pwned"
MARKUP = (f'<script>window.__{MARKER}=1</script><img src=x onerror="window.__{MARKER}=1">'
          f'$\\text{{{MARKER}}}$ [{MARKER}](http://evil.example) **{MARKER}**')


def declared_url_keys() -> list[str]:
    """Every URL key the code declares: the global filters and each page's own controls."""
    keys = {"segment", "region", "present"}
    pattern = re.compile(r'(?:check_choices|read_choice|read_number|register)\(\s*"([a-z0-9_.\-]+)"')
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "components").glob("*.py")]:
        keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(keys)


def _q(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


KEYS = declared_url_keys()
HOSTILE = {
    "markup": _q([(k, MARKUP) for k in KEYS] + [(f"<b>{MARKER}</b>", MARKUP)]),
    "overlong": _q([("region", "x" * 10_000), ("segment", "y" * 10_000), ("z" * 10_000, "1")]),
    "repeated": _q([("region", "East"), ("region", "East"), ("region", "West"), ("present", "1"),
                    ("present", "1"), *[(k, MARKER) for k in KEYS for _ in range(3)]]),
    "malformed": "%ZZ=%E0%A4%A&&=&region&segment=%FF%FE&=x&%00=%00&" + quote("region[]") + "=East",
    "unknown": _q([("nosuchkey", "1"), ("utm_source", "mail"), ("region", "Atlantis"),
                   ("segment", "Nonexistent segment")]),
}
URL_NOTICE = re.compile(r"URL parameter|Ignored")


def _injected(page) -> dict:
    return page.evaluate(f"""() => ({{
        flag: window.__{MARKER} !== undefined,
        scripts: [...document.scripts].filter(s => s.textContent.includes('{MARKER}')).length,
        images: document.querySelectorAll('img[src="x"]').length,
        links: document.querySelectorAll('a[href*="evil.example"]').length,
        katex: [...document.querySelectorAll('.katex')].filter(k => k.textContent.includes('{MARKER}')).length,
        text: document.body.innerText.includes('{MARKER}'),
    }})""")


@pytest.mark.parametrize("variant", sorted(HOSTILE))
@pytest.mark.parametrize("app_def", PAGES, ids=IDS)
def test_hostile_url_gives_a_notice_and_injects_nothing(app_page, app_def, variant):
    open_page(app_page, app_def.url_path, query=HOSTILE[variant])
    wait_until_settled(app_page)
    where = f"{app_def.title} with {variant} URL"
    assert problems(app_page) == [], f"{where}: error shown"
    assert dialogs(app_page) == [], f"{where}: dialog or alert"
    assert app_page.js_errors == [], f"{where}: uncaught JS errors"
    assert any(URL_NOTICE.search(n) for n in notices(app_page)), f"{where}: no notice; got {notices(app_page)}"
    injected = _injected(app_page)
    assert not any(injected.values()), f"{where}: payload reached the page {injected}"
    # Unknown keys are dropped from the address bar (a declared key may keep a junk value: harmless, not shown).
    for fragment in ("%3Cb%3E", "<b>", "z" * 100, "nosuchkey", "utm_source"):
        assert fragment not in app_page.url, f"{where}: unknown key {fragment!r} left in the address bar"


BROKEN = [("places.csv", "text_in_number"), ("china_provinces.geojson", "deleted"),
          ("sources.csv", "wrong_encoding")]


@pytest.mark.parametrize("file,kind", BROKEN)
def test_broken_file_names_itself_and_other_pages_keep_working(page, tmp_path, file, kind):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    expected = corrupt(folder, file, kind)
    assert expected is not None
    real_before, copy_before = tree_hash(ROOT / "data"), tree_hash(folder)
    port = free_port()
    proc = start_server(port, env={"HCAI_DATA_DIR": str(folder)})
    try:
        external = guard_offline(page, f"http://127.0.0.1:{port}")
        named, clean = [], []
        for app_def in PAGES:
            open_page(page, app_def.url_path)
            wait_until_settled(page)
            assert dialogs(page) == [] and page.js_errors == [], app_def.title
            errors = problems(page)
            assert not page.query_selector('[data-testid="stException"]'), f"{app_def.title}: exception"
            if errors:
                text = " ".join(errors)
                assert file in text, f"{app_def.title}: an error not naming {file}: {text[:300]}"
                if expected.row is not None:
                    assert f"{file}, row {expected.row}" in text, f"{app_def.title}: no row in {text[:300]}"
                named.append(app_def.title)
            else:
                assert page.locator("h1").count() >= 1, f"{app_def.title}: neither callout nor content"
                clean.append(app_def.title)
        assert named, f"no page reported the broken {file}"
        assert not external, external
    finally:
        stop_server(proc)
    assert tree_hash(folder) == copy_before, "the app modified its data folder"
    assert tree_hash(ROOT / "data") == real_before, "data/ was modified"
    if file != "sources.csv":  # nearly every table cites sources.csv, so nearly every page needs it
        assert clean, f"every page failed because of {file}; the others should keep working"
