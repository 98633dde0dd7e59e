"""The dashboard's pages as the browser tests and the benchmark visit them, from the page registry.

components/pages.py declares every page once (and imports no Streamlit), so
this only maps it to what a browser needs: the URL path and a slug. A browser
test checks this list against the navigation links the app really shows.
"""
from __future__ import annotations

from dataclasses import dataclass

from components import pages


@dataclass(frozen=True)
class AppPage:
    """One page as the browser reaches it."""

    title: str
    url_path: str  # "" for the default page, as Streamlit serves it
    script: str
    default: bool

    @property
    def slug(self) -> str:
        return (self.script.rsplit("/", 1)[-1].removesuffix(".py")).replace("_", "-")


def app_pages() -> list[AppPage]:
    """Every page of the registry, in navigation order."""
    return [AppPage(p.title, p.url_path, p.script, p.default) for p in pages.PAGES]
