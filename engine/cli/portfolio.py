"""``policyscore portfolio``: the best package of measures under budgets and constraints."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from engine.app import load_with_weights, portfolio_report
from engine.cli.arguments import (
    choose,
    cluster_errors,
    paper_argument,
    profile_argument,
    refused,
    run_settings,
    seed_check,
    study_argument,
    subparser,
    workbook_out,
)
from engine.cli.output import EarlyResults, ProgressBar, print_issues, print_portfolio
from engine.errors import InputError, Location, error
from engine.executor import cores
from engine.portfolio.settings import TIME_LIMIT, PortfolioSettings
from engine.portfolio.study_problems import portfolio_of

EXAMPLES = """\
  policyscore portfolio                                   every scenario and profile
  policyscore portfolio --budget fiscal=300 --scenario s0_status_quo
  policyscore portfolio --samples 10000 --seed 7 --out reports/packages.xlsx
  policyscore portfolio --frontier full --workers 2       every package on the frontier
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "portfolio",
        "best package of measures per scenario x profile, frontier, robust package, "
        "inclusion frequency",
        EXAMPLES,
    )
    study_argument(parser)
    paper_argument(parser)
    parser.add_argument(
        "--budget",
        action="append",
        metavar="RESOURCE=AMOUNT",
        help="limit on a resource instead of the study's (repeatable)",
    )
    parser.add_argument(
        "--scenario", action="append", metavar="ID", help="scenario (repeatable; default: all)"
    )
    profile_argument(parser, "optimise for")
    parser.add_argument(
        "--samples",
        type=int,
        default=2_000,
        help="inclusion-frequency samples, spread over the scenarios",
    )
    parser.add_argument("--seed", type=int, default=20250101, help="random seed of the samples")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help="wall-clock limit for the whole package analysis: each program gets the time "
        "left (a best package stopped early is reported with its gap) and the binding "
        "constraints, frontier and samples stop there and say so (default: 300)",
    )
    parser.add_argument(
        "--frontier",
        choices=("default", "full"),
        default="default",
        help="default: the whole frontier where it is small, else the best package at the "
        "limit, the convex hull and every package within 10%% of the limit; full: every "
        "package on the frontier, its budget intervals spread over --workers processes",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="K",
        help="processes that decide the inclusion-frequency samples and trace a large "
        "frontier (the same results for any number; default: the cores of this machine; "
        "1 runs in this process)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the samples and the frontier's pieces on the Dask cluster whose scheduler "
        "is at ADDRESS (tcp://host:8786; needs policyscore[dask])",
    )
    parser.add_argument(
        "--judgments",
        action="store_true",
        help="also find the judgments that decide the recommended package (slow: up to "
        "half a second a trial; stops at --time-limit, the largest possible effects first)",
    )
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="report path (default: reports/<study>-portfolio.xlsx)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the report path")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    loaded = load_with_weights(args.study)
    study = loaded.study
    scenarios = choose(args.scenario, study.scenarios, "scenario", "--scenario")
    chosen = _settings(args)
    portfolio_of(study)  # a study without resources is refused before anything is computed
    args.method = "additive"  # a measure's benefit is its additive score over the baseline
    settings = run_settings(args, study, scenarios, None, portfolio=chosen)
    target = args.out or Path("reports") / f"{study.info.id}-portfolio.xlsx"
    early = () if args.quiet else ("package",)
    with cluster_errors(args.scheduler), ProgressBar.for_terminal(args.quiet) as progress:
        found = EarlyResults(study, settings, progress, early)
        written = portfolio_report(loaded, settings, target, args.paper, progress, found)
    if not args.quiet:
        print_issues(written.issues, count_diagnostics=True)
        print_portfolio(written.results, pairs="package" not in found.printed)
    print(f"Report written to {target}")
    return 0


MAX_WORKERS = 256
"""Processes ``--workers`` may ask for (each holds its own copy of the problem)."""
MAX_SAMPLES = 100_000
"""Inclusion-frequency samples a command may ask for (one integer program each)."""


def _settings(args: argparse.Namespace) -> PortfolioSettings:
    """The command's portfolio settings, every bad one reported in one pass."""
    problems: list = []
    given = budgets(args.budget or [], problems)
    if not 1 <= args.samples <= MAX_SAMPLES:
        problems.append(
            error(
                "samples-invalid",
                Location(path="--samples"),
                f"{args.samples:,}",
                f"a whole number from 1 to {MAX_SAMPLES:,} (each sample is one exact "
                "program: 100,000 take about an hour on the shipped study)",
            )
        )
    problems += refused([seed_check(args.seed)])
    limit = args.time_limit
    if limit is not None and not (math.isfinite(limit) and limit > 0):
        problems.append(
            error(
                "time-limit-invalid",
                Location(path="--time-limit"),
                f"{limit:g} seconds",
                "a positive, finite number of seconds",
            )
        )
    workers = (
        args.workers if args.workers is not None else (cores() if args.frontier == "full" else 1)
    )
    if not 1 <= workers <= MAX_WORKERS:
        problems.append(
            error(
                "workers-invalid",
                Location(path="--workers"),
                f"{workers} processes",
                f"a whole number from 1 to {MAX_WORKERS}",
            )
        )
    if problems:
        raise InputError(problems)
    return PortfolioSettings(
        budgets=given,
        samples=args.samples,
        seed=args.seed,
        time_limit=limit,
        frontier=args.frontier,
        workers=workers,
        judgments=args.judgments,
        scheduler=args.scheduler,
    )


def budgets(given: list[str], problems: list) -> dict[str, float]:
    """``RESOURCE=AMOUNT`` strings as a mapping (every malformed or repeated one added to
    ``problems``)."""
    out: dict[str, float] = {}
    for text in given:
        name, _, amount = text.partition("=")
        try:
            value = float(amount)
        except ValueError:
            value = float("nan")
        if not name or not (value >= 0 and value != float("inf")):
            problems.append(
                error(
                    "budget-invalid",
                    Location(path="--budget"),
                    repr(text),
                    "RESOURCE=AMOUNT with a finite amount of zero or more, e.g. fiscal=300",
                )
            )
        elif name in out:
            problems.append(
                error(
                    "budget-invalid",
                    Location(path="--budget"),
                    f"{name} given twice ({out[name]:g}, then {value:g})",
                    "each resource's budget once",
                )
            )
        else:
            out[name] = value
    return out
