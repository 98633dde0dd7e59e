"""Barriers & strategy logic: link verticals to barriers, and rank entry paths from the rules table.

Why a module of its own: the entry-path finder must be explainable and
editable by an analyst, so its rules live in data/entry_rules.csv and this
module only applies them: every answer fires the rules written for it, each
rule adds its weight to one entry mode or fast-track channel, and the reasons
travel with the result (with the source sentence), so nothing on screen is a
judgement hidden in code. No Streamlit here: the page draws, the tests check
the arithmetic.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import i18n
from components.domain import wording
from components.i18n import N_, _

# Values, not display texts: the data writes NOT_STATED, and option kinds are compared; show them with _().
NOT_STATED = N_("Not stated in the source")
MODE_KIND = N_("Entry mode")
CHANNEL_KIND = N_("Fast-track channel")


@dataclass(frozen=True)
class Question:
    """One finder question. `answers` pairs a rule code (entry_rules.csv) with the label on screen and in the URL.

    Prompts, help texts and labels are English constants marked N_(): show them with _(); the labels are
    also what a shared link carries, so they stay English as values.
    """

    qid: str
    prompt: str
    help: str
    answers: tuple[tuple[str, str], ...]

    @property
    def labels(self) -> list[str]:
        return [label for _code, label in self.answers]

    def code_for(self, label: str | None) -> str | None:
        return next((code for code, text in self.answers if text == label), None)

    def label_for(self, code: str) -> str:
        return next((text for c, text in self.answers if c == code), code)


# The vertical question takes its answers from verticals.csv; these five are fixed here because the
# page needs a label per code. Labels are short: they are what a shared link carries.
QUESTIONS: tuple[Question, ...] = (
    Question("cleared", N_("Already cleared by the US FDA, EU CE mark or Japan's PMDA?"),
             N_("The Hainan Boao Lecheng channel admits products cleared by one of these three regulators."),
             (("yes", N_("Yes")), ("no", N_("No")))),
    Question("hk_macao", N_("Approved in Hong Kong or Macao, or a Hong Kong base?"),
             N_("The Greater Bay Area channel is for products approved and used in Hong Kong or Macao public "
                "hospitals, and particularly benefits companies with a Hong Kong base."),
             (("approved", N_("Approved in HK/Macao")), ("hk_base", N_("Hong Kong base")), ("neither", N_("Neither")))),
    Question("control", N_("Appetite for shared control and risk"),
             N_("Low: stay detached, let a local partner run things. Shared: ready to share governance. "
                "Full: want to own and run the operation."),
             (("low", N_("Low")), ("shared", N_("Shared")), ("full", N_("Full control")))),
    Question("capital", N_("Capital you will commit"),
             N_("How much capital the company is prepared to put into China entry."),
             (("low", N_("Low")), ("moderate", N_("Moderate")), ("high", N_("High")))),
    Question("speed", N_("Time-to-market priority"),
             N_("Fast: in hospitals as soon as possible. Long-term: building a lasting presence matters more."),
             (("fast", N_("Fast")), ("balanced", N_("Balanced")), ("long_term", N_("Long-term presence")))),
)
QUESTION_BY_ID = {q.qid: q for q in QUESTIONS}


@dataclass(frozen=True)
class Reason:
    """One fired rule: why an option moved up (weight > 0) or down (weight < 0), with its source sentence."""

    rule_id: str
    question: str
    answer: str
    weight: int
    text: str
    source_id: str
    quote: str


@dataclass(frozen=True)
class Recommendation:
    option_id: str
    kind: str            # MODE_KIND or CHANNEL_KIND
    name: str            # the option's name in the data (English: a URL value)
    score: int
    reasons: tuple[Reason, ...]
    label: str = ""      # the name as shown, in the current language

    @property
    def shown(self) -> str:
        return self.label or self.name

    @property
    def reasons_for(self) -> list[Reason]:
        return sorted((r for r in self.reasons if r.weight > 0), key=lambda r: -r.weight)

    @property
    def reasons_against(self) -> list[Reason]:
        return sorted((r for r in self.reasons if r.weight < 0), key=lambda r: r.weight)


def entry_options(entry_modes: pd.DataFrame, channels: pd.DataFrame) -> pd.DataFrame:
    """Everything the finder can recommend: the entry modes, then the fast-track channels (file order)."""
    modes = pd.DataFrame({"option_id": entry_modes["mode_id"], "kind": MODE_KIND, "name": entry_modes["name"],
                          "label": [i18n.text(r, "name") for r in entry_modes.to_dict("records")]})
    chans = pd.DataFrame({"option_id": channels["channel_id"], "kind": CHANNEL_KIND, "name": channels["name"],
                          "label": [i18n.text(r, "name") for r in channels.to_dict("records")]})
    options = pd.concat([modes, chans], ignore_index=True)
    options["order"] = range(len(options))
    return options


def _rule_option(row: dict) -> str:
    return row["mode_id"] or row["channel_id"]


def rule_problems(rules: pd.DataFrame, vertical_ids: list[str]) -> list[str]:
    """Rules the finder cannot apply (shown on the page, so a typo never fails silently).

    The data layer already checks types and that every mode_id/channel_id exists;
    here: exactly one of mode_id/channel_id, and an answer that the question has.
    Rows are numbered as a spreadsheet shows them (header = row 1).
    """
    problems = []
    for index, row in enumerate(rules.to_dict("records")):
        where = _("entry_rules.csv, row {row}").format(row=index + 2)
        if bool(row["mode_id"]) == bool(row["channel_id"]):
            problems.append(_("{where}: fill exactly one of mode_id and channel_id").format(where=where))
        valid = vertical_ids if row["question"] == "vertical" else \
            [code for code, _label in QUESTION_BY_ID[row["question"]].answers]
        if row["answer"] not in valid:
            problems.append(_("{where}, column answer: '{answer}' is not an answer to '{question}' (expected one of: "
                              "{expected})").format(where=where, answer=row["answer"][:40], question=row["question"],
                                                    expected=", ".join(valid)))
    return problems


def fired_rules(rules: pd.DataFrame, answers: dict[str, str | None]) -> pd.DataFrame:
    """The rules whose (question, answer) matches an answer given; unanswered questions fire nothing."""
    given = {q: a for q, a in answers.items() if a}
    if not given:
        return rules.iloc[0:0]
    mask = rules.apply(lambda r: given.get(r["question"]) == r["answer"], axis=1)
    return rules[mask.astype(bool)]


def rank_entry_paths(rules: pd.DataFrame, options: pd.DataFrame,
                     answers: dict[str, str | None]) -> tuple[list[Recommendation], list[Recommendation]]:
    """(short list, ruled out) for these answers.

    Score = the sum of the weights of the fired rules for an option. The short
    list holds options scoring above zero, best first; ties go to the option
    with the single strongest reason, then to file order (entry modes first).
    "Ruled out" holds options that a fired rule counts against and that do not
    score above zero, so the page can say why they are missing.
    """
    fired = fired_rules(rules, answers)
    reasons: dict[str, list[Reason]] = {}
    for row in fired.to_dict("records"):
        option = _rule_option(row)
        if not option or (row["mode_id"] and row["channel_id"]):
            continue  # reported by rule_problems
        reasons.setdefault(option, []).append(Reason(
            row["rule_id"], row["question"], row["answer"], int(row["weight"]), str(i18n.text(row, "reason")),
            row["source_id"], row["quote"]))
    recs = []
    for opt in options.to_dict("records"):
        got = reasons.get(opt["option_id"], [])
        if got:
            recs.append((opt["order"], Recommendation(opt["option_id"], opt["kind"], opt["name"],
                                                      sum(r.weight for r in got), tuple(got),
                                                      str(opt.get("label") or opt["name"]))))
    shortlist = [rec for _order, rec in sorted(
        ((order, rec) for order, rec in recs if rec.score > 0),
        key=lambda pair: (-pair[1].score, -max(r.weight for r in pair[1].reasons), pair[0]))]
    ruled_out = [rec for _order, rec in recs if rec.score <= 0 and rec.reasons_against]
    return shortlist, ruled_out


def fit_label(score: int) -> str:
    """Words for a score, so the list reads without knowing the weights."""
    if score >= 5:
        return _("Strong fit")
    if score >= 3:
        return _("Good fit")
    return _("Possible fit")


def headline(shortlist: list[Recommendation]) -> str:
    """The answer in one sentence: where to start, and what else to weigh."""
    if not shortlist:
        return ""
    if len(shortlist) == 1:
        return _("Start with {first}.").format(first=shortlist[0].shown)
    return _("Start with {first}; also consider {others}.").format(
        first=shortlist[0].shown, others=wording.and_list(rec.shown for rec in shortlist[1:]))


def shortlist_table(shortlist: list[Recommendation]) -> pd.DataFrame:
    """The short list as a flat table (one row per reason) for the CSV download."""
    rows = []
    for rank, rec in enumerate(shortlist, start=1):
        for reason in rec.reasons_for + rec.reasons_against:
            rows.append({"rank": rank, "option": rec.shown, "kind": _(rec.kind), "score": rec.score,
                         "fit": fit_label(rec.score), "rule_id": reason.rule_id, "weight": reason.weight,
                         "reason": reason.text, "source_id": reason.source_id, "quote": reason.quote})
    return pd.DataFrame(rows, columns=["rank", "option", "kind", "score", "fit", "rule_id", "weight",
                                       "reason", "source_id", "quote"])


# --- Linked exploration -----------------------------------------------------------------------

_STRENGTH_ORDER = {"high": 0, "medium": 1}


def _shown_reasons(rules: pd.DataFrame) -> pd.Series:
    """The `reason` column as shown (its curated translation where there is one), keeping the text dtype."""
    return pd.Series([i18n.text(r, "reason") for r in rules.to_dict("records")], index=rules.index,
                     dtype=rules["reason"].dtype)


def barrier_links(links: pd.DataFrame, vertical_id: str | None) -> pd.DataFrame:
    """The barriers tied to a vertical, hardest first (empty when no vertical is chosen)."""
    chosen = links[links["vertical_id"] == vertical_id] if vertical_id else links.iloc[0:0]
    return chosen.sort_values("strength", key=lambda s: s.map(_STRENGTH_ORDER), kind="stable")


def barriers_in_view(barriers: pd.DataFrame, links: pd.DataFrame, vertical_id: str | None,
                     barrier_id: str | None) -> pd.DataFrame:
    """Barrier rows to show, with the link to the chosen vertical (`strength`, `link_reason`, `link_quote`).

    A barrier filter keeps one barrier; a vertical puts its linked barriers first,
    hardest first, and keeps the others after them (the source ties them less
    directly to this vertical, which the page says).
    """
    frame = barriers if not barrier_id else barriers[barriers["barrier_id"] == barrier_id]
    chosen = barrier_links(links, vertical_id)
    # The link's reason as shown (its curated translation where there is one); the quote stays verbatim.
    chosen = chosen.assign(reason=_shown_reasons(chosen))
    linked = chosen[["barrier_id", "strength", "reason", "quote"]].rename(
        columns={"reason": "link_reason", "quote": "link_quote"})
    out = frame.merge(linked, on="barrier_id", how="left")
    out[["strength", "link_reason", "link_quote"]] = out[["strength", "link_reason", "link_quote"]].fillna("")
    rank = out["strength"].map(_STRENGTH_ORDER).fillna(len(_STRENGTH_ORDER))
    return out.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def vertical_options(rules: pd.DataFrame, options: pd.DataFrame, vertical_id: str | None) -> pd.DataFrame:
    """Entry modes and channels the rules favour for a vertical, with the reason and the source sentence."""
    if not vertical_id:
        return pd.DataFrame(columns=["option_id", "kind", "name", "weight", "reason", "source_id", "quote"])
    chosen = rules[(rules["question"] == "vertical") & (rules["answer"] == vertical_id) & (rules["weight"] > 0)]
    chosen = chosen.assign(option_id=chosen.apply(_rule_option, axis=1) if len(chosen) else [])
    chosen = chosen.assign(reason=_shown_reasons(chosen))
    out = chosen.merge(options, on="option_id")
    if "label" in out.columns:  # the name as shown; `name` stays the data's (a URL value)
        out = out.assign(name=out["label"])
    return out.sort_values("weight", ascending=False, kind="stable")[
        ["option_id", "kind", "name", "weight", "reason", "source_id", "quote"]].reset_index(drop=True)


def verticals_in_view(verticals: pd.DataFrame, links: pd.DataFrame, rules: pd.DataFrame, *,
                      segment_ids: tuple[str, ...] = (), vertical_id: str | None = None,
                      barrier_id: str | None = None, option_id: str | None = None) -> pd.DataFrame:
    """Verticals passing every filter: the global segment filter, the chosen vertical, the barrier
    (verticals it bites) and the entry mode (verticals whose rules favour it)."""
    keep = pd.Series(True, index=verticals.index)
    if segment_ids:
        keep &= verticals["segment_id"].isin(segment_ids)
    if vertical_id:
        keep &= verticals["vertical_id"] == vertical_id
    if barrier_id:
        keep &= verticals["vertical_id"].isin(links.loc[links["barrier_id"] == barrier_id, "vertical_id"])
    if option_id:
        favoured = rules[(rules["question"] == "vertical") & (rules["weight"] > 0)
                         & ((rules["mode_id"] == option_id) | (rules["channel_id"] == option_id))]
        keep &= verticals["vertical_id"].isin(favoured["answer"])
    return verticals[keep].reset_index(drop=True)


def entry_mode_matrix(entry_modes: pd.DataFrame) -> pd.DataFrame:
    """Entry modes side by side: one row per attribute, one column per mode (the source's words)."""
    attributes = [(N_("What it is"), "description"), (N_("Control"), "control"), (N_("Capital"), "capital"),
                  (N_("Speed"), "speed"), (N_("Regulatory burden"), "regulatory_burden"),
                  (N_("Who handles approvals"), "approvals_handled_by"), (N_("Suits"), "suits")]
    # Columns are the modes' names in the data (the page highlights the chosen one by name); cells and
    # row labels are in the current language.
    matrix = pd.DataFrame({row["name"]: [i18n.text(row, col) or _(NOT_STATED) for _label, col in attributes]
                           for row in entry_modes.to_dict("records")},
                          index=[_(label) for label, _col in attributes])
    matrix.index.name = _("Attribute")
    return matrix


def with_regions(frame: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Add the region of each row's province_code ('' where a row has none)."""
    regions = dict(zip(provinces["province_code"], provinces["region"]))
    return frame.assign(region=frame["province_code"].map(regions).fillna(""))


def companies_in_view(companies: pd.DataFrame, provinces: pd.DataFrame, *, segment_ids: tuple[str, ...] = (),
                      regions: tuple[str, ...] = ()) -> pd.DataFrame:
    """Companies tagged with any of the segments (all when none), HQ in one of the regions (all when none).

    With a region filter, firms whose China HQ the sources do not give drop out:
    the page cannot place them in a region.
    """
    frame = with_regions(companies, provinces)
    if segment_ids:
        tagged = frame["segment_ids"].map(lambda s: any(i.strip() in segment_ids for i in s.split(";")))
        frame = frame[tagged.astype(bool)]
    if regions:
        frame = frame[frame["region"].isin(regions)]
    return frame.reset_index(drop=True)


COMPANY_KIND_LABELS = {"domestic_champion": N_("Domestic champion"), "platform": N_("Platform"),
                       "international": N_("International"), "pharma_partner": N_("Pharma partner")}

_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
# Counting words in Chinese (两, not 二, before a measure word); "No" is 没有.
_NUMBER_WORDS_ZH = ("没有", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十")


def count_in_words(n: int) -> str:
    """'Four' / '四' for 4, so a finding can open a sentence with a count read from the data."""
    words = _NUMBER_WORDS_ZH if wording.zh() else _NUMBER_WORDS
    return words[n] if 0 <= n < len(words) else str(n)


# The places an entrant would use (hubs are context and live on the map page).
ENTRY_POINT_KINDS = {
    "fast_track_zone": N_("Fast-track zone"), "pilot_zone": N_("Pilot zone (Tier-3 hospitals)"),
    "hospital_testbed": N_("Tier-3 hospital test bed"), "innovation_park": N_("Innovation park"),
    "accelerator": N_("Accelerator / incubator"), "data_sharing_pilot": N_("Data-sharing pilot"),
    "wfoe_location": N_("WFOE medical institutions permitted"),
}


def entry_points(places: pd.DataFrame, provinces: pd.DataFrame, regions: tuple[str, ...] = ()) -> pd.DataFrame:
    """Pilot zones, parks, accelerators and the like, in the order above, narrowed to the regions."""
    frame = with_regions(places[places["kind"].isin(ENTRY_POINT_KINDS)], provinces)
    if regions:
        frame = frame[frame["region"].isin(regions)]
    order = {kind: i for i, kind in enumerate(ENTRY_POINT_KINDS)}
    frame = frame.assign(kind_label=frame["kind"].map(lambda k: _(ENTRY_POINT_KINDS[k])),
                         _order=frame["kind"].map(order)).sort_values(["_order", "name"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def _short_place_names(rows: pd.DataFrame) -> list[str]:
    """Names without what the group heading already says: "AI accelerators and incubators, Beijing" -> "Beijing".

    Only when two or more names share that stem; otherwise the full names stay.
    """
    short = _short_english_names(rows)
    if not wording.zh():
        return short
    # In Chinese: the city's name where the short form is the city, else the place's full name.
    return [str(i18n.text(r, "city") if s == r["city"] else i18n.text(r, "name"))
            for s, r in zip(short, rows.to_dict("records"))]


def _short_english_names(rows: pd.DataFrame) -> list[str]:
    names = list(rows["name"])
    if len(names) < 2:
        return names
    for sep in (": ", ", "):
        parts = [n.rsplit(sep, 1) for n in names]
        if all(len(p) == 2 for p in parts) and len({p[0] for p in parts}) == 1:
            return [p[1] for p in parts]
    stems = {n.replace(c, "").strip() for n, c in zip(names, rows["city"])}
    if len(stems) == 1 and all(c in n for n, c in zip(names, rows["city"])):
        return list(rows["city"])
    return names


def entry_point_groups(points: pd.DataFrame) -> list[dict]:
    """One group per kind of entry point: what it offers (each distinct offer once) and where."""
    return [{"kind_label": kind_label,
             "offers": list(dict.fromkeys(str(i18n.text(r, "offers")) for r in rows.to_dict("records"))),
             "places": _short_place_names(rows)}
            for kind_label, rows in points.groupby("kind_label", sort=False)]


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def policy_table(policies: pd.DataFrame) -> pd.DataFrame:
    """Policies for reading: name as the row label, year blank where the source gives none."""
    records = policies.to_dict("records")
    return pd.DataFrame({
        _("Year"): policies["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        _("Category"): [_sentence_case(str(i18n.text(r, "category"))) for r in records],
        _("What it means"): [i18n.text(r, "description") for r in records],
    }).set_axis(pd.Index([i18n.text(r, "name") for r in records], name=_("Policy")))


def company_table(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies for reading: name as the row label, kinds in words, HQ blank where not sourced."""
    records = companies.to_dict("records")
    return pd.DataFrame({
        _("Kind"): [_(COMPANY_KIND_LABELS[k]) if k in COMPANY_KIND_LABELS else k for k in companies["kind"]],
        _("HQ city"): [i18n.text(r, "hq_city") for r in records],
        _("Region"): [wording.region_label(r["region"]) for r in records],
        _("What the source says"): [i18n.text(r, "activity") for r in records],
    }, index=companies.index).set_axis(pd.Index([i18n.text(r, "name") for r in records], name=_("Company")))
