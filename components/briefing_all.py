""""Export all": run every page headless and build one deck with each page's key chart.

Why a child process: a page's charts exist only while its script runs, and
Streamlit's headless runner (streamlit.testing's AppTest) replaces the runtime
singleton of the process it runs in, so it must never run inside the server.
export_ui starts this module as a child; it walks the pages in one headless
session with the sidebar filters given on the command line, takes the first
chart each page registered for the export (layout.chart_block /
export_ui.register_map), and writes the .pptx to stdout. A problem goes to
stderr (last line = the message the viewer sees) with a non-zero exit.

    python -m components.briefing_all --region East --filters "region: East" > all.pptx
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
MAP_PAGE = "province-map"
DRAWS_CHARTS = ("chart_block(", "register_map(", "pydeck_chart(")


def _source(path: Path) -> str:
    # Source code of the app (not data/): read like tests/browser/conftest.app_pages does.
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def app_pages(app: Path = APP) -> list[dict]:
    """The pages app.py declares, in order, read from its st.Page(...) calls."""
    pages = []
    for node in ast.walk(ast.parse(_source(app))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page":
            kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            if node.args and isinstance(node.args[0], ast.Constant):
                script = node.args[0].value
                pages.append({"script": script, "title": kw.get("title", Path(script).stem),
                              "url_path": "" if kw.get("default") else kw.get("url_path", Path(script).stem),
                              "default": bool(kw.get("default"))})
    return pages


def draws_charts(script: str) -> bool:
    """Whether a page's script can register anything for the export (pages without charts are skipped)."""
    try:
        source = _source(ROOT / script)
    except OSError:
        return False
    return any(call in source for call in DRAWS_CHARTS)


def key_items(query: dict[str, list[str]]) -> list[tuple[str, dict]]:
    """(page title, first registered item) for every page that registered a chart, in navigation order.

    One headless session walks the pages, as a viewer clicking through the
    navigation would, starting from the given sidebar filters.
    """
    from streamlit.testing.v1 import AppTest

    from components import data_layer, export_ui, layout

    regions = tuple(query.get("region", []))
    segments = data_layer.table("segments")
    segment_ids = tuple(segments.loc[segments["name"].isin(query.get("segment", [])), "segment_id"])
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, values in query.items():
        at.query_params[key] = values
    at.run()    # the start page first: switching before any run would run a page without app.py's frame
    out = []
    for page in app_pages():
        if not draws_charts(page["script"]):
            continue
        if not page["default"]:
            at.switch_page(page["script"]).run()
        if at.exception:
            continue    # a page that fails headless is left out of the deck rather than failing it
        items = list(at.session_state[layout.EXPORT_REGISTRY_KEY]) \
            if layout.EXPORT_REGISTRY_KEY in at.session_state else []
        if page["url_path"] == MAP_PAGE and not any(i.get("kind") == "map" for i in items):
            items.insert(0, export_ui.default_map_item(regions, segment_ids))
        items = [i for i in items if i.get("chart") is not None or i.get("kind") == "map"]
        if items:
            out.append((page["title"], items[0]))
    return out


def all_pages_briefing(query: dict[str, list[str]], base_url: str | None, filters_text: str):
    """The Briefing of every page's key chart (each page at its default view, with these filters)."""
    from components import briefing, export_ui, filters

    lookup, slides = export_ui._lookup(), []
    for title, item in key_items(query):
        slides += export_ui.slides_from_items([item], lookup, export_ui._geojson, page_title=title)
    if not slides:
        raise briefing.BriefingError("no page registered a chart")
    params = {k: v for k, v in export_ui.view_params(query).items()
              if k in (filters.SEGMENT_KEY, filters.REGION_KEY)}
    return briefing.Briefing(
        dashboard=export_ui.DASHBOARD, page="All pages: the key chart of each", generated=export_ui.today(),
        data_as_of=export_ui._data_as_of(), filters=filters_text, link=export_ui.view_link(base_url, "", params),
        slides=tuple(slides), scope_note="Each page at its default view with these filters.",
        file_stem="briefing-all-pages")


def main(argv: list[str]) -> int:
    from components.briefing import BriefingError, build_pptx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segment", action="append", default=[], help="a segment name (repeatable)")
    parser.add_argument("--region", action="append", default=[], help="a region (repeatable)")
    parser.add_argument("--filters", default="all segments, all regions", help="the filters in words")
    parser.add_argument("--base-url", default=None, help="the dashboard's address, for the link back")
    args = parser.parse_args(argv)
    query = {k: v for k, v in (("segment", args.segment), ("region", args.region)) if v}
    try:
        deck = build_pptx(all_pages_briefing(query, args.base_url, args.filters))
    except BriefingError as err:
        print(err, file=sys.stderr)
        return 3
    sys.stdout.buffer.write(deck)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
