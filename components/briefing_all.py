"""Child process of "Export all": run every page headless and print each page's key chart as JSON.

Why a child process: a page's charts exist only while its script runs, and
Streamlit's headless runner (streamlit.testing's AppTest) replaces the
runtime singleton of the process it runs in, so it must never run inside the
server. Here it runs app.py once per page with the global filters read from
stdin (JSON {key: [values]}), reads what each page registered for the export
(layout.chart_block / export_ui.register_map) and prints, per page, its first
item: the chart as a Vega-Lite spec (or the map's rows), the rows shown,
headline numbers, source ids and note.

    echo '{"region": ["East"]}' | python -m components.briefing_all
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
MAP_PAGE = "province-map"


def app_pages(app: Path = APP) -> list[dict]:
    """The pages app.py declares, in order, read from its st.Page(...) calls."""
    pages = []
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page":
            kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            if node.args and isinstance(node.args[0], ast.Constant):
                script = node.args[0].value
                pages.append({"script": script, "title": kw.get("title", Path(script).stem),
                              "url_path": "" if kw.get("default") else kw.get("url_path", Path(script).stem),
                              "default": bool(kw.get("default"))})
    return pages


def _records(frame) -> list[dict] | None:
    if not isinstance(frame, pd.DataFrame):
        return None
    return json.loads(frame.to_json(orient="records", date_format="iso", default_handler=str))


def _portable(item: dict) -> dict:
    """A registry item as JSON: the Altair chart as its spec, frames as records."""
    out = {k: item.get(k) for k in ("kind", "key", "title", "source_ids", "numbers", "note")}
    out["data"] = _records(item.get("data"))
    if item.get("chart") is not None:
        out["chart"] = item["chart"].to_dict(validate=False) if hasattr(item["chart"], "to_dict") else item["chart"]
    if item.get("kind") == "map":
        out["map"] = {k: _records(v) if isinstance(v, pd.DataFrame) else v for k, v in item["map"].items()}
    return out


DRAWS_CHARTS = ("chart_block(", "register_map(", "pydeck_chart(")


def draws_charts(script: str) -> bool:
    """Whether a page's script can register anything for the export (read, not run: pages without
    charts are skipped, which saves a run each)."""
    try:
        source = (ROOT / script).read_text(encoding="utf-8")
    except OSError:
        return False
    return any(call in source for call in DRAWS_CHARTS)


def key_items(query: dict[str, list[str]]) -> list[dict]:
    """[{title, url_path, item}] for every page that registered a chart, in navigation order.

    One headless session walks the pages (as a viewer clicking through the
    navigation would), starting from the given global filters.
    """
    from streamlit.testing.v1 import AppTest

    from components import data_layer, export_ui, layout

    regions = tuple(query.get("region", []))
    segments = data_layer.table("segments")
    segment_ids = tuple(segments.loc[segments["name"].isin(query.get("segment", [])), "segment_id"])
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, values in query.items():
        at.query_params[key] = values
    at.run()
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
            out.append({"title": page["title"], "url_path": page["url_path"], "item": _portable(items[0])})
    return out


def main() -> int:
    query = json.loads(sys.stdin.read() or "{}")
    if not isinstance(query, dict):
        print("expected a JSON object of URL parameters on stdin", file=sys.stderr)
        return 2
    query = {str(k): [str(v) for v in (vals if isinstance(vals, list) else [vals])] for k, vals in query.items()}
    json.dump({"pages": key_items(query)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
