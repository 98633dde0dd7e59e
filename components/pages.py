"""The page registry: every page declared once (no Streamlit here).

app.py builds its st.Page objects from PAGES; presentation mode steps through
the slides; the overview's evidence links, the exports and the tests read the
same list. A page is identified everywhere by its `stem` (the file name in
pages/ and the prefix of its widget keys).
"""
from __future__ import annotations

from dataclasses import dataclass

from components.i18n import N_, _


@dataclass(frozen=True)
class PageSpec:
    stem: str              # pages/<stem>.py and the "<stem>." prefix of its view model
    title: str
    icon: str              # a ":material/…:" icon
    url_path: str          # stable part of the URL ("" for the default page)
    slide: bool            # a step of presentation mode, with a key chart
    exports: bool          # has slides for the briefing export
    key_chart: str = ""    # the chart key (`<page>.<chart>`) that leads its slide

    @property
    def script(self) -> str:
        return f"pages/{self.stem}.py"

    @property
    def label(self) -> str:
        """The title in the current language."""
        return _(self.title)

    @property
    def default(self) -> bool:
        return self.url_path == ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", N_("Overview"), ":material/dashboard:", "", slide=True, exports=False),
    PageSpec("market_size", N_("Market size"), ":material/trending_up:", "market-size", slide=True, exports=True,
             key_chart="market.sources_chart"),
    PageSpec("province_map", N_("Province map"), ":material/map:", "province-map", slide=True, exports=True,
             key_chart="map.deck"),
    PageSpec("physician_density", N_("Physician density"), ":material/stethoscope:", "physician-density", slide=True,
             exports=True, key_chart="density.headline"),
    PageSpec("barriers_strategy", N_("Barriers & strategy"), ":material/flag:", "barriers-strategy", slide=True,
             exports=True, key_chart="strategy.barriers"),
    PageSpec("sources_method", N_("Sources & method"), ":material/menu_book:", "sources-method", slide=False,
             exports=False),
)

BY_STEM = {page.stem: page for page in PAGES}
BY_URL_PATH = {page.url_path: page for page in PAGES}
SLIDES = tuple(page for page in PAGES if page.slide)


def page(stem: str) -> PageSpec:
    return BY_STEM[stem]


def title_of(stem: str) -> str:
    return _(BY_STEM[stem].title)
