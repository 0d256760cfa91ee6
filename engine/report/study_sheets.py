"""Sheets about the study and its rankings: summary, scenarios, methods, weights, evidence."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from engine import methods
from engine._version import __version__
from engine.errors import Issue
from engine.report.layout import Column, Sheet, Table
from engine.results import RunResults, RunSettings
from engine.scoring import Pair
from engine.study import Study
from engine.weights_data import WeightsData


def methods_sheet(results: RunResults) -> Sheet:
    """Rank of each option under every applicable method, with Kendall's tau to the run's method."""
    comparison, method = results.comparison, results.settings.method
    tables = [
        _method_table(results.study, pair, comparison.ranks[pair], method, comparison.taus[pair])
        for pair in results.settings.pairs
    ]
    overview = _methods_overview(results)
    return Sheet(
        "Methods",
        "Would another method rank the options the same way?",
        f"Read: first, per pair, each method's winner, how many methods agree with the run's "
        f"method ({method}) on it and the lowest Kendall's tau; then the ranks (1 = best) per "
        "method, with Kendall's tau in the last row: 1 = same order, 0 = unrelated, -1 = "
        "reversed.",
        [overview, *tables],
        index=True,
        printed=1,
    )


def _methods_overview(results: RunResults) -> Table:
    """One row per pair: each method's winner, agreement on it, and the lowest tau."""
    study, main = results.study, results.settings.method
    names = list(results.comparison.methods)
    rows = []
    for pair in results.settings.pairs:
        ranks = results.comparison.ranks[pair]
        winners = {n: ranks.index[int(np.argmin(ranks[n].to_numpy()))] for n in names}
        taus = results.comparison.taus[pair]
        lowest = min((n for n in names if n != main), key=lambda n: taus[n], default=main)
        same = sum(winners[n] == winners[main] for n in names)
        rows.append(
            [study.scenario(pair[0]).label, study.profile(pair[1]).name]
            + [study.option(winners[n]).label for n in names]
            + [f"{same} of {len(names)}", taus[lowest], methods.get(lowest).title]
        )
    return Table(
        "Overview: each method's winner per scenario x profile",
        [Column("Scenario", width=26), Column("Profile", width=26)]
        + [Column(methods.get(n).title, width=24) for n in names]
        + [
            Column(f"Same winner as {main}", width=12),
            Column("Lowest tau", "number", width=10),
            Column("with", width=18),
        ],
        rows,
    )


def _method_table(
    study: Study, pair: Pair, ranks: pd.DataFrame, main: str, taus: dict[str, float]
) -> Table:
    names = list(ranks.columns)
    table = ranks.to_numpy()
    order = np.lexsort((np.arange(len(study.options)), ranks[main].to_numpy()))
    columns = [Column("Option", width=30), Column("Option name", width=40)]
    columns += [Column(methods.get(n).title, "integer", 16) for n in names]
    rows = [
        [
            study.options[i],
            study.option(study.options[i]).name,
            *(int(r) for r in table[i]),
        ]
        for i in order
    ]
    footer = [["Kendall tau", f"agreement with {main}", *(taus[n] for n in names)]]
    scenario, profile = pair
    title = f"{study.scenario(scenario).name} x {study.profile(profile).name}"
    best = list(range(2, 2 + len(names)))
    return Table(title, columns, rows, best_columns=best, footer=footer)


def weights_sheet(weights: WeightsData) -> Sheet:
    """The editable Weights layout (the same as ``policyscore template weights``)."""
    return Sheet(
        "Weights",
        "Weights by profile",
        "Read: swing points are normalised among siblings; global weight = product down the tree.",
        [],
        weights=weights,
    )


def evidence_sheet(study: Study, scenarios: Sequence[str]) -> Sheet:
    columns = [
        Column("Scenario", width=24),
        Column("Option", width=30),
        Column("Criterion", width=28),
        Column("Performance", "number"),
        Column("Unit", width=14),
        Column("Value (0-100)", "score"),
        Column("Low", "number"),
        Column("High", "number"),
        Column("Set in scenario", width=24),
        Column("Rationale", width=70),
        Column("Sources", width=30),
    ]
    rows = []
    units = [c.scale.unit for c in study.tree.criteria]
    for scenario in scenarios:
        cells = study.cells(scenario)
        values = study.values(scenario).to_numpy()
        for i, option in enumerate(study.options):
            for j, criterion in enumerate(study.criteria):
                cell, origin = cells[(option, criterion)]
                rows.append(
                    [
                        scenario,
                        option,
                        criterion,
                        cell.value,
                        units[j],
                        float(values[i, j]),
                        cell.low,
                        cell.high,
                        origin,
                        cell.rationale,
                        ", ".join(cell.evidence),
                    ]
                )
    return Sheet(
        "Evidence",
        "Evidence behind every performance value",
        "Read: one row per scenario, option and criterion; "
        "'Set in scenario' shows inherited values.",
        [Table(None, columns, rows, heat_columns=[5])],
        printed=0,
    )


def sources_sheet(study: Study) -> Sheet:
    columns = [
        Column("Source", width=28),
        Column("Title", width=50),
        Column("Measures", width=50),
        Column("Figure", "number"),
        Column("Unit", width=12),
        Column("Where", width=24),
        Column("Citation", width=50),
    ]
    rows = [
        [s.id, s.title, s.measures, s.figure, s.unit, s.locator, s.citation]
        for s in study.source_records
    ]
    return Sheet(
        "Sources",
        "Evidence sources",
        "Read: ids in the Evidence sheet refer to these rows.",
        [Table(None, columns, rows)],
        printed=0,
    )


def issues_sheet(issues: Sequence[Issue]) -> Sheet:
    columns = [
        Column("Severity", width=9),
        Column("Code", width=24),
        Column("Where", width=34),
        Column("Message", width=80),
    ]
    rows = [[i.severity.value, i.code, str(i.location), i.message] for i in issues]
    if not rows:
        rows = [["", "", "", "No warnings."]]
    return Sheet(
        "Issues",
        "Warnings found in the input",
        "Read: warnings do not stop a run but deserve a look; fix them in the named file.",
        [Table(None, columns, rows)],
    )


def _sensitivity_rows(settings: RunSettings) -> list[list[Any]]:
    s = settings.sensitivity
    if s is None:
        return [["Sensitivity", "not run (--no-sensitivity)"]]
    performance = s.performance or "fixed at the stated values"
    return [
        [
            "SMAA",
            f"{s.samples:,} samples, seed {s.seed}, {s.sampling} weight sampling"
            + (f" (concentration {s.concentration:g})" if s.sampling == "dirichlet" else "")
            + f", performance {performance}"
            + (
                "; plus a uniform 'no preference information' run per scenario"
                if s.reference and s.sampling != "uniform"
                else ""
            ),
        ],
        ["Tornado", f"each local weight -/+ {s.delta:g}; performance cells to their low/high"],
        ["Switch points", "exact, additive value model, siblings rescaled proportionally"],
        ["Robustness", f"top k = {s.top}; regret in the method's score units"],
    ]


def _workbook_rows(settings: RunSettings) -> list[list[Any]]:
    explored = (
        [["Explore report quoted", f"{settings.explore_file} (SHA-256 {settings.explore_sha256})"]]
        if settings.explore_file
        else []
    )
    if not settings.weights_file:
        return explored
    return [
        *explored,
        ["Weights workbook", f"{settings.weights_file} (SHA-256 {settings.weights_sha256})"],
        [
            "Profiles from the workbook",
            ", ".join(settings.weights_profiles)
            + " (they replace the study's profiles of the same id for this run)",
        ],
    ]


REPORT_FORMAT_ITEM, REPORT_FORMAT = "Report format", 1
"""The layout version of run reports (``policyscore compare`` reads their Weights and Run
info sheets and refuses a version it does not know)."""


def run_info_sheet(study: Study, settings: RunSettings) -> Sheet:
    spec = methods.get(settings.method)
    about = [
        ["Engine", f"policyscore {__version__}"],
        [REPORT_FORMAT_ITEM, REPORT_FORMAT],
        ["Study", f"{study.info.name} ({study.info.id})"],
        ["Study folder", settings.study_path],
        ["Method", f"{settings.method} ({spec.title})"],
        ["Parameters", spec.parameters],
        ["Scenarios", ", ".join(settings.scenarios)],
        ["Profiles", ", ".join(settings.profiles)],
        ["Tie rule", spec.tie_rule],
        ["Created (UTC)", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")],
        ["Command", settings.command],
        ["Python", platform.python_version()],
        ["numpy / pandas", f"{np.__version__} / {pd.__version__}"],
    ]
    about += (
        _sensitivity_rows(settings) + _workbook_rows(settings) + _portfolio_rows(study, settings)
    )
    files = [[f.path, f.sha256] for f in study.inputs]
    return Sheet(
        "Run info",
        "How this report was made",
        "Read: the hashes (below, on screen) identify the exact input files; re-running on "
        "them gives the same ranks.",
        [
            Table(None, [Column("Item", width=22), Column("Value", width=80)], about),
            Table(
                "Input files (SHA-256)",
                [Column("File", width=40), Column("SHA-256", width=70)],
                files,
            ),
        ],
        printed=1,  # the settings on paper; 64-digit hashes are for machines, on screen
    )


def _portfolio_rows(study: Study, settings: RunSettings) -> list[list[str]]:
    chosen = settings.portfolio
    if study.portfolio is None or chosen is None:
        return []
    budgets = ", ".join(f"{r}={a:g}" for r, a in chosen.budgets.items()) or "the study's limits"
    return [
        ["Portfolio solver", "HiGHS 0-1 integer programs (highspy), zero optimality gap"],
        ["Portfolio budgets", budgets],
        [
            "Inclusion frequency",
            f"{chosen.samples:,} samples spread over the scenarios, seed {chosen.seed}, Dirichlet "
            f"concentration {chosen.concentration:g}, performances and costs uniform in range",
        ],
        [
            "Time limit",
            "none"
            if chosen.time_limit is None
            else f"{chosen.time_limit:g} s for the whole package analysis",
        ],
        [
            "Frontier",
            (
                "full: every package"
                if chosen.frontier == "full"
                else "default: whole where small, else the convex hull, every package within "
                "10% of the limit and the optimum there"
            )
            + f"; {chosen.workers} process(es) (the same packages for any number)",
        ],
    ]
