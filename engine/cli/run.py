"""``policyscore run``: score every scenario x profile pair and write the Excel report."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from engine.app import load_with_weights, run_report
from engine.cli.arguments import (
    choose,
    method_argument,
    paper_argument,
    profile_argument,
    run_settings,
    sensitivity_settings,
    smaa_arguments,
    study_argument,
    subparser,
    workbook_out,
)
from engine.cli.output import EarlyResults, ProgressBar, print_issues, print_run
from engine.io.workbooks.explore_finding import read_finding
from engine.results import RUN_PORTFOLIO

EXAMPLES = """\
  policyscore run                                   the study in this folder
  policyscore run path/to/study --scenario s0_status_quo --profile equal_weights
  policyscore run study.xlsx --method vikor --out reports/vikor.xlsx
  policyscore run --weights reports/ttp-2025-report.xlsx   re-run with a report's edited weights
  policyscore run --explore reports/ttp-2025-explore.xlsx   quote the last explore run's finding
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands, "run", "score all scenario x profile pairs and write the Excel report", EXAMPLES
    )
    study_argument(parser)
    paper_argument(parser)
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="ID",
        help="scenario to score (repeatable; default: all)",
    )
    profile_argument(parser, "score")
    method_argument(parser)
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="report path (default: reports/<study>-report.xlsx; with --weights W.xlsx "
        "reports/<study>-report-W.xlsx)",
    )
    parser.add_argument(
        "--top",
        type=int,
        default=0,
        metavar="N",
        help="also print the first N options of every pair (0: only the table of winners)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the report path")
    parser.add_argument(
        "--weights",
        type=Path,
        metavar="FILE.xlsx",
        help="weights workbook (or a report): its profiles replace the study's of the same id",
    )
    parser.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="leave out robustness, switch points, tornado and acceptability",
    )
    parser.add_argument(
        "--no-portfolio",
        action="store_true",
        help="leave out the portfolio sheets of a study that declares resources",
    )
    parser.add_argument(
        "--package-judgments",
        action="store_true",
        help="also find the judgments that decide the recommended package (slow: up to "
        "half a second a trial; stops at the package analysis's time limit of 300 s)",
    )
    parser.add_argument(
        "--explore",
        type=Path,
        metavar="FILE.xlsx",
        help="an explore report: its headline finding joins the Summary's brief",
    )
    smaa_arguments(parser, default_samples=2_000)  # per pair: ~1 % sampling error on a share
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    loaded = load_with_weights(args.study, args.weights)
    study, recorded = loaded.study, dict(loaded.recorded)
    scenarios = choose(args.scenario, study.scenarios, "scenario", "--scenario")
    sensitivity = None if args.no_sensitivity else sensitivity_settings(args)
    if args.no_portfolio:
        recorded["portfolio"] = None
    elif args.package_judgments:
        recorded["portfolio"] = replace(RUN_PORTFOLIO, judgments=True)
    if args.explore is not None:
        finding, digest = read_finding(args.explore)
        recorded |= {
            "explore_file": str(args.explore),
            "explore_sha256": digest,
            "explore_finding": finding,
        }
    settings = run_settings(args, study, scenarios, sensitivity, **recorded)
    target = args.out or default_target(study.info.id, args.weights)
    early = () if args.quiet or args.top else ("ranked",)  # --top prints rankings first
    with ProgressBar.for_terminal(args.quiet) as progress:
        found = EarlyResults(study, settings, progress, early)
        written = run_report(loaded, settings, target, args.paper, progress, found)
    if not args.quiet:
        print_issues(written.issues, count_diagnostics=True)
        print_run(written.results, args.top, winners="ranked" not in found.printed)
    print(f"Report written to {target.resolve()}")
    return 0


def default_target(study_id: str, weights: Path | None) -> Path:
    """``reports/<study>-report.xlsx``, or, with ``--weights``, a name that says which
    weights it holds (so a re-run never replaces the report it read its weights from)."""
    if weights is None:
        return Path("reports") / f"{study_id}-report.xlsx"
    return Path("reports") / f"{study_id}-report-{weights.stem}.xlsx"
