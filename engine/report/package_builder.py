"""The live Package builder: tick measures, read cost, levels, value and constraints.

Every total is a formula that follows the ticks, computed as the engine computes it
(:mod:`engine.portfolio.outcomes`): each criterion's level is the baseline's plus the
ticked measures' changes plus the criterion interactions of ticked groups, clipped to
the scale, and valued by the criterion's value function written as a sum of its
segments, :math:`v(L) = v_0 + \\sum_k \\sigma_k \\max(0, \\min(L, x_k) - x_{k-1})`. A
profile's value is its weights times each criterion's gain over the baseline, plus the
value-point interactions of ticked pairs. Only numbers from the engine enter formulas;
names stay in plain cells.
"""

from __future__ import annotations

import numpy as np

from engine.portfolio.analysis import PortfolioAnalysis
from engine.portfolio.binding import constraint_words
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.outcomes import Outcomes
from engine.portfolio_checks import constraint_members
from engine.report.layout import Column, Formula, Sheet, Table
from engine.study import Study

BUILDER = "package_builder"
LEVELS = "package_levels"
WEIGHTS = "package_weights"
CHANGES = "package_changes"
TOGETHER = "package_interactions"
CHOSEN = "Chosen (0/1)"


def builder_sheet(study: Study, analysis: PortfolioAnalysis) -> Sheet:
    """Tick measures (0/1) and read totals, levels and violated constraints as formulas."""
    scenario = analysis.headline[0]
    profiles = list(dict.fromkeys(p for _, p in analysis.packages))
    problems = {p: analysis.problems[(scenario, p)] for p in profiles}
    outcomes = {p: analysis.outcomes[(scenario, p)] for p in profiles}
    chosen = analysis.packages[analysis.headline].selected
    ticks = np.array([1 if o in chosen else 0 for o in analysis.measures], dtype=float)
    measures = _measures_table(study, analysis, problems, ticks)
    first = outcomes[profiles[0]]
    levels = _levels_table(study, analysis, first, outcomes, ticks)
    checks = [
        [
            "Value under " + study.profile(p).name,
            _total_value(analysis, study, p, ticks),
        ]
        for p in profiles
    ]
    checks += _resource_checks(study, analysis)
    checks += [
        [
            f"Constraint: {constraint_words(study, constraint)}",
            _constraint_check(constraint, study, analysis),
        ]
        for constraint in study.portfolio.constraints
    ]
    summary = Table(
        "Totals and constraints (formulas: they follow your ticks)",
        [Column("Check", width=30), Column("Result", "score", width=24)],
        checks,
    )
    return Sheet(
        "Package builder",
        "Package builder: try a package and see its cost, levels, value and the constraints "
        "it breaks",
        "Read: put 1 in 'Chosen' for each measure in the package (0 otherwise); totals, levels "
        "and checks recalculate. A criterion's level is the baseline's plus the ticked "
        "measures' changes, held within its scale; 'Benefit' is a measure's value alone. It "
        "opens with the best package of the first pair.",
        [
            measures,
            summary,
            levels,
            _weights_table(study, analysis, outcomes),
            _changes_table(study, analysis, first),
            *_interactions_table(study, analysis, first, ticks),
        ],
        # for the screen: its totals add the ticks up by position, so its tick table cannot
        # be split into parts under their own header, and it runs over a page (the package
        # it opens with prints on the Portfolio sheet)
        printed=0,
    )


def _measures_table(study, analysis, problems, ticks) -> Table:
    portfolio = study.portfolio
    first = next(iter(problems.values()))
    names = [study.profile(p).name for p in problems]
    unique = len(set(names)) == len(names)
    headers = [
        f"Benefit: {name}" if unique else f"Benefit: {name} ({p})"
        for p, name in zip(problems, names, strict=True)
    ]
    rows = [
        [o, study.option(o).label, int(ticks[i])]
        + [float(v) for v in first.costs[i]]
        + [float(problem.benefit[i]) for problem in problems.values()]
        for i, o in enumerate(analysis.measures)
    ]
    return Table(
        f"Tick measures: 1 = in the package ({study.scenario(analysis.headline[0]).name})",
        [Column("Id", width=24), Column("Measure", width=26), Column(CHOSEN, "integer")]
        + [Column(f"Cost {r.id}", "number", width=8) for r in portfolio.resources]
        + [Column(header, "score", width=8) for header in headers],
        rows,
        name=BUILDER,
        inputs=[2],
    )


def _levels_table(study, analysis, first: Outcomes, outcomes, ticks) -> Table:
    """One row per benefit criterion: scale, baseline, level reached, held, gain."""
    opening = analysis.packages[analysis.headline].levels  # the ticks: its best package
    rows = []
    for j, criterion in enumerate(analysis.criteria):
        row = opening.loc[criterion]
        rows.append(
            [
                study.criterion(criterion).name,
                float(row["low"]),
                float(row["high"]),
                float(row["baseline"]),
                Formula(_reached(analysis, first, criterion, j), float(row["reached"])),
                Formula("=MIN(MAX({c4}{row},{c1}{row}),{c2}{row})", float(row["level"])),
                Formula(_gain(first, j), float(row["gain"])),
            ]
        )
    return Table(
        "Where the package leaves each criterion (formulas: they follow your ticks)",
        [
            Column("Criterion", width=34),
            Column("Scale from", "number"),
            Column("to", "number"),
            Column("Baseline", "number"),
            Column("Reached", "number"),
            Column("Level (held to the scale)", "number", width=12),
            Column("Gain (value points)", "score"),
        ],
        rows,
        name=LEVELS,
    )


def _weights_table(study, analysis, outcomes) -> Table:
    """Each profile's weights over the benefit criteria (renormalised), row by row with
    the levels table."""
    return Table(
        "Weights of the criteria that count towards the value, by profile (renormalised)",
        [Column("Criterion", width=34)]
        + [Column(f"Weight: {p}", "percent", width=12) for p in outcomes],
        [
            [study.criterion(c).name] + [float(o.weight[j]) for o in outcomes.values()]
            for j, c in enumerate(analysis.criteria)
        ],
        name=WEIGHTS,
    )


def _changes_table(study, analysis, first: Outcomes) -> Table:
    """Each measure's change over the baseline on each criterion (what the levels add)."""
    kept = analysis.criteria
    return Table(
        "Each measure's change over the baseline, by criterion (at its expected size)",
        [Column("Id", width=30)] + [Column(c, "number", width=12) for c in kept],
        [[o] + [float(v) for v in first.change[i]] for i, o in enumerate(analysis.measures)],
        name=CHANGES,
    )


def _reached(analysis, first: Outcomes, criterion: str, j: int) -> str:
    """Baseline + the ticked measures' changes + the criterion interactions of the groups
    ticked whole (one row each in the interactions table: the formula's length does not
    grow with their number)."""
    text = f"={{c3}}{{row}}+SUMPRODUCT({_column(BUILDER, CHOSEN)},{_column(CHANGES, criterion)})"
    if any(k == j for _, k, _ in first.groups):
        text += f"+{_together(j + 1)}"
    return text


def _together(row: int) -> str:
    """What the interactions of level row ``row`` add (0: the value-point pairs)."""
    rows, amount, whole = (
        _column(TOGETHER, name) for name in ("Level row", "Change or value", "All chosen")
    )
    return f"SUMPRODUCT(({rows}={row})*{amount}*{whole})"


def _interactions_table(study, analysis, first: Outcomes, ticks) -> list[Table]:
    """One row per interaction: its measures, the level row it changes (0: value points),
    the change or value, and whether the ticks hold all its measures (a formula)."""
    rows = []
    for members, j, change in first.groups:
        ids = [analysis.measures[i] for i in members]
        rows.append(_interaction_row(study, analysis, ids, j + 1, change, ticks))
    pairs = [i for i in study.portfolio.interactions if not i.on_criterion]
    for interaction, amount in zip(pairs, analysis.pair_values, strict=True):
        ids = list(interaction.options)
        rows.append(_interaction_row(study, analysis, ids, 0, amount, ticks))
    if not rows:
        return []
    return [
        Table(
            "Interactions: what measures chosen together add, at their expected size (level "
            "row 0: value points)",
            [
                Column("Measures", width=60),
                Column("Level row", "integer"),
                Column("Change or value", "number"),
                Column("All chosen", "integer"),
            ],
            rows,
            name=TOGETHER,
        )
    ]


def _interaction_row(study, analysis, ids: list[str], row: int, amount: float, ticks) -> list:
    held = all(ticks[analysis.measures.index(o)] for o in ids)
    ticked = ",".join(f"{_tick(analysis, o)}=1" for o in ids)
    names = "; ".join(study.option(o).label for o in ids)
    return [names, row, float(amount), Formula(f"=IF(AND({ticked}),1,0)", int(held))]


def _gain(first: Outcomes, j: int) -> str:
    """The value function as a sum of segments, less the baseline's value."""
    xs, vs = first.points[j]
    base = float(first.criterion_values(first.base[None])[0, j])
    text = f"={float(vs[0])!r}"
    for k in range(1, len(xs)):
        slope = float((vs[k] - vs[k - 1]) / (xs[k] - xs[k - 1]))
        text += f"+{slope!r}*MAX(0,MIN({{c5}}{{row}},{float(xs[k])!r})-{float(xs[k - 1])!r})"
    return f"{text}-{base!r}"


def _column(table: str, name: str) -> str:
    return f"{{{table}|{name}}}"


def _tick(analysis: PortfolioAnalysis, option: str) -> str:
    return f"INDEX({_column(BUILDER, CHOSEN)},{analysis.measures.index(option) + 1})"


def _total_value(analysis, study, profile: str, ticks) -> Formula:
    """A profile's value: weights times gains, plus value-point interactions."""
    gains = _column(LEVELS, "Gain (value points)")
    text = f"=SUMPRODUCT({_column(WEIGHTS, f'Weight: {profile}')},{gains})"
    if any(not i.on_criterion for i in study.portfolio.interactions):
        text += f"+{_together(0)}"
    return Formula(text, analysis.value_of((analysis.headline[0], profile), ticks))


def _resource_checks(study, analysis) -> list[list]:
    rows = []
    for resource in study.portfolio.resources:
        limit = analysis.packages[analysis.headline].limits[resource.id]
        spent = analysis.packages[analysis.headline].cost[resource.id]  # the ticks' cost
        total = f"SUMPRODUCT({_column(BUILDER, CHOSEN)},{_column(BUILDER, f'Cost {resource.id}')})"
        rows.append([f"Total {resource.name} ({resource.unit})", Formula(f"={total}", spent)])
        if np.isfinite(limit):
            over, within = f"over the limit of {limit:g}", f"within the limit of {limit:g}"
            text = f'=IF({total}>{limit!r},"{over}","{within}")'
            rows.append(
                [
                    f"Limit on {resource.in_sentence}",
                    Formula(text, over if spent > limit else within),
                ]
            )
    return rows


def _constraint_check(constraint, study, analysis) -> Formula:
    """The constraint's live test (its kind's formula); the sheet opens with a best
    package, which meets every constraint."""
    options = {o.id: o for o in study.option_records if o.id in analysis.measures}
    members = constraint_members(constraint, options)
    kind = KINDS[constraint.kind]
    test = kind.violated(
        [_tick(analysis, o) for o in members],
        [_tick(analysis, o) for o in constraint.requires],
        constraint.count,
    )
    # "broken" or "ok": the constraint's words stay in the label beside it, so no text of
    # any length enters the formula (Excel refuses text constants over 255 characters)
    return Formula(f'=IF({test},"broken","ok")', "ok")
