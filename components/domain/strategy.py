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

NOT_STATED = "Not stated in the source"
MODE_KIND = "Entry mode"
CHANNEL_KIND = "Fast-track channel"


@dataclass(frozen=True)
class Question:
    """One finder question. `answers` pairs a rule code (entry_rules.csv) with the label on screen and in the URL."""

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
    Question("cleared", "Already cleared by the US FDA, EU CE mark or Japan's PMDA?",
             "The Hainan Boao Lecheng channel admits products cleared by one of these three regulators.",
             (("yes", "Yes"), ("no", "No"))),
    Question("hk_macao", "Approved in Hong Kong or Macao, or a Hong Kong base?",
             "The Greater Bay Area channel is for products approved and used in Hong Kong or Macao public "
             "hospitals, and particularly benefits companies with a Hong Kong base.",
             (("approved", "Approved in HK/Macao"), ("hk_base", "Hong Kong base"), ("neither", "Neither"))),
    Question("control", "Appetite for shared control and risk",
             "Low: stay detached, let a local partner run things. Shared: ready to share governance. "
             "Full: want to own and run the operation.",
             (("low", "Low"), ("shared", "Shared"), ("full", "Full control"))),
    Question("capital", "Capital you will commit",
             "How much capital the company is prepared to put into China entry.",
             (("low", "Low"), ("moderate", "Moderate"), ("high", "High"))),
    Question("speed", "Time-to-market priority",
             "Fast: in hospitals as soon as possible. Long-term: building a lasting presence matters more.",
             (("fast", "Fast"), ("balanced", "Balanced"), ("long_term", "Long-term presence"))),
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
    name: str
    score: int
    reasons: tuple[Reason, ...]

    @property
    def reasons_for(self) -> list[Reason]:
        return sorted((r for r in self.reasons if r.weight > 0), key=lambda r: -r.weight)

    @property
    def reasons_against(self) -> list[Reason]:
        return sorted((r for r in self.reasons if r.weight < 0), key=lambda r: r.weight)


def entry_options(entry_modes: pd.DataFrame, channels: pd.DataFrame) -> pd.DataFrame:
    """Everything the finder can recommend: the entry modes, then the fast-track channels (file order)."""
    modes = pd.DataFrame({"option_id": entry_modes["mode_id"], "kind": MODE_KIND, "name": entry_modes["name"]})
    chans = pd.DataFrame({"option_id": channels["channel_id"], "kind": CHANNEL_KIND, "name": channels["name"]})
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
        where = f"entry_rules.csv, row {index + 2}"
        if bool(row["mode_id"]) == bool(row["channel_id"]):
            problems.append(f"{where}: fill exactly one of mode_id and channel_id")
        valid = vertical_ids if row["question"] == "vertical" else \
            [code for code, _label in QUESTION_BY_ID[row["question"]].answers]
        if row["answer"] not in valid:
            problems.append(f"{where}, column answer: '{row['answer'][:40]}' is not an answer to "
                            f"'{row['question']}' (expected one of: {', '.join(valid)})")
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
            row["rule_id"], row["question"], row["answer"], int(row["weight"]), row["reason"],
            row["source_id"], row["quote"]))
    recs = []
    for opt in options.to_dict("records"):
        got = reasons.get(opt["option_id"], [])
        if got:
            recs.append((opt["order"], Recommendation(opt["option_id"], opt["kind"], opt["name"],
                                                      sum(r.weight for r in got), tuple(got))))
    shortlist = [rec for _order, rec in sorted(
        ((order, rec) for order, rec in recs if rec.score > 0),
        key=lambda pair: (-pair[1].score, -max(r.weight for r in pair[1].reasons), pair[0]))]
    ruled_out = [rec for _order, rec in recs if rec.score <= 0 and rec.reasons_against]
    return shortlist, ruled_out


def fit_label(score: int) -> str:
    """Words for a score, so the list reads without knowing the weights."""
    if score >= 5:
        return "Strong fit"
    if score >= 3:
        return "Good fit"
    return "Possible fit"


def headline(shortlist: list[Recommendation]) -> str:
    """The answer in one sentence: where to start, and what else to weigh."""
    if not shortlist:
        return ""
    text = f"Start with {shortlist[0].name}"
    if len(shortlist) > 1:
        others = [rec.name for rec in shortlist[1:]]
        text += "; also consider " + (", ".join(others[:-1]) + " and " + others[-1] if len(others) > 1 else others[0])
    return text + "."


def shortlist_table(shortlist: list[Recommendation]) -> pd.DataFrame:
    """The short list as a flat table (one row per reason) for the CSV download."""
    rows = []
    for rank, rec in enumerate(shortlist, start=1):
        for reason in rec.reasons_for + rec.reasons_against:
            rows.append({"rank": rank, "option": rec.name, "kind": rec.kind, "score": rec.score,
                         "fit": fit_label(rec.score), "rule_id": reason.rule_id, "weight": reason.weight,
                         "reason": reason.text, "source_id": reason.source_id, "quote": reason.quote})
    return pd.DataFrame(rows, columns=["rank", "option", "kind", "score", "fit", "rule_id", "weight",
                                       "reason", "source_id", "quote"])


# --- Linked exploration -----------------------------------------------------------------------

_STRENGTH_ORDER = {"high": 0, "medium": 1}


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
    linked = barrier_links(links, vertical_id)[["barrier_id", "strength", "reason", "quote"]].rename(
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
    out = chosen.merge(options, on="option_id")
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
    attributes = [("What it is", "description"), ("Control", "control"), ("Capital", "capital"),
                  ("Speed", "speed"), ("Regulatory burden", "regulatory_burden"),
                  ("Who handles approvals", "approvals_handled_by"), ("Suits", "suits")]
    matrix = pd.DataFrame({row["name"]: [row[col] or NOT_STATED for _label, col in attributes]
                           for row in entry_modes.to_dict("records")},
                          index=[label for label, _col in attributes])
    matrix.index.name = "Attribute"
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


COMPANY_KIND_LABELS = {"domestic_champion": "Domestic champion", "platform": "Platform",
                       "international": "International", "pharma_partner": "Pharma partner"}

_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def count_in_words(n: int) -> str:
    """'Four' for 4, so a finding can open a sentence with a count read from the data."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


# The places an entrant would use (hubs are context and live on the map page).
ENTRY_POINT_KINDS = {
    "fast_track_zone": "Fast-track zone", "pilot_zone": "Pilot zone (Tier-3 hospitals)",
    "hospital_testbed": "Tier-3 hospital test bed", "innovation_park": "Innovation park",
    "accelerator": "Accelerator / incubator", "data_sharing_pilot": "Data-sharing pilot",
    "wfoe_location": "WFOE medical institutions permitted",
}


def entry_points(places: pd.DataFrame, provinces: pd.DataFrame, regions: tuple[str, ...] = ()) -> pd.DataFrame:
    """Pilot zones, parks, accelerators and the like, in the order above, narrowed to the regions."""
    frame = with_regions(places[places["kind"].isin(ENTRY_POINT_KINDS)], provinces)
    if regions:
        frame = frame[frame["region"].isin(regions)]
    order = {kind: i for i, kind in enumerate(ENTRY_POINT_KINDS)}
    frame = frame.assign(kind_label=frame["kind"].map(ENTRY_POINT_KINDS),
                         _order=frame["kind"].map(order)).sort_values(["_order", "name"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def _short_place_names(rows: pd.DataFrame) -> list[str]:
    """Names without what the group heading already says: "AI accelerators and incubators, Beijing" -> "Beijing".

    Only when two or more names share that stem; otherwise the full names stay.
    """
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
    return [{"kind_label": kind_label, "offers": list(dict.fromkeys(rows["offers"])),
             "places": _short_place_names(rows)}
            for kind_label, rows in points.groupby("kind_label", sort=False)]


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def policy_table(policies: pd.DataFrame) -> pd.DataFrame:
    """Policies for reading: name as the row label, year blank where the source gives none."""
    return pd.DataFrame({
        "Year": policies["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Category": policies["category"].map(_sentence_case),
        "What it means": policies["description"],
    }).set_axis(pd.Index(policies["name"], name="Policy"))


def company_table(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies for reading: name as the row label, kinds in words, HQ blank where not sourced."""
    return pd.DataFrame({
        "Kind": companies["kind"].map(COMPANY_KIND_LABELS).fillna(companies["kind"]),
        "HQ city": companies["hq_city"],
        "Region": companies["region"],
        "What the source says": companies["activity"],
    }).set_axis(pd.Index(companies["name"], name="Company"))
