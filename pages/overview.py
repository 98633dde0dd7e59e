"""Overview: the headline figures (each with its source), the takeaways, and where sources disagree.

An executive decides here in a minute whether to read on. Every number comes
from components.headlines, built from the data rows; each card names its
source beneath and shows the sentence it came from on hover.
"""
import html

import streamlit as st

from components import catalog, headlines, layout, market, pages

market_rows, facts, density, places, channels, sources = layout.tables_or_stop(
    "market_size", "facts", "physician_density", "places", "fast_track_channels", "sources")
name_of = market.source_namer(sources, layout.short_source_name)

layout.page_header("Healthcare AI in China",
                   "A fast-growing, policy-driven market whose size depends on who measures it.")



def card(item: headlines.Card) -> None:
    """A metric card: the figure, one line of context, its source beneath, the quote on hover."""
    with st.container(border=True, height="stretch"):
        quotes = "\n\n".join(f"“{layout.md(q)}”" for q in item.quotes)
        st.metric(layout.md(item.label), item.value, help=f"In the source's words:\n\n{quotes}")
        if item.context:
            # Raw HTML (for the class): escape as HTML, not markdown; an HTML block is not parsed as markdown.
            st.markdown(f"<p class='hcai-card-context'>{html.escape(item.context)}</p>", unsafe_allow_html=True)
        caveat = f" {item.caveat}" if item.caveat else ""
        st.caption(layout.md("Source: " + "; ".join(name_of(s) for s in item.source_ids) + "." + caveat))


cards = headlines.with_caveats(headlines.market_cards(market_rows, name_of)
                               + headlines.adoption_cards(facts, density, name_of), headlines.reliability_notes(sources))
# Three cards a row: at 1280 px in presentation mode a fourth would squeeze the figures.
for start in range(0, len(cards), 3):
    row = st.columns(3)
    for column, item in zip(row, cards[start:start + 3]):
        with column:
            card(item)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("What to take away", anchor=False)
    for number, item in enumerate(headlines.takeaways(market_rows, facts, density, places, channels, name_of), 1):
        st.markdown(f"**{number}.** {layout.md(item.text)}")
        st.page_link(pages.page(item.page).script, label=f"Evidence: {item.link_label}", icon=":material/arrow_forward:",
                     query_params=item.query or None)
with right:
    with st.container(border=True):
        st.subheader("Where sources disagree", anchor=False)
        for item in catalog.disagreements(market_rows, density, facts, name_of):
            if item.conflict:
                st.markdown(f"**{layout.md(item.topic)}.** {layout.md(item.text)}")
        st.page_link(pages.page("sources_method").script, label="Every disagreement and how each page shows it",
                     icon=":material/compare_arrows:", query_params={"sources.tab": "Disagreements"})
