"""The shipped study is faithful to its source (issue 17): every claim and figure in
``scenarios/sources.yaml`` names who said it and where, and the interview bears it out.

The interview (``shared/source/ttp-interview.txt``) is read as turns: a line starting
``RWJ:`` or ``NN:`` opens that author's turn, which runs on over the following lines; a line
that ends in a question mark is the interviewer's; the introduction (lines 2-4) and the
closing notes (from line 35) are the editor's. For every source with a speaker, the cited
lines must lie in the turns of exactly the speakers it names; for every figure, the number
must appear in a cited line (as digits, with or without thousands commas, or as a word), or
the figure counts the items its description lists, each of which appears there.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from test_shipped_study import INTERVIEW, interview_text

import engine
from engine.model import Source

WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}


def turns(text: str) -> dict[int, str]:
    """Line number (from 1) -> who speaks on it."""
    speaker, found = "editor", {}
    for number, line in enumerate(text.split("\n"), start=1):
        opened = re.match(r"(RWJ|NN):", line)
        if opened:
            speaker = opened.group(1)
        elif line.rstrip().endswith("?"):
            speaker = "interviewer"
        elif number <= 4 or number >= 35:
            speaker = "editor"
        found[number] = speaker
    return found


def cited_lines(locator: str) -> list[int]:
    """The lines a locator cites: 'line 14', 'lines 6 and 31', 'lines 20-21'."""
    lines = []
    for first, last in re.findall(r"(\d+)(?:\s*-\s*(\d+))?", locator.split("(")[0]):
        lines += range(int(first), int(last or first) + 1)
    return lines


def problems(source: Source, lines: list[str], speakers: dict[int, str]) -> list[str]:
    """What does not hold for one source (empty: it is faithful)."""
    cited = cited_lines(source.locator)
    if not cited:
        return [f"{source.id}: no line in its locator '{source.locator}'"]
    found = []
    if source.speaker:
        said_by = {speakers[n] for n in cited}
        declared = set(source.speaker.split(" and "))
        if said_by != declared:
            found.append(f"{source.id}: lines {cited} are {sorted(said_by)}'s, not {declared}")
    if source.figure is not None and not _figure_in(source, " ".join(lines[n - 1] for n in cited)):
        found.append(f"{source.id}: figure {source.figure:g} not in lines {cited}")
    return found


def _figure_in(source: Source, text: str) -> bool:
    figure = source.figure
    forms = {f"{figure:g}"}
    if float(figure).is_integer():
        forms |= {f"{figure:,.0f}", f"{figure:.0f}"}
        forms |= {w for w, n in WORDS.items() if n == figure}
    if any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text, re.I) for f in forms):
        return True
    listed = re.search(r"\(([^)]*)\)", source.measures)  # a count of the items listed
    if listed is None:
        return False
    items = [i.strip() for i in re.split(r",|\band\b", listed.group(1)) if i.strip()]
    return len(items) == figure and all(i in text for i in items)


@pytest.fixture(scope="module")
def interview():
    text = interview_text()  # shared/ beside the checkout; a failure in CI when missing
    return text.split("\n"), turns(text)


def test_the_turns_are_read_as_the_interview_runs(interview):
    _, speakers = interview
    assert [speakers[n] for n in (2, 5, 6, 8, 9, 12, 13, 14, 19, 20, 21, 23, 26, 28, 29, 34, 36)] == [
        "editor", "interviewer", "RWJ", "RWJ", "NN", "NN", "interviewer", "NN", "interviewer",
        "RWJ", "NN", "NN", "interviewer", "RWJ", "interviewer", "RWJ", "editor",
    ]  # fmt: skip


def test_every_claim_and_figure_names_its_speaker_and_line_and_the_text_bears_it_out(interview):
    lines, speakers = interview
    study = engine.load_study(REPO)
    evidence = [s for s in study.source_records if s.id != "interview"]
    assert evidence and all(s.speaker for s in evidence)
    assert [p for s in evidence for p in problems(s, lines, speakers)] == []


def test_the_check_catches_a_wrong_speaker_a_wrong_line_and_a_wrong_figure(interview):
    lines, speakers = interview
    study = engine.load_study(REPO)
    figure = next(s for s in study.source_records if s.id == "fig_security_deaths_2024")
    claim = next(s for s in study.source_records if s.id == "claim_military_lead_hurdle")
    assert problems(claim, lines, speakers) == [] and problems(figure, lines, speakers) == []
    both = claim.model_copy(update={"speaker": "RWJ and NN"})  # only Naseem says it
    assert problems(both, lines, speakers)
    moved = figure.model_copy(update={"locator": "line 14"})
    assert problems(moved, lines, speakers)
    wrong = figure.model_copy(update={"figure": 686.0})
    assert problems(wrong, lines, speakers)
    counted = next(s for s in study.source_records if s.id == "fig_border_provinces")
    assert problems(counted, lines, speakers) == []
    assert problems(counted.model_copy(update={"figure": 6.0}), lines, speakers)


def test_the_interview_has_both_authors_turns(interview):
    _, speakers = interview
    assert {"RWJ", "NN", "interviewer", "editor"} == set(speakers.values()), INTERVIEW


DERIVED = {
    ("s0_status_quo", "business_as_usual", "leg_police_dissatisfaction"): {"4.7", "95"},
    ("s0_status_quo", "madrassah_regulation", "sec_recruitment_finance_denial"): {"26,000"},
}
"""Numbers a rationale derives from its lines rather than quotes: the survey's sampling error
(95 % confidence, 86.8 % of about 200 respondents: about 4.7 points) and the unregistered
seminaries (40,000 less the 14,000 registered, line 20)."""


def stated_sizes(cell, lines: list[str], sources: dict) -> list[str]:
    """Numbers a sourced cell's rationale states that its cited lines do not (empty:
    faithful). A rationale that opens with 'Judgment:' is the analyst's own and may state a
    size; elsewhere a size, a date or a count must be the interview's."""
    if not cell.evidence or cell.rationale.startswith("Judgment:"):
        return []
    cited = " ".join(
        lines[n - 1] for e in cell.evidence for n in cited_lines(sources[e].locator or "")
    )
    said = cited.replace(",", "")
    found = re.findall(r"\d[\d,]*(?:\.\d+)?", cell.rationale)
    return [n for n in found if n.replace(",", "") not in said]


def test_no_sourced_rationale_states_a_size_its_lines_do_not(interview):
    """Issue 24, item 8: a cell that cites the interview states no number (a size, a date,
    a count) its cited lines do not, unless it is one of the derivations above."""
    lines, _ = interview
    study = engine.load_study(REPO)
    sources = {s.id: s for s in study.source_records}
    wrong = []
    for record in study.scenario_records:
        for option, row in record.performance.items():
            for criterion, cell in row.items():
                key = (record.id, option, criterion)
                extra = set(stated_sizes(cell, lines, sources)) - DERIVED.get(key, set())
                wrong += [f"{key}: {n}" for n in sorted(extra)]
    assert wrong == []


def test_the_size_check_catches_a_size_the_line_does_not_state(interview):
    lines, _ = interview
    study = engine.load_study(REPO)
    sources = {s.id: s for s in study.source_records}
    cell = study.cells("s0_status_quo")[("intel_based_ops", "sec_violence_reduction")][0]
    assert cell.evidence and stated_sizes(cell, lines, sources) == []
    claimed = cell.model_copy(update={"rationale": cell.rationale + " Attacks fall by 30 %."})
    assert stated_sizes(claimed, lines, sources) == ["30"]
    judged = claimed.model_copy(update={"rationale": "Judgment: " + claimed.rationale})
    assert stated_sizes(judged, lines, sources) == []


SPEAKER_NAMES = {"Janjua": "RWJ", "Naseem": "NN", "editor": "editor", "interviewer": "interviewer"}


def uncited(text: str, speakers: dict[int, str]) -> list[str]:
    """What a portfolio rationale gets wrong about who said what where (empty: faithful):
    it must name a speaker and a line, and every line it cites must lie in the turn of a
    speaker it names."""
    named = {code for name, code in SPEAKER_NAMES.items() if name in text}
    cited = [int(n) for n in re.findall(r"\blines? (\d+)", text)]
    if not named or not cited:
        return [f"no speaker or no line in: {text[:60]}"]
    return [f"line {n} is not {sorted(named)}'s" for n in cited if speakers.get(n) not in named]


def _portfolio_texts(study) -> dict[str, str]:
    portfolio = study.portfolio
    texts = {f"resource {r.id}": r.description for r in portfolio.resources}
    texts |= {f"constraint {c.id}": c.rationale for c in portfolio.constraints}
    texts |= {f"interaction {'+'.join(i.options)}": i.rationale for i in portfolio.interactions}
    return texts


def test_every_constraint_interaction_and_limit_cites_its_line_and_speaker(interview):
    """Issue 24, done-when: every constraint and interaction (and every resource's limit)
    names who said what it rests on and where, and the line is that speaker's."""
    _, speakers = interview
    study = engine.load_study(REPO)
    texts = _portfolio_texts(study)
    assert len(texts) >= 20
    assert {k: p for k, t in texts.items() if (p := uncited(t, speakers))} == {}


def test_the_citation_check_catches_a_missing_speaker_and_a_wrong_turn(interview):
    _, speakers = interview
    assert uncited("Naseem warns against it (line 15).", speakers) == []
    assert uncited("Janjua warns against it (line 15).", speakers)  # line 15 is Naseem's
    assert uncited("Warned against (line 15).", speakers)
    assert uncited("Naseem warns against it.", speakers)


CERTAINTY = {
    "will", "cannot", "only", "always", "never", "must", "certain", "certainly", "sure",
    "guarantee", "guarantees", "inevitably", "definitely", "prevents", "ensures", "stops",
}  # fmt: skip
CAUSE = {"because", "cause", "causes", "caused", "leads", "drives", "drove", "results"}
SAID_AS = {
    "cannot": ("cannot", "unable"),
    "must": ("must", "cannot happen", "requires", "needs"),
    "only": ("only", "no option than"),
}
"""Reviewed paraphrases: a rationale may say 'cannot' where its line says 'unable to' (line
10: police "unable to effectively secure an area"), 'must come before' where it says "cannot
happen in the absence of" (line 15), 'the only option' for "no option than" (line 28)."""


def stated_claims(text: str, evidence, lines: list[str], sources: dict) -> list[str]:
    """Words of certainty or cause a sourced rationale uses that its cited lines do not
    (empty: faithful). 'Judgment:' rationales are the analyst's own and may use them; words
    inside double quotes are an option's name or the interview's own."""
    if not evidence or text.startswith("Judgment"):
        return []
    cited = " ".join(
        lines[n - 1] for e in evidence for n in cited_lines(sources[e].locator or "")
    ).lower()
    unquoted = re.sub(r'"[^"]*"', " ", text)  # a quoted phrase: a name or the text's words
    words = set(re.findall(r"[a-z']+", unquoted.lower())) & (CERTAINTY | CAUSE)
    return sorted(
        w
        for w in words
        if not any(re.search(rf"\b{re.escape(s)}", cited) for s in SAID_AS.get(w, (w,)))
        and not re.search(rf"\b{w.rstrip('s')}", cited)
    )


def test_no_sourced_rationale_states_a_cause_or_certainty_its_lines_do_not(interview):
    """Issue 24, item 8: a cited line certifies what it says; a rationale that adds 'will',
    'only', 'cannot', 'because' and the like, beyond its lines (or a reviewed paraphrase
    of them, above), overreaches. Cells, constraints and interactions alike."""
    lines, _ = interview
    study = engine.load_study(REPO)
    sources = {s.id: s for s in study.source_records}
    found = {}
    for record in study.scenario_records:
        for option, row in record.performance.items():
            for criterion, cell in row.items():
                claims = stated_claims(cell.rationale, cell.evidence, lines, sources)
                if claims:
                    found[(record.id, option, criterion)] = claims
    for item in (*study.portfolio.constraints, *study.portfolio.interactions):
        claims = stated_claims(item.rationale.strip(), item.evidence, lines, sources)
        if claims:
            found[item.rationale[:50]] = claims
    assert found == {}


def test_the_claim_check_catches_an_added_certainty_and_cause(interview):
    lines, _ = interview
    study = engine.load_study(REPO)
    sources = {s.id: s for s in study.source_records}
    cell = study.cells("s0_status_quo")[("intel_based_ops", "sec_violence_reduction")][0]
    assert stated_claims(cell.rationale, cell.evidence, lines, sources) == []
    sure = cell.rationale + " This always works and never fails, because raids hit cells."
    assert stated_claims(sure, cell.evidence, lines, sources) == ["always", "because", "never"]
    assert stated_claims("Judgment: " + sure, cell.evidence, lines, sources) == []
    police = study.cells("s0_status_quo")[("police_capacity_only", "sec_violence_reduction")][0]
    assert "cannot" in police.rationale
    assert stated_claims(police.rationale, police.evidence, lines, sources) == []
