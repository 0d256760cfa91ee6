"""Portfolio sheets: best packages, frontier and order of buy, inclusion frequency, the live
package builder. Laid out from :class:`~engine.portfolio.analysis.PortfolioAnalysis`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.portfolio.analysis import PortfolioAnalysis
from engine.portfolio.frontier import MAX_POINTS, NEAR, SUPPORTED, WHOLE, Frontier
from engine.portfolio.inclusion import NEARLY_ALWAYS, RARELY, classify
from engine.report.layout import Chart, Column, Sheet, Table
from engine.report.package_builder import builder_sheet
from engine.study import Study

MARK = "✓"


def portfolio_sheets(study: Study, analysis: PortfolioAnalysis) -> list[Sheet]:
    return [
        packages_sheet(study, analysis),
        *frontier_sheets(study, analysis),
        inclusion_sheet(study, analysis),
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
        "Each measure: in how many profiles' best package (per scenario); in the robust packages",
        [Column("Measure", width=34)]
        + [Column(study.scenario(s).label, "percent", width=14) for s in scenarios]
        + _robust_columns(analysis),
        [
            [_name(study, o)]
            + [float(np.mean([selection.loc[o, (s, p)] for p in profiles])) for s in scenarios]
            + _robust_ticks(analysis, i)
            for i, o in enumerate(analysis.measures)
        ],
        heat_columns=list(range(1, len(scenarios) + 1)),
        footer=_robust_footer(analysis, len(scenarios)),
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
    resources = study.portfolio.resources
    totals = Table(
        "Value, cost and binding constraints of each best package",
        [Column("Scenario", width=30), Column("Profile", width=24), Column("Value", "score")]
        + [Column(f"{r.name} ({r.unit})", "number", width=16) for r in resources]
        + [Column(f"Limit on {r.in_sentence} ({r.unit})", "number") for r in resources]
        + [Column("Binding (dropping it alone would raise the value)", width=44)]
        + [Column("Solver", width=12)],
        [
            [study.scenario(s).label, study.profile(p).name, result.value]
            + [result.cost[r.id] for r in resources]
            + [_limit(result.limits[r.id]) for r in resources]
            + [", ".join(analysis.binding[(s, p)]) or "none", _status(result)]
            for (s, p), result in analysis.packages.items()
        ],
    )
    levels = levels_table(study, analysis)
    runners = runners_table(study, analysis)
    return Sheet(
        "Portfolio",
        "Portfolio: which package of measures gives the most value within the limits?",
        "Read: a package's level on a criterion is the baseline's "
        f"('{_name(study, study.portfolio.baseline)}') plus its measures' changes, held "
        "within the scale; its value is those levels' over the baseline's (resources left "
        "out), in value points; each an exact optimum. Robust: feasible in every pair; best "
        "worst case, or least largest shortfall from each pair's optimum (the one to fund)."
        + (" " + analysis.stopped_words() if analysis.stopped else ""),
        [share, levels, *runners, totals, *side, *judgments_table(study, analysis)],
        printed=2,  # the runners-up on screen: the brief on page 1 says how close they come
        index=True,
    )


def _robust_columns(analysis: PortfolioAnalysis) -> list[Column]:
    if analysis.robust is None:
        return [Column("Robust package", width=14)]
    return [
        Column("Best worst case", "mark", width=10),
        Column("Least maximum regret", "mark", width=10),
    ]


def _robust_ticks(analysis: PortfolioAnalysis, i: int) -> list[str]:
    if analysis.robust is None:
        return [analysis.robust_missing if i == 0 else ""]
    return [MARK if r.package.selected[i] else "" for r in analysis.robust]


def _robust_footer(analysis: PortfolioAnalysis, scenarios: int) -> list[list]:
    if analysis.robust is None:
        return []
    maximin, minimax = analysis.robust
    blank = [None] * scenarios
    return [
        ["Worst value over the pairs", *blank, maximin.worst_value, minimax.worst_value],
        ["Largest regret over the pairs", *blank, maximin.max_regret, minimax.max_regret],
    ]


def runners_table(study: Study, analysis: PortfolioAnalysis) -> list[Table]:
    """The recommended package and the next ones by least maximum regret, each with the
    measures it adds and drops against the recommended one (none without a robust
    package)."""
    if analysis.robust is None:
        return []
    chosen = analysis.robust[1]
    rows = [["The recommended package", chosen.max_regret, 0.0, "", ""]]
    for k, runner in enumerate(analysis.runners_up, start=1):
        adds, drops = analysis.swapped(runner.package.selected)
        rows.append(
            [
                f"Next best {k}",
                runner.max_regret,
                runner.max_regret - chosen.max_regret,
                "; ".join(_name(study, o) for o in adds),
                "; ".join(_name(study, o) for o in drops),
            ]
        )
    return [
        Table(
            "How close the choice is: the next packages by least maximum regret",
            [
                Column("Package", width=24),
                Column("Largest regret", "number"),
                Column("More than the recommended", "number"),
                Column("Adds", width=40, span=3),
                Column("Drops", width=40, span=3),
            ],
            rows,
        )
    ]


def judgments_table(study: Study, analysis: PortfolioAnalysis) -> list[Table]:
    """The judgments that change the recommended package (when the run looked for
    them), each with the value tried and what the new least-regret package swaps."""
    judged = analysis.judgments
    if judged is None:
        return []
    rows = []
    for _, row in judged.table.iterrows():
        delivery = pd.isna(row["criterion"])
        rows.append(
            [
                "every scenario" if delivery else study.scenario(row["scenario"]).name,
                _name(study, row["option"]),
                "delivery likelihood" if delivery else study.criterion(row["criterion"]).name,
                float(row["value"]),
                _range_words(row),
                float(row["tried"]),
                row["within"],
                "yes" if row["sourced"] else "no",
                "; ".join(_name(study, o) for o in row["adds"]),
                "; ".join(_name(study, o) for o in row["drops"]),
            ]
        )
    checked = f"{judged.checked:,} of {judged.trials:,} trials"
    return [
        Table(
            f"Judgments that change the recommended package ({checked}, the largest "
            "possible effect first)",
            [
                Column("Stated in", width=22),
                Column("Measure", width=28),
                Column("Criterion", width=26),
                Column("Value", "number"),
                Column("Stated range", width=14),
                Column("Tried", "number"),
                Column("Within", width=18),
                Column("Sourced", width=8),
                Column("The package then adds", width=40),
                Column("and drops", width=40),
            ],
            rows,
        )
    ]


def _range_words(row) -> str:
    low, high = row["low"], row["high"]
    return "" if pd.isna(low) or pd.isna(high) else f"{low:g} to {high:g}"


def levels_table(study: Study, analysis: PortfolioAnalysis) -> Table:
    """The recommended package's level on every criterion, per scenario, against the
    scale; a mark where its measures would take the level past a scale end."""
    scenarios = list(analysis.levels)
    first = next(iter(analysis.levels.values()))
    saturated = analysis.saturated()
    rows = []
    for criterion in first.index:
        past = saturated.get(criterion, [])
        reached = [analysis.levels[s].loc[criterion, "reached"] for s in past]
        farthest = max(reached, key=lambda r: abs(r - first.loc[criterion, "level"]), default=None)
        rows.append(
            [
                study.criterion(criterion).name,
                study.criterion(criterion).scale.words(),
                f"{farthest:.3g} in {len(past)} of {len(scenarios)}" if past else "",
            ]
            + [float(analysis.levels[s].loc[criterion, "level"]) for s in scenarios]
        )
    return Table(
        "Where the recommended package leaves each criterion (held within the scale)",
        [
            Column("Criterion", width=30),
            Column("Scale", width=14),
            Column("Would reach (scenarios past a scale end)", width=16),
        ]
        + [Column(study.scenario(s).label, "number", width=12) for s in scenarios],
        rows,
    )


def _limit(value: float) -> float | str:
    return value if np.isfinite(value) else "none"


def _status(result) -> str:
    return "optimal" if result.status == "optimal" else f"{result.status}, gap {result.gap:.1%}"


def frontier_sheets(study: Study, analysis: PortfolioAnalysis) -> list[Sheet]:
    scenario, profile = analysis.headline
    resource = study.portfolio.resources[analysis.frontier.resource]
    limit = analysis.packages[analysis.headline].limits[resource.id]
    chosen = analysis.frontier.chosen_at(limit) if np.isfinite(limit) else None
    partial = analysis.frontier.band > 0
    rows, before = [], set()
    for package, found_as in zip(
        analysis.frontier.packages, _found_as(analysis.frontier), strict=True
    ):
        held = {analysis.measures[i] for i in np.flatnonzero(package.selected)}
        mark = package is chosen
        change = [f"+ {_name(study, o)}" for o in analysis.measures if o in held - before]
        change += [f"- {_name(study, o)}" for o in analysis.measures if o in before - held]
        kinds = (
            [package.value if kind in found_as else None for kind in (SUPPORTED, NEAR)]
            if partial
            else []
        )
        rows.append(
            [
                float(package.cost[analysis.frontier.resource]),
                package.value,
                *kinds,
                package.value if mark else None,
                len(held),
                "chosen at the limit" if mark else "",
                *([found_as] if partial else []),
                "; ".join(change),
            ]
        )
        before = held
    marks = [Column("Supported (hull)", "score"), Column("Near the limit", "score")]
    points = Table(
        None,
        [
            Column(f"Cost ({resource.unit})", "number"),
            Column("Value", "score"),
            *(marks if partial else []),
            Column("Chosen", "score"),
            Column("Measures", "integer"),
            Column("At the limit", width=20),
            *([Column("Found as", width=24)] if partial else []),
            Column("Change from the point above (+ added, - dropped)", width=60),
        ],
        rows,
    )
    buy = Table(
        None,
        [
            Column("Measure", width=34),
            Column("Adds (value points)", "score"),
            Column(f"Cost ({resource.unit})", "number"),
            Column("Adds per unit", "number"),
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
        f"Value against {resource.in_sentence}",
        table=1,
        categories=0,
        series=[2, 3, 4] if partial else [1, 2],
        value_title="Value",
        colours=("1F4E79", "ED7D31", "C00000") if partial else ("1F4E79", "C00000"),
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
            f"Frontier: what each level of {resource.in_sentence} buys ({pair})",
            "Read: every package no other beats on both value and cost (exact, every other "
            "limit and constraint kept), cheapest first, with what changes from one to the "
            "next; the chosen package is the best one within the limit."
            + _partial_words(analysis.frontier.band),
            [at_limit, points],
            charts=[chart],
            printed=1,
        ),
        Sheet(
            "Order of buy",
            f"Order of buy: what each next measure adds per unit of {resource.in_sentence} "
            f"({pair})",
            "Read: each row buys the measure adding most value per unit of cost to those above "
            "it, with running cost and value; a note marks where a constraint or interaction "
            "makes the optimum at that cost differ.",
            [buy],
        ),
    ]


def inclusion_sheet(study: Study, analysis: PortfolioAnalysis) -> Sheet:
    scenarios = list(analysis.inclusion)
    overall = analysis.overall_inclusion()
    done = analysis.decided
    table = Table(
        None,
        [
            Column("Measure", width=34),
            Column("Class (all scenarios)", width=14),
            Column("All scenarios", "percent", width=12),
        ]
        + [Column(study.scenario(s).label, "percent", width=16) for s in scenarios],
        [
            [_name(study, o), *_overall_share(float(overall[i]), done)]
            + [_share(analysis.inclusion[s], i) for s in scenarios]
            for i, o in enumerate(analysis.measures)
        ],
        heat_columns=list(range(2, len(scenarios) + 3)),
    )
    method = next(iter(analysis.inclusion.values())).method if analysis.inclusion else ""
    settings = analysis.settings
    drawn = f"{settings.samples:,} samples"
    if done < settings.samples:
        drawn = f"{done:,} of {settings.samples:,} samples (the time limit stopped the rest)"
    return Sheet(
        "Inclusion frequency",
        "Inclusion frequency: how often is each measure in the best package under uncertainty?",
        f"Read: {drawn} spread evenly over the scenarios and the run's "
        "profiles (weights drawn around each profile, Dirichlet concentration "
        f"{settings.concentration:g}; performances and costs uniform within their low/high "
        f"ranges; seed {settings.seed}); each sample's best package found exactly ({method}). "
        f"Share of sampled best packages holding the measure: nearly always at least "
        f"{NEARLY_ALWAYS:.0%}, rarely at most {RARELY:.0%}, sometimes in between (this is "
        "not Liesiö, Mild and Salo's core index, which counts non-dominated packages).",
        [table],
    )


def _share(inclusion, i: int) -> float | None:
    """A measure's share in one scenario's samples (blank when none was decided)."""
    return float(inclusion.share[i]) if inclusion.samples else None


def _overall_share(share: float, done: int) -> list:
    """Class and share over every sample decided (a class only when some was)."""
    return [classify(share), share] if done else ["not sampled", None]


def _found_as(shown: Frontier) -> tuple[str, ...]:
    """What each frontier package was found as (the whole frontier's: all alike)."""
    return shown.shown_as or (WHOLE,) * len(shown.packages)


def _partial_words(band: float) -> str:
    """What a frontier too large to trace whole shows (nothing when it is whole)."""
    if band <= 0:
        return ""
    return (
        f" More than {MAX_POINTS:,} packages are efficient (or the problem is too large "
        "to trace whole by default), so this shows those a decision needs, each exact and "
        "marked on the chart for what it is: the supported ones (the convex hull: each the "
        "best value per unit of cost for some price of the resource), every package within "
        f"{band:.0%} of the limit, and the best package at the limit. policyscore "
        "portfolio --frontier full traces every one."
    )
