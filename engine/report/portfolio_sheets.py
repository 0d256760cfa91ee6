"""Portfolio sheets: best packages, frontier and order of buy, core index, the live
package builder. Laid out from :class:`~engine.portfolio.analysis.PortfolioAnalysis`."""

from __future__ import annotations

import numpy as np

from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import PortfolioAnalysis, constraint_words
from engine.portfolio.core_index import CORE, EXTERIOR, classify
from engine.portfolio_checks import constraint_members
from engine.report.layout import Chart, Column, Formula, Sheet, Table
from engine.study import Study

MARK = "✓"
BUILDER = "package_builder"


def portfolio_sheets(study: Study, analysis: PortfolioAnalysis) -> list[Sheet]:
    return [
        packages_sheet(study, analysis),
        *frontier_sheets(study, analysis),
        core_sheet(study, analysis),
        builder_sheet(study, analysis),
    ]


def _name(study: Study, option: str) -> str:
    """The measure's short name where the study gives one (tables here are narrow)."""
    return study.option(option).label


def packages_sheet(study: Study, analysis: PortfolioAnalysis) -> Sheet:
    pairs = list(analysis.packages)
    selection = analysis.selection()
    scenarios = list(dict.fromkeys(s for s, _ in pairs))
    profiles = list(dict.fromkeys(p for _, p in pairs))
    share = Table(
        "In how many profiles' best package is each measure? (per scenario)",
        [Column("Measure", width=34)]
        + [Column(study.scenario(s).name, "percent", width=16) for s in scenarios],
        [
            [_name(study, o)]
            + [float(np.mean([selection.loc[o, (s, p)] for p in profiles])) for s in scenarios]
            for o in analysis.measures
        ],
        heat_columns=list(range(1, len(scenarios) + 1)),
    )
    side = [
        Table(
            f"Best packages side by side: {study.scenario(s).name} (a tick: in the package)",
            [Column("Measure", width=34)]
            + [Column(study.profile(p).name, width=14) for p in profiles],
            [
                [_name(study, o)] + [MARK if selection.loc[o, (s, p)] else "" for p in profiles]
                for o in analysis.measures
            ],
        )
        for s in scenarios
    ]
    resources = sp.portfolio_of(study).resources
    totals = Table(
        "Value, cost and binding constraints of each best package",
        [Column("Scenario", width=30), Column("Profile", width=24), Column("Value", "score")]
        + [Column(f"{r.name} ({r.unit})", "number", width=16) for r in resources]
        + [Column(f"Limit on {r.name.lower()} ({r.unit})", "number") for r in resources]
        + [Column("Binding (dropping it alone would raise the value)", width=44)]
        + [Column("Solver", width=12)],
        [
            [study.scenario(s).name, study.profile(p).name, result.value]
            + [result.cost[r.id] for r in resources]
            + [_limit(result.limits[r.id]) for r in resources]
            + [", ".join(analysis.binding[(s, p)]) or "none", _status(result)]
            for (s, p), result in analysis.packages.items()
        ],
    )
    robust = _robust_table(study, analysis)
    return Sheet(
        "Portfolio",
        "Portfolio: which package of measures gives the most value within the limits?",
        f"Read: a measure's benefit is its additive score minus that of the baseline "
        f"'{_name(study, sp.portfolio_of(study).baseline)}' on every criterion that is not a "
        "resource (weights renormalised); a package is worth the sum of its measures' benefits "
        "plus declared interactions, in value points. Each package is an exact optimum "
        "(HiGHS integer program). Robust: feasible in every pair; best worst-case value, and "
        "least largest shortfall from each pair's own optimum.",
        [share, robust, totals, *side],
        printed=2,
        index=True,
    )


def _robust_table(study: Study, analysis: PortfolioAnalysis) -> Table:
    title = "Robust packages across every scenario x profile of the run"
    if analysis.robust is None:
        return Table(title, [Column("Note", width=80)], [["No package is feasible in every pair."]])
    maximin, minimax = analysis.robust
    return Table(
        title,
        [Column("Measure", width=34), Column("Best worst case"), Column("Least maximum regret")],
        [
            [
                _name(study, o),
                MARK if maximin.package.selected[i] else "",
                MARK if minimax.package.selected[i] else "",
            ]
            for i, o in enumerate(analysis.measures)
        ],
        footer=[
            ["Worst value over the pairs", maximin.worst_value, minimax.worst_value],
            ["Largest regret over the pairs", maximin.max_regret, minimax.max_regret],
        ],
    )


def _limit(value: float) -> float | str:
    return value if np.isfinite(value) else "none"


def _status(result) -> str:
    return "optimal" if result.status == "optimal" else f"{result.status}, gap {result.gap:.1%}"


def frontier_sheets(study: Study, analysis: PortfolioAnalysis) -> list[Sheet]:
    scenario, profile = analysis.headline
    resource = sp.portfolio_of(study).resources[analysis.frontier.resource]
    limit = analysis.packages[analysis.headline].limits[resource.id]
    chosen = analysis.frontier.chosen_at(limit) if np.isfinite(limit) else None
    rows, before = [], set()
    for package in analysis.frontier.packages:
        held = {analysis.measures[i] for i in np.flatnonzero(package.selected)}
        mark = package is chosen
        change = [f"+ {_name(study, o)}" for o in analysis.measures if o in held - before]
        change += [f"- {_name(study, o)}" for o in analysis.measures if o in before - held]
        rows.append(
            [
                float(package.cost[analysis.frontier.resource]),
                package.value,
                package.value if mark else None,
                len(held),
                "chosen at the limit" if mark else "",
                "; ".join(change),
            ]
        )
        before = held
    points = Table(
        None,
        [
            Column(f"Cost ({resource.unit})", "number"),
            Column("Value", "score"),
            Column("Chosen", "score"),
            Column("Measures", "integer"),
            Column("At the limit", width=20),
            Column("Change from the point above (+ added, - dropped)", width=60),
        ],
        rows,
    )
    buy = Table(
        None,
        [
            Column("Measure", width=34),
            Column("Benefit", "score"),
            Column(f"Cost ({resource.unit})", "number"),
            Column("Benefit per unit", "number"),
            Column("Cumulative cost", "number"),
            Column("Cumulative value", "score"),
            Column("Note", width=50),
        ],
        [
            [
                _name(study, analysis.measures[s.measure]),
                s.benefit,
                s.cost,
                s.ratio if np.isfinite(s.ratio) else "free",
                s.cumulative_cost,
                s.cumulative_value,
                s.note,
            ]
            for s in analysis.order_of_buy
        ],
    )
    chart = Chart(
        f"Value against {resource.name.lower()}",
        table=1,
        categories=0,
        series=[1, 2],
        style="scatter",
        axis_title=f"{resource.unit}",
        anchor=0,
        below=True,
    )
    at_limit = Table(
        "The package chosen at the limit",
        [
            Column(f"Limit ({resource.unit})", "number"),
            Column(f"Cost ({resource.unit})", "number"),
            Column("Value", "score"),
            Column("Measures", width=90),
        ],
        [
            [
                float(limit) if np.isfinite(limit) else None,
                float(chosen.cost[analysis.frontier.resource]),
                chosen.value,
                "; ".join(
                    _name(study, analysis.measures[i]) for i in np.flatnonzero(chosen.selected)
                ),
            ]
        ]
        if chosen is not None
        else [[None, None, None, "no package on the frontier fits the limit"]],
    )
    pair = f"{study.scenario(scenario).name} x {study.profile(profile).name}"
    return [
        Sheet(
            "Frontier",
            f"Frontier: what each level of {resource.name.lower()} buys ({pair})",
            "Read: every package no other beats on both value and cost (exact, every other "
            "limit and constraint kept), cheapest first, with what changes from one to the "
            "next; the chosen package is the best one within the limit.",
            [at_limit, points],
            charts=[chart],
            printed=1,
        ),
        Sheet(
            "Order of buy",
            f"Order of buy: measures by benefit per unit of {resource.name.lower()} ({pair})",
            "Read: measures with a positive benefit, best value for money first, with the "
            "running cost and value if bought in this order; a note marks where a constraint "
            "or an interaction makes the optimum at that cost differ from this greedy package.",
            [buy],
        ),
    ]


def core_sheet(study: Study, analysis: PortfolioAnalysis) -> Sheet:
    scenarios = list(analysis.core)
    overall = analysis.overall_core()
    table = Table(
        None,
        [Column("Measure", width=34), Column("All scenarios", "percent", width=12)]
        + [Column(study.scenario(s).name, "percent", width=16) for s in scenarios]
        + [Column("Class (all scenarios)", width=14)],
        [
            [_name(study, o), float(overall[i])]
            + [float(analysis.core[s].index[i]) for s in scenarios]
            + [classify(float(overall[i]))]
            for i, o in enumerate(analysis.measures)
        ],
        heat_columns=list(range(1, len(scenarios) + 2)),
    )
    method = next(iter(analysis.core.values())).method if analysis.core else ""
    settings = analysis.settings
    return Sheet(
        "Core index",
        "Core index: which measures belong in the package whatever the uncertainty?",
        f"Read: {settings.samples:,} samples spread evenly over the scenarios and the run's "
        "profiles (weights drawn around each profile, Dirichlet concentration "
        f"{settings.concentration:g}; performances and costs uniform within their low/high "
        f"ranges; seed {settings.seed}); each sample's best package found exactly ({method}). "
        f"Core: at least {CORE:.0%}; exterior: at most {EXTERIOR:.0%}; borderline in between "
        "(Liesiö, Mild and Salo 2007).",
        [table],
    )


def builder_sheet(study: Study, analysis: PortfolioAnalysis) -> Sheet:
    """Tick measures (0/1) and read totals and violated constraints as live formulas."""
    scenario = analysis.headline[0]
    portfolio = sp.portfolio_of(study)
    value, _, _ = sp.costs(study, scenario)
    profiles = list(dict.fromkeys(p for _, p in analysis.packages))
    benefits = {p: sp.benefits(study, scenario, p) for p in profiles}
    chosen = analysis.packages[analysis.headline].selected
    rows = [
        [o, _name(study, o), 1 if o in chosen else 0]
        + [float(v) for v in value[i]]
        + [float(benefits[p][o]) for p in profiles]
        for i, o in enumerate(analysis.measures)
    ]
    names = [study.profile(p).name for p in profiles]
    unique = len(set(names)) == len(names)
    benefit_header = {
        p: f"Benefit: {name}" if unique else f"Benefit: {name} ({p})"
        for p, name in zip(profiles, names, strict=True)
    }
    columns = (
        [Column("Id", width=30), Column("Measure", width=34), Column("Chosen (0/1)", "integer")]
        + [Column(f"Cost {r.id}", "number") for r in portfolio.resources]
        + [Column(benefit_header[p], "score", width=10) for p in profiles]
    )
    table = Table(
        f"Tick measures: 1 = in the package ({study.scenario(scenario).name})",
        columns,
        rows,
        name=BUILDER,
        inputs=[2],
    )
    ticks = np.array([row[2] for row in rows], dtype=float)
    checks = [
        [
            "Value under " + study.profile(p).name,
            _total_value(benefit_header[p], analysis, study, ticks, benefits[p].to_numpy()),
        ]
        for p in profiles
    ]
    for k, resource in enumerate(portfolio.resources):
        limit = analysis.packages[analysis.headline].limits[resource.id]
        spent = float(ticks @ value[:, k])
        checks.append(
            [f"Total {resource.name} ({resource.unit})", _sum(f"Cost {resource.id}", spent)]
        )
        if np.isfinite(limit):
            total = f"SUMPRODUCT({_column('Chosen (0/1)')},{_column(f'Cost {resource.id}')})"
            over, within = f"over the limit of {limit:g}", f"within the limit of {limit:g}"
            text = f'=IF({total}>{limit!r},"{over}","{within}")'
            checks.append(
                [
                    f"Limit on {resource.name.lower()}",
                    Formula(text, over if spent > limit else within),
                ]
            )
    for constraint in portfolio.constraints:
        checks.append(
            [
                f"Constraint: {constraint_words(study, constraint)}",
                _constraint_check(constraint, study, analysis, ticks),
            ]
        )
    summary = Table(
        "Totals and constraints (formulas: they follow your ticks)",
        [Column("Check", width=30), Column("Result", "score", width=24)],
        checks,
    )
    return Sheet(
        "Package builder",
        "Package builder: try a package and see its cost, value and the constraints it breaks",
        "Read: put 1 in 'Chosen' for each measure in the package (0 otherwise); the totals and "
        "checks below recalculate. Benefits are the engine's for this scenario under each "
        "profile (value points over the baseline); interactions are added when both measures "
        "are ticked. It opens with the best package of the first pair ticked.",
        [table, summary],
    )


def _column(name: str) -> str:
    return f"{{{BUILDER}|{name}}}"


def _sum(column: str, cached: float) -> Formula:
    return Formula(f"=SUMPRODUCT({_column('Chosen (0/1)')},{_column(column)})", cached)


def _tick(analysis: PortfolioAnalysis, option: str) -> str:
    return f"INDEX({_column('Chosen (0/1)')},{analysis.measures.index(option) + 1})"


def _total_value(column, analysis, study, ticks, benefit) -> Formula:
    text = f"=SUMPRODUCT({_column('Chosen (0/1)')},{_column(column)})"
    cached = float(ticks @ benefit)
    for interaction in sp.portfolio_of(study).interactions:
        a, b = interaction.options
        text += f"+IF(AND({_tick(analysis, a)}=1,{_tick(analysis, b)}=1),{interaction.value!r},0)"
        i, j = analysis.measures.index(a), analysis.measures.index(b)
        cached += interaction.value if ticks[i] == 1 and ticks[j] == 1 else 0.0
    return Formula(text, cached)


def _constraint_check(constraint, study, analysis, ticks) -> Formula:
    options = {o.id: o for o in study.option_records if o.id in analysis.measures}
    members = constraint_members(constraint, options)
    count = "+".join(_tick(analysis, o) for o in members) or "0"
    held = sum(ticks[analysis.measures.index(o)] for o in members)
    kind, names = constraint.kind, ", ".join(members)
    if kind == "requires":
        needs = "+".join(_tick(analysis, o) for o in constraint.requires)
        broken = [
            o
            for o in members
            if ticks[analysis.measures.index(o)] == 1
            and any(ticks[analysis.measures.index(r)] == 0 for r in constraint.requires)
        ]
        tests = ",".join(
            f"AND({_tick(analysis, o)}=1,{needs}<{len(constraint.requires)})" for o in members
        )
        message = f"violated: {names} need(s) {', '.join(constraint.requires)}"
        return _check(f"OR({tests})", message, bool(broken))
    test, violated = {
        "exclusive": (f"({count})>1", held > 1),
        "at_most": (f"({count})>{constraint.count}", held > (constraint.count or 0)),
        "at_least": (f"({count})<{constraint.count}", held < (constraint.count or 0)),
        "include": (f"({count})<{len(members)}", held < len(members)),
        "exclude": (f"({count})>0", held > 0),
    }[kind]
    words = {
        "exclusive": f"violated: at most one of {names}",
        "at_most": f"violated: at most {constraint.count} of {names}",
        "at_least": f"violated: at least {constraint.count} of {names}",
        "include": f"violated: must include {names}",
        "exclude": f"violated: must exclude {names}",
    }[kind]
    return _check(test, words, violated)


def _check(test: str, message: str, violated: bool) -> Formula:
    safe = message.replace('"', "'")
    return Formula(f'=IF({test},"{safe}","ok")', safe if violated else "ok")
