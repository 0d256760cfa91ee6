"""The Read me sheet: what each sheet of this report answers and how to read it, then the
terms the report uses, in a planner's words. Built from the report's own sheets, so it
lists exactly the sheets the file holds."""

from __future__ import annotations

from engine.report.layout import Column, Sheet, Table
from engine.study import Study

TERMS: tuple[tuple[str, str], ...] = (
    ("Option", "A policy measure being compared (one row of the study's option list)."),
    (
        "Scenario",
        "A possible future (context) in which the options are judged; values can differ by scenario.",
    ),
    (
        "Profile",
        "A stakeholder's view of what matters: the weights of the criteria. Profiles marked illustrative are analyst judgment, not a stakeholder's own statement.",
    ),
    (
        "Swing points",
        "How much a criterion matters relative to its siblings, on the Weights sheet; they are turned into weights that add up to one.",
    ),
    (
        "Score",
        "An option's overall value from 0 (worst on every criterion) to 100 (best on every criterion) under one scenario and profile: the weighted sum of its criterion values.",
    ),
    (
        "Margin",
        "How far the first option leads the second, in score points; a small margin means the ranking could flip with modest changes.",
    ),
    (
        "Rank acceptability",
        "Share of random weight (and performance) samples in which an option takes a given rank: how often it would come first if the weights were uncertain.",
    ),
    (
        "Confidence factor",
        "Share of performance samples in which an option stays first when the weights are fixed at its central weights.",
    ),
    (
        "Central weights",
        "The average weights among the samples in which an option comes first: the kind of priorities that favour it.",
    ),
    (
        "Regret",
        "How far an option falls short of the best option in a scenario and profile, in score points; minimax regret picks the option whose worst shortfall is smallest.",
    ),
    (
        "Switch point",
        "The exact weight at which another option would take first place when one weight moves and its siblings adjust.",
    ),
    (
        "Tornado",
        "The single inputs (one weight or one performance value at its low or high end) that move the winner's lead the most.",
    ),
    ("Kendall's tau", "Agreement of two rankings, from -1 (reversed) to 1 (identical)."),
    (
        "Package",
        "A set of measures funded together on top of the baseline (for example business as usual).",
    ),
    (
        "Benefit",
        "What a measure alone adds to the baseline, in value points (budgeted costs left out); in a package, levels are held at the scale's ends.",
    ),
    (
        "Binding constraint",
        "A budget or political constraint that, if dropped alone, would let a better package be chosen.",
    ),
    (
        "Efficient frontier",
        "The packages no other package beats on both value and cost: the best value at every level of spending.",
    ),
    (
        "Order of buy",
        "Measures in the order a budget buys them: each adds most value per unit of cost to those before it.",
    ),
    (
        "Robust package",
        "A package that holds up in every scenario and profile: the best worst case, or the least largest shortfall from each pair's own best package.",
    ),
    (
        "Inclusion frequency",
        "Share of uncertain samples whose best package holds a measure: nearly always (90 % or more), sometimes, rarely (10 % or less).",
    ),
    (
        "Driver",
        "An uncertain force the futures differ by (explore report): -1 is the scenario at its low end, 0 the base scenario, +1 the scenario at its high end.",
    ),
    (
        "Coverage, density",
        "Scenario discovery (explore report): coverage is the share of the futures in question that fall inside the box; density the share of the box's futures that are in question.",
    ),
)


def readme_sheet(sheets: list[Sheet], study: Study | None = None) -> Sheet:
    """What each of ``sheets`` answers and how to read it, the key to the short names the
    tables use (options and scenarios of ``study`` that have one), then the glossary."""
    guide = Table(
        "The sheets of this report",
        [
            Column("Sheet", width=20),
            Column("What it answers", width=40),
            Column("How to read it", width=72),
            Column("On paper", width=34),
        ],
        [[s.name, s.title, s.note.removeprefix("Read: "), on_paper(s)] for s in sheets],
    )
    terms = Table(
        "Terms",
        [Column("Term", width=20), Column("Meaning", width=146, span=3)],
        [list(term) for term in TERMS],
    )
    key = short_names(study) if study is not None else None
    return Sheet(
        "Read me",
        "Read me: what each sheet answers and the terms it uses",
        "Read: start with the Summary; each sheet's first lines say what it shows. Cells with "
        "formulas follow edits of the swing points on the Weights sheet. Printed, the report "
        "holds each sheet's decision tables ('On paper'); the detail is on screen.",
        [guide, *([key] if key is not None else []), terms],
    )


def short_names(study: Study) -> Table | None:
    """The key to the short names (and the abbreviations in them: CT, IBOs, ...) that the
    tables and charts use where space is short, with the full name the sentences use."""
    rows = [
        ["Option", o.short_name, o.name]
        for o in study.option_records
        if o.short_name and o.short_name != o.name
    ]
    rows += [
        ["Scenario", s.short_name, s.name]
        for s in (study.scenario(i) for i in study.scenarios)
        if s.short_name and s.short_name != s.name
    ]
    if not rows:
        return None
    return Table(
        "Short names in tables and charts, and what they stand for",
        [
            Column("Of", width=20),
            Column("Short name", width=40),
            Column("Full name", width=106, span=2),
        ],
        rows,
    )


def on_paper(sheet: Sheet) -> str:
    """What of ``sheet`` prints (the rest is on screen only)."""
    printed = sheet.printed_tables
    if sheet.weights is not None or len(printed) == len(sheet.tables):
        return "All of it."
    if not printed:
        return "Its title only: the table is for the screen (print it with your own print range)."
    titles = "; ".join(t.title or "the table" for t in printed)
    return f"{titles}. The rest is on screen only."


def with_readme(sheets: list[Sheet], study: Study | None = None) -> list[Sheet]:
    """``sheets`` with the Read me sheet second (after the sheet a reader opens first)."""
    return [*sheets[:1], readme_sheet(sheets, study), *sheets[1:]]
