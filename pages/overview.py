"""Overview: the headline figures (each with its source), the takeaways, and where sources disagree.

Layout only: components.views.overview computes every card, sentence and link
from the data rows; each card names its source beneath and shows the sentence
it came from on hover.
"""
import html

import streamlit as st

from components import pages
from components.i18n import _
from components.ui import filters, layout, markdown, presentation, view_runner
from components.views import overview as model

presenting = presentation.presenting()
view = view_runner.view_or_stop("overview", "build", filters.current(), model.Settings())
layout.page_header(view.title, view.finding)


def card(item: model.CardView, short: bool = False) -> None:
    """A metric card: the figure, one line of context, its source beneath, the quote on hover.

    `short`: the card names its sources only (the caveats are shown once under its row).
    """
    with st.container(border=True, height="stretch"):
        quotes = "\n\n".join(f"“{markdown.md(q)}”" for q in item.quotes)
        st.metric(markdown.md(item.label), item.value, help=_("In the source's words:\n\n{quotes}").format(quotes=quotes))
        if item.context:
            # Raw HTML (for the class): escape as HTML, not markdown; an HTML block is not parsed as markdown.
            st.markdown(f"<p class='hcai-card-context'>{html.escape(item.context)}</p>", unsafe_allow_html=True)
        st.caption(markdown.md(item.source_names if short else item.sources))


# Three cards a row: at 1280 px in presentation mode a fourth would squeeze the figures. The first row (the market's
# size, as each source gives it) carries the finding: it is the slide's key visual; presenting, the caveats on those
# sources follow it once instead of in every card.
rows = [view.cards[start:start + 3] for start in range(0, len(view.cards), 3)]
for number, row in enumerate(rows):
    with layout.key_visual() if number == 0 else st.container():
        for column, item in zip(st.columns(3), row):
            with column:
                card(item, short=presenting and number == 0)
        caveats = dict.fromkeys(item.caveat for item in row if item.caveat)
        if presenting and number == 0 and caveats:
            st.caption(markdown.md(" ".join(caveats)))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(_("What to take away"), anchor=False)
    for number, item in enumerate(view.takeaways, 1):
        st.markdown(f"**{number}.** {markdown.md(item.text)}")
        st.page_link(pages.page(item.page).script, label=_("Evidence: {link}").format(link=item.link_label),
                     icon=":material/arrow_forward:", query_params=dict(item.query) or None)
with right:
    with st.container(border=True):
        st.subheader(_("Where sources disagree"), anchor=False)
        for item in view.disagreements:
            st.markdown(f"**{markdown.md(item.topic)}.** {markdown.md(item.text)}")
        st.page_link(pages.page("sources_method").script, label=_("Every disagreement and how each page shows it"),
                     icon=":material/compare_arrows:", query_params={"sources.tab": "Disagreements"})
