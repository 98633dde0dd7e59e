"""Overview view model: the headline cards, the takeaways and where the sources disagree. No Streamlit here.

Every number comes from components.domain.headlines, built from the data rows; each
card carries its sources' names, the sentences behind it and the caveat of any
source that names no publisher or date.
"""
from __future__ import annotations

from dataclasses import dataclass

from components.data import source_names
from components.domain import catalog, headlines, wording
from components.i18n import N_, _
from components.views.base import GlobalFilters, Tables

TABLES = ("market_size", "facts", "physician_density", "places", "fast_track_channels", "sources")
TITLE = N_("Healthcare AI in China")
FINDING = N_("A fast-growing, policy-driven market whose size depends on who measures it.")


@dataclass(frozen=True)
class Settings:
    """The overview has no controls of its own."""


@dataclass(frozen=True)
class CardView:
    label: str
    value: str
    context: str
    sources: str                   # "Source: …" line, with the source's caveat
    quotes: tuple[str, ...]        # shown on hover, in the source's words
    source_names: str = ""         # the same without the caveat (presenting: caveats once, under the row)
    caveat: str = ""


@dataclass(frozen=True)
class TakeawayView:
    text: str
    page: str                      # the page stem that shows the evidence
    link_label: str
    query: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DisagreementView:
    topic: str
    text: str


@dataclass(frozen=True)
class View:
    title: str
    finding: str
    cards: tuple[CardView, ...]
    takeaways: tuple[TakeawayView, ...]
    disagreements: tuple[DisagreementView, ...]

    @property
    def slides(self) -> tuple:
        return ()


def default_settings(tables: Tables, presentation: bool = False) -> Settings:
    return Settings()


def build(tables: Tables, filters: GlobalFilters, settings: Settings) -> View:
    market, facts, density = tables["market_size"], tables["facts"], tables["physician_density"]
    name_of = source_names.namer(tables["sources"])
    cards = headlines.with_caveats(headlines.market_cards(market, name_of)
                                   + headlines.adoption_cards(facts, density, name_of),
                                   headlines.reliability_notes(tables["sources"]))
    named = [_("Source: {sources}.").format(sources=wording.join([name_of(s) for s in c.source_ids], "; "))
             for c in cards]
    card_views = tuple(CardView(c.label, c.value, c.context, line + (f" {c.caveat}" if c.caveat else ""), c.quotes,
                                line, c.caveat or "") for c, line in zip(cards, named))
    takeaways = tuple(TakeawayView(t.text, t.page, t.link_label, tuple(t.query.items()))
                      for t in headlines.takeaways(market, facts, density, tables["places"],
                                                   tables["fast_track_channels"], name_of))
    disagreements = tuple(DisagreementView(d.topic, d.text)
                          for d in catalog.disagreements(market, density, facts, name_of) if d.conflict)
    return View(_(TITLE), _(FINDING), card_views, takeaways, disagreements)
