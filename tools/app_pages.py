"""The pages app.py declares, read from its `st.Page(...)` calls without importing or running it.

Why parse rather than import: importing app.py would run Streamlit. Shared by
the browser tests and the benchmark, which visit every page; a browser test
checks this list against the navigation links the app really shows.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class AppPage:
    """One page as app.py declares it."""

    title: str
    url_path: str  # "" for the default page, as Streamlit serves it
    script: str
    default: bool

    @property
    def slug(self) -> str:
        return (self.script.rsplit("/", 1)[-1].removesuffix(".py")).replace("_", "-")


def app_pages(app: Path = ROOT / "app.py") -> list[AppPage]:
    """The pages app.py declares, read from its `st.Page(...)` calls (no import, no Streamlit run)."""
    pages = []
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"):
            continue
        kw = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        script = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else ""
        default = bool(kw.get("default", False))
        stem = Path(script).stem
        pages.append(AppPage(kw.get("title", stem), "" if default else kw.get("url_path", stem), script, default))
    return pages
