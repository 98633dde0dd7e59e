"""Barriers & strategy: the ranking rules (pure) and the page through app.py.

Expected values are read from the data layer (entry_rules.csv, vertical_barriers.csv,
the barriers/verticals/entry-mode/channel tables), never typed in here.
"""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components.data import data_layer
from components.domain import strategy
from components.data.schemas import ENTRY_RULE_QUESTIONS
from tests.conftest import APP, PAGES


# --- fixtures and helpers ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def data() -> dict:
    names = ("barriers", "verticals", "entry_modes", "fast_track_channels", "entry_rules", "vertical_barriers",
             "companies", "provinces", "places")
    return {name: data_layer.table(name) for name in names}


@pytest.fixture(scope="module")
def options(data):
    return strategy.entry_options(data["entry_modes"], data["fast_track_channels"])


def _vertical(data, vertical_id: str) -> dict:
    return data["verticals"].set_index("vertical_id").loc[vertical_id].to_dict() | {"vertical_id": vertical_id}


def _option_name(data, option_id: str) -> str:
    modes = dict(zip(data["entry_modes"]["mode_id"], data["entry_modes"]["name"]))
    channels = dict(zip(data["fast_track_channels"]["channel_id"], data["fast_track_channels"]["name"]))
    return {**modes, **channels}[option_id]


def _label(qid: str, code: str) -> str:
    return strategy.QUESTION_BY_ID[qid].label_for(code)


def open_strategy(query: dict | None = None) -> AppTest:
    """The page through app.py with URL parameters.

    The parameters are set after the first (default-page) run: app.py drops keys the
    page it runs does not claim, so page keys set before it would never reach this page.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(PAGES["barriers_strategy"]).run()
    assert not at.exception, at.exception
    return at


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def tab_text(at: AppTest, index: int) -> str:
    tab = at.tabs[index]
    parts = [m.value for m in tab.markdown] + [c.value for c in tab.caption] + [s.value for s in tab.subheader]
    parts += [a.value for kind in ("info", "success", "warning") for a in getattr(tab, kind)]
    return _unescape("\n".join(parts))


def shortlist_names(at: AppTest) -> list[str]:
    """The finder's ranked cards, in order ("### 1. Name")."""
    found = [re.match(r"^### (\d+)\. (.+)$", m.value) for m in at.tabs[1].markdown]
    return [_unescape(m.group(2)) for m in found if m]


def heading_names(at: AppTest, index: int = 0) -> list[str]:
    """Card headings ("#### Name") in a tab: barrier cards and vertical cards."""
    return [_unescape(m.value[5:]) for m in at.tabs[index].markdown if m.value.startswith("#### ")]


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


# --- the rules table and the questions --------------------------------------------------------

def test_every_rule_can_fire(data):
    assert strategy.rule_problems(data["entry_rules"], list(data["verticals"]["vertical_id"])) == []
    assert set(ENTRY_RULE_QUESTIONS) == {"vertical"} | set(strategy.QUESTION_BY_ID)
    for question in strategy.QUESTIONS:  # every answer is a distinct, short URL value
        assert len(set(question.labels)) == len(question.labels)
        assert all(len(label) <= 40 for label in question.labels)


def test_every_link_and_rule_carries_its_source(data):
    for name in ("entry_rules", "vertical_barriers"):
        frame = data[name]
        assert (frame["source_id"] == "china-briefing-2").all(), name
        assert (frame["quote"].str.len() > 20).all() and (frame["reason"].str.len() > 10).all(), name
    # every vertical is linked to at least one barrier, so choosing any vertical highlights something
    assert set(data["vertical_barriers"]["vertical_id"]) == set(data["verticals"]["vertical_id"])


def test_rule_problems_catch_a_rule_that_could_never_fire(data):
    rules = data["entry_rules"].copy()
    rules.loc[0, "answer"] = "perhaps"
    rules.loc[1, "mode_id"] = data["entry_modes"]["mode_id"].iloc[0]  # now both mode_id and channel_id
    problems = strategy.rule_problems(rules, list(data["verticals"]["vertical_id"]))
    assert any("row 2" in p and "perhaps" in p for p in problems)
    assert any("row 3" in p and "exactly one" in p for p in problems)


# --- the ranking --------------------------------------------------------------------------------

def test_score_is_the_sum_of_the_fired_weights(data, options):
    answers = {"vertical": "imaging_diagnostics", "cleared": "yes", "control": "shared", "speed": "fast"}
    shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options, answers)
    rules = data["entry_rules"]
    for rec in shortlist:
        mine = rules[((rules["mode_id"] == rec.option_id) | (rules["channel_id"] == rec.option_id))
                     & rules.apply(lambda r: answers.get(r["question"]) == r["answer"], axis=1)]
        assert rec.score == int(mine["weight"].sum()) > 0
        assert {r.rule_id for r in rec.reasons} == set(mine["rule_id"])
    assert [r.score for r in shortlist] == sorted((r.score for r in shortlist), reverse=True)


def test_fda_cleared_imaging_puts_hainan_first_and_cites_the_10_day_fact(data, options):
    channel = data["fast_track_channels"].set_index("channel_id").loc["hainan_boao_lecheng"]
    days = re.search(r"\d+ working days", channel["timeline"]).group(0)
    shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options,
                                             {"vertical": "imaging_diagnostics", "cleared": "yes"})
    assert shortlist[0].option_id == "hainan_boao_lecheng"
    assert any(days in r.quote for r in shortlist[0].reasons_for)


def test_not_cleared_rules_hainan_out_even_when_speed_matters(data, options):
    shortlist, ruled_out = strategy.rank_entry_paths(data["entry_rules"], options, {"cleared": "no", "speed": "fast"})
    assert "hainan_boao_lecheng" not in [r.option_id for r in shortlist]
    assert "hainan_boao_lecheng" in [r.option_id for r in ruled_out]


def test_hong_kong_approval_brings_in_the_greater_bay_area(data, options):
    for answer in ("approved", "hk_base"):
        shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options, {"hk_macao": answer})
        assert "greater_bay_area" in [r.option_id for r in shortlist]
    shortlist, ruled_out = strategy.rank_entry_paths(data["entry_rules"], options, {"hk_macao": "neither"})
    assert shortlist == [] and [r.option_id for r in ruled_out] == ["greater_bay_area"]


def test_digital_tcm_leads_to_a_free_trade_zone_joint_venture(data, options):
    shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options, {"vertical": "digital_tcm"})
    assert shortlist[0].option_id == "joint_venture"
    assert any("FTZ" in r.quote and "joint venture" in r.quote for r in shortlist[0].reasons_for)


def test_low_appetite_for_control_and_capital_puts_licensing_first(data, options):
    shortlist, ruled_out = strategy.rank_entry_paths(data["entry_rules"], options, {"control": "low", "capital": "low"})
    assert shortlist[0].option_id == "licensing"
    assert "joint_venture" in [r.option_id for r in ruled_out]


def test_no_answer_gives_no_short_list(data, options):
    assert strategy.rank_entry_paths(data["entry_rules"], options, {"vertical": None}) == ([], [])
    assert strategy.headline([]) == ""


def test_shortlist_table_and_headline(data, options):
    shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options, {"control": "low", "hk_macao": "approved"})
    table = strategy.shortlist_table(shortlist)
    assert list(table["rank"].unique()) == list(range(1, len(shortlist) + 1))
    assert table["quote"].str.len().min() > 20
    headline = strategy.headline(shortlist)
    assert headline.startswith(f"Start with {shortlist[0].name}") and shortlist[1].name in headline


# --- linked exploration (pure) ------------------------------------------------------------------

def test_a_vertical_puts_its_hardest_barriers_first(data):
    links = data["vertical_barriers"]
    for vertical_id in data["verticals"]["vertical_id"]:
        view = strategy.barriers_in_view(data["barriers"], links, vertical_id, None)
        assert len(view) == len(data["barriers"])
        mine = links[links["vertical_id"] == vertical_id]
        n_linked = len(mine)
        assert set(view["barrier_id"].head(n_linked)) == set(mine["barrier_id"])
        strengths = list(view["strength"].head(n_linked))
        assert strengths == sorted(strengths, key=["high", "medium"].index)
        assert (view["strength"].iloc[n_linked:] == "").all()


def test_barrier_and_mode_filters_narrow_the_verticals(data):
    links, rules = data["vertical_barriers"], data["entry_rules"]
    for barrier_id in data["barriers"]["barrier_id"]:
        view = strategy.verticals_in_view(data["verticals"], links, rules, barrier_id=barrier_id)
        assert set(view["vertical_id"]) == set(links.loc[links["barrier_id"] == barrier_id, "vertical_id"])
    favoured = rules[(rules["question"] == "vertical") & (rules["mode_id"] == "licensing") & (rules["weight"] > 0)]
    view = strategy.verticals_in_view(data["verticals"], links, rules, option_id="licensing")
    assert set(view["vertical_id"]) == set(favoured["answer"]) and 0 < len(view) < len(data["verticals"])


def test_entry_mode_matrix_says_not_stated_where_the_source_is_silent(data):
    matrix = strategy.entry_mode_matrix(data["entry_modes"])
    assert list(matrix.columns) == list(data["entry_modes"]["name"])
    assert "Who handles approvals" in matrix.index and "Regulatory burden" in matrix.index
    speed = dict(zip(data["entry_modes"]["name"], data["entry_modes"]["speed"]))
    for name, value in speed.items():
        assert matrix.loc["Speed", name] == (value or strategy.NOT_STATED)


def test_region_narrows_entry_points_and_companies(data):
    regions = dict(zip(data["provinces"]["province_code"], data["provinces"]["region"]))
    points = strategy.entry_points(data["places"], data["provinces"], ("East",))
    assert len(points) == sum(1 for p in data["places"].to_dict("records")
                              if p["kind"] in strategy.ENTRY_POINT_KINDS and regions[p["province_code"]] == "East")
    assert strategy.entry_points(data["places"], data["provinces"], ("Northeast",)).empty
    companies = strategy.companies_in_view(data["companies"], data["provinces"], regions=("East",))
    assert len(companies) == sum(1 for c in data["companies"]["province_code"] if c and regions[c] == "East")


# --- the page through app.py ----------------------------------------------------------------------

def test_page_shows_every_barrier_vertical_mode_and_channel(data):
    at = open_strategy()
    explorer = tab_text(at, 0)
    headings = heading_names(at)
    assert set(data["barriers"]["name"]) <= set(headings)
    assert set(data["verticals"]["name"]) <= set(headings)
    assert set(data["fast_track_channels"]["name"]) <= set(headings)
    matrix = at.tabs[0].table[0].value
    assert set(data["entry_modes"]["name"]) <= set(matrix.columns)
    for row in data["barriers"].to_dict("records"):
        assert row["example_company"] in explorer and row["strategy"] in explorer
    downloads = {b.key for b in at.download_button}
    assert {"strategy.barriers.csv", "strategy.verticals.csv", "strategy.entry_modes.csv", "strategy.channels.csv",
            "strategy.places.csv", "strategy.policies.csv", "strategy.companies.csv"} <= downloads


def test_choosing_a_vertical_highlights_its_barriers_routes_and_companies(data):
    vertical = _vertical(data, "imaging_diagnostics")
    at = open_strategy()
    at.selectbox(key="strategy.vertical").set_value(vertical["name"]).run()
    assert not at.exception
    headings = heading_names(at)
    assert vertical["name"] in headings
    assert not (set(data["verticals"]["name"]) - {vertical["name"]}) & set(headings)
    explorer = tab_text(at, 0)
    for link in data["vertical_barriers"].query("vertical_id == @vertical['vertical_id']").to_dict("records"):
        assert link["reason"] in explorer
    for rule in data["entry_rules"].query("question == 'vertical' and answer == @vertical['vertical_id'] "
                                          "and weight > 0").to_dict("records"):
        assert rule["reason"] in explorer
    companies = at.tabs[0].table[-1].value
    expected = data["companies"][data["companies"]["segment_ids"].str.split(";").map(
        lambda ids: vertical["segment_id"] in ids)]
    assert sorted(companies.index) == sorted(expected["name"])


def test_barrier_filter_shows_one_barrier(data):
    chosen = data["barriers"].iloc[1]
    at = open_strategy({"strategy.barrier": chosen["name"]})
    headings = heading_names(at)
    assert chosen["name"] in headings
    assert not (set(data["barriers"]["name"]) - {chosen["name"]}) & set(headings)
    bitten = data["vertical_barriers"].query("barrier_id == @chosen['barrier_id']")["vertical_id"]
    names = set(data["verticals"].set_index("vertical_id").loc[list(bitten), "name"])
    assert names == set(headings) & set(data["verticals"]["name"])


def test_mode_filter_highlights_one_route_and_narrows_verticals(data):
    name = _option_name(data, "licensing")
    at = open_strategy({"strategy.mode": name})
    rules = data["entry_rules"]
    favoured = rules.query("question == 'vertical' and mode_id == 'licensing' and weight > 0")["answer"]
    expected = set(data["verticals"].set_index("vertical_id").loc[list(favoured), "name"])
    assert set(heading_names(at)) & set(data["verticals"]["name"]) == expected


def test_region_filter_narrows_places_and_companies(data):
    regions = dict(zip(data["provinces"]["province_code"], data["provinces"]["region"]))
    at = open_strategy()
    at.multiselect(key="region").set_value(["Northeast"]).run()
    assert any("No entry points in the selected region" in i.value for i in at.tabs[0].info)
    at.multiselect(key="region").set_value(["East"]).run()
    companies = at.tabs[0].table[-1].value
    assert len(companies) == sum(1 for c in data["companies"]["province_code"] if c and regions[c] == "East")
    assert len(companies) < len(data["companies"])


@pytest.mark.parametrize("case", ["fda_imaging", "hong_kong", "digital_tcm", "low_control_capital"])
def test_finder_gives_source_backed_answers_from_a_shared_link(data, case):
    imaging, tcm = _vertical(data, "imaging_diagnostics"), _vertical(data, "digital_tcm")
    query = {"strategy.tab": "Entry-path finder"}
    query |= {
        "fda_imaging": {"strategy.vertical": imaging["name"], "strategy.cleared": _label("cleared", "yes")},
        "hong_kong": {"strategy.hk_macao": _label("hk_macao", "approved")},
        "digital_tcm": {"strategy.vertical": tcm["name"]},
        "low_control_capital": {"strategy.control": _label("control", "low"),
                                "strategy.capital": _label("capital", "low")},
    }[case]
    at = open_strategy(query)
    assert not at.warning, warnings(at)
    ranked = shortlist_names(at)
    finder = tab_text(at, 1)
    if case == "fda_imaging":
        timeline = data["fast_track_channels"].set_index("channel_id").loc["hainan_boao_lecheng", "timeline"]
        assert ranked[0] == _option_name(data, "hainan_boao_lecheng")
        assert re.search(r"\d+ working days", timeline).group(0) in finder
    elif case == "hong_kong":
        assert _option_name(data, "greater_bay_area") in ranked
    elif case == "digital_tcm":
        assert ranked[0] == _option_name(data, "joint_venture")
        assert "FTZ-based joint venture" in finder and tcm["restrictions"] in finder
    else:
        assert ranked[0] == _option_name(data, "licensing")
    assert f"Start with {ranked[0]}" in finder
    assert "China Briefing" in finder  # every reason names its source


def test_finder_responds_to_answers(data):
    at = open_strategy({"strategy.tab": "Entry-path finder"})
    assert shortlist_names(at) == []
    at.segmented_control(key="strategy.control").set_value(_label("control", "full")).run()
    assert shortlist_names(at)[0] == _option_name(data, "wfoe")
    at.segmented_control(key="strategy.control").set_value(_label("control", "shared")).run()
    assert shortlist_names(at)[0] == _option_name(data, "joint_venture")


@pytest.mark.parametrize("key,value", [
    ("strategy.vertical", "<script>alert(1)</script>"),
    ("strategy.cleared", "Maybe"),
    ("strategy.control", "x" * 5000),
    ("strategy.tab", "Bogus tab"),
    ("strategy.barrier", "$\\LaTeX$ [link](http://evil.example)"),
    ("strategy.mode", "Franchise"),
])
def test_invalid_url_values_give_a_notice(key, value):
    at = open_strategy({key: value})
    text = warnings(at)
    assert "Ignored" in text and key in text
    assert "<script>" not in text and "evil.example" not in text and "xxxxxxxx" not in text


def test_a_broken_rules_file_stops_only_this_page(data_copy):
    path = data_copy / "entry_rules.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",licensing,,", ",licencing,,", 1), encoding="utf-8")
    at = open_strategy()
    message = " ".join(e.value for e in at.error)
    assert "entry\\_rules.csv" in message and "mode\\_id" in message and "licencing" in message
    other = AppTest.from_file(APP, default_timeout=60)
    other.run()
    other.switch_page(PAGES["physician_density"]).run()
    assert not other.exception and not other.error


def test_a_rule_with_an_unknown_answer_is_reported_not_silently_dropped(data_copy):
    path = data_copy / "entry_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("control-low-licensing,"))
    lines[row] = lines[row].replace("control,low,", "control,lo,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    at = open_strategy()
    text = warnings(at)
    assert "This rule is ignored" in text and f"row {row + 1}" in text


# --- the view model and its slides (pure: no server) -------------------------------------------

@pytest.fixture(scope="module")
def view_tables():
    from components.ui import view_runner
    from components.views import barriers_strategy

    return view_runner.tables(barriers_strategy)


def _view(view_tables, global_filters=None, **settings):
    from components.views import barriers_strategy
    from components.views.base import GlobalFilters

    return barriers_strategy.build(view_tables, global_filters or GlobalFilters(), barriers_strategy.Settings(**settings))


def test_view_model_follows_the_filters(data, view_tables):
    from components.views import barriers_strategy
    from components.views.base import GlobalFilters

    imaging = _vertical(data, "imaging_diagnostics")
    segment = GlobalFilters(segment_ids=(imaging["segment_id"],), segment_names=("Medical imaging",))
    assert barriers_strategy.inputs(view_tables, segment).verticals == (imaging["name"],)
    everything, narrowed = _view(view_tables), _view(view_tables, segment)
    assert len(narrowed.verticals) < len(everything.verticals)
    assert len(narrowed.company_table) < len(everything.company_table)
    chosen = data["barriers"].iloc[1]
    assert [c["name"] for c in _view(view_tables, barrier=chosen["name"]).barrier_cards] == [chosen["name"]]
    with_vertical = _view(view_tables, vertical=imaging["name"])
    assert with_vertical.glance.name == imaging["name"] and with_vertical.suggestion is not None
    assert {p[0] for p in with_vertical.plan} == set(data["barriers"].set_index("barrier_id").loc[
        list(data["vertical_barriers"].query("vertical_id == @imaging['vertical_id']")["barrier_id"]), "name"])
    # A vertical outside the segment filter is no choice at all.
    other = _vertical(data, "digital_tcm")
    assert _view(view_tables, segment, vertical=other["name"]).glance is None
    licensing = _option_name(data, "licensing")
    css = _view(view_tables, mode=licensing).matrix_css
    assert "font-weight: 600" in css[licensing].iloc[0] and "font-weight" not in css.drop(columns=licensing).iloc[0, 0]


def test_the_slide_is_the_barrier_strategy_table_under_a_segment_filter(data, view_tables):
    from components.views.base import GlobalFilters

    imaging = _vertical(data, "imaging_diagnostics")
    segment = GlobalFilters(segment_ids=(imaging["segment_id"],), segment_names=("Medical imaging",))
    view = _view(view_tables, segment)
    (slide,) = view.slides                       # no finder answer: the barrier table alone
    assert slide.key == "strategy.barriers" and "Medical imaging" in slide.heading
    rows = {row[0]: row for row in slide.rows}
    assert set(rows) == set(data["barriers"]["name"])
    tied = data["vertical_barriers"].query("vertical_id == @imaging['vertical_id']")
    names = data["barriers"].set_index("barrier_id")["name"]
    for barrier in data["barriers"].to_dict("records"):
        name, bites, strategy_text, source = rows[barrier["name"]]
        assert strategy_text == barrier["strategy"] and "China Briefing" in source
        # Only the verticals under the filter are named, and only where the source ties them.
        assert (imaging["name"] in bites) == (barrier["barrier_id"] in set(tied["barrier_id"]))
        assert _vertical(data, "digital_tcm")["name"] not in bites
    assert names[tied["barrier_id"].iloc[0]] in rows
    assert set(slide.source_ids) <= set(data["barriers"]["source_id"]) | set(tied["source_id"])
    # A vertical narrows the table to what bites it, with the source's reason.
    one = _view(view_tables, vertical=imaging["name"]).barrier_table
    for link in tied.to_dict("records"):
        assert any(link["reason"] in row[1] for row in one.rows)


def test_with_finder_answers_the_slides_add_the_ranked_entry_paths(data, view_tables, options):
    answers = (_label("cleared", "yes"), None, None, None, None)
    imaging = _vertical(data, "imaging_diagnostics")
    view = _view(view_tables, vertical=imaging["name"], answers=answers)
    barrier_slide, routes = view.slides
    shortlist, _ = strategy.rank_entry_paths(data["entry_rules"], options,
                                             {"vertical": imaging["vertical_id"], "cleared": "yes"})
    assert routes.heading == strategy.headline(shortlist)
    assert [row[1].split("\n")[0] for row in routes.rows[:len(shortlist)]] == [rec.name for rec in shortlist]
    for row, rec in zip(routes.rows, shortlist):
        for reason in rec.reasons_for:
            assert reason.text in row[3]            # every reason, with where it comes from
        assert "China Briefing" in row[4]
    assert set(routes.source_ids) == {r.source_id for rec in shortlist for r in rec.reasons}
    assert "Already cleared" in routes.subtitle and imaging["name"] in routes.subtitle
    assert len(_view(view_tables, vertical=imaging["name"]).slides) == 2   # the vertical is an answer too
    assert len(_view(view_tables).slides) == 1
