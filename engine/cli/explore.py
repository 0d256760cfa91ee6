"""``policyscore explore``: generated futures, robustness and scenario discovery."""

from __future__ import annotations

import argparse
import math

from engine.app.explore import explore_study
from engine.cli.arguments import (
    cluster_errors,
    command_line,
    paper_argument,
    refused,
    seed_check,
    study_argument,
    subparser,
    workbook_out,
)
from engine.cli.output import ProgressBar, print_issues
from engine.errors import InputError
from engine.executor import executor_for
from engine.explore.analysis import REGRET_LIMIT
from engine.explore.ensemble import DESIGNS, MAX_FUTURES, Ensemble
from engine.portfolio.settings import TIME_LIMIT

EXAMPLES = """\
  policyscore explore                                10,000 futures of the study here
  policyscore explore --futures 1000000 --workers 2  on a local Dask cluster of two workers
  policyscore explore --scheduler tcp://10.0.0.5:8786 --futures 5000000
  policyscore explore --profile exfata_residents --regret 3 --design sobol --seed 7
"""
MAX_WORKERS = 256


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "explore",
        "thousands of generated futures: robustness of every option and package, and the "
        "futures in which the choice fails (PRIM)",
        EXAMPLES,
    )
    study_argument(parser)
    paper_argument(parser)
    parser.add_argument(
        "--futures", type=int, default=10_000, metavar="N", help="futures to generate"
    )
    parser.add_argument("--seed", type=int, default=20250101, help="random seed of the design")
    parser.add_argument(
        "--design", choices=DESIGNS, default="latin", help="Latin hypercube or scrambled Sobol"
    )
    parser.add_argument(
        "--cell-ranges",
        action="store_true",
        help="also draw each cell within its low-high range in the base scenario",
    )
    parser.add_argument(
        "--weight-concentration",
        type=float,
        metavar="C",
        help="also draw each profile's weights per future (Dirichlet around them; larger C, "
        "closer to them)",
    )
    parser.add_argument(
        "--profile",
        metavar="ID",
        help="profile the discovery questions ask about (default: the first)",
    )
    parser.add_argument(
        "--regret",
        type=float,
        metavar="POINTS",
        help="package regret (value points) past which the recommended package fails "
        f"(default: {REGRET_LIMIT:g})",
    )
    parser.add_argument(
        "--no-packages", action="store_true", help="options only (no package analysis)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help="wall-clock limit for finding the candidate packages (the recommended one may "
        "be cut short on a large study; the report says so)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="K",
        help="run on a local Dask cluster of K workers (a process pool without Dask); "
        "the same numbers for any K",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="report path (default: reports/<study>-explore.xlsx)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the report path")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    ensemble = _ensemble(args)
    executor, words = _executor(args)
    with cluster_errors(args.scheduler), ProgressBar.for_terminal(args.quiet) as progress:
        explored = explore_study(
            args.study,
            ensemble,
            executor,
            profile=args.profile,
            regret_limit=args.regret,
            packages=not args.no_packages,
            target=args.out,
            paper=args.paper,
            progress=progress,
            executor_words=words,
            command=command_line(),
            time_limit=args.time_limit,
        )
    if not args.quiet:
        print_issues(list(explored.study.issues), count_diagnostics=True)
        print(f"{explored.exploration.futures:,} futures on {words}.")
        for sentence in explored.findings:
            print(f"  {sentence}")
    print(f"Report written to {explored.target}")
    return 0


def _ensemble(args: argparse.Namespace) -> Ensemble:
    """The ensemble asked for, every bad setting reported in one pass."""
    concentration, regret = args.weight_concentration, args.regret
    problems = refused(
        [
            (
                1 <= args.futures <= MAX_FUTURES,
                "futures-invalid",
                "--futures",
                f"{args.futures:,}",
                f"a whole number from 1 to {MAX_FUTURES:,}",
            ),
            seed_check(args.seed),
            (
                concentration is None or (math.isfinite(concentration) and concentration > 0),
                "concentration-invalid",
                "--weight-concentration",
                f"{concentration}",
                "a positive, finite number",
            ),
            (
                regret is None or (math.isfinite(regret) and regret >= 0),
                "regret-invalid",
                "--regret",
                f"{regret}",
                "a finite number of value points, zero or more",
            ),
            (
                math.isfinite(args.time_limit) and args.time_limit > 0,
                "time-limit-invalid",
                "--time-limit",
                f"{args.time_limit:g} seconds",
                "a positive, finite number of seconds",
            ),
            (
                1 <= args.workers <= MAX_WORKERS,
                "workers-invalid",
                "--workers",
                f"{args.workers} workers",
                f"a whole number from 1 to {MAX_WORKERS}",
            ),
        ]
    )
    if problems:
        raise InputError(problems)
    return Ensemble(
        futures=args.futures,
        design=args.design,
        seed=args.seed,
        cell_spread=args.cell_ranges,
        weight_concentration=concentration,
    )


def _executor(args: argparse.Namespace):
    """Where the chunks run, and those words for the output and Run info."""
    if args.scheduler is not None:
        return executor_for(args.workers, args.scheduler), f"the Dask cluster at {args.scheduler}"
    if args.workers <= 1:
        return executor_for(1), "this process"
    try:
        import distributed  # noqa: F401
    except ImportError:
        return executor_for(
            args.workers
        ), f"a pool of {args.workers} processes (Dask not installed)"
    return executor_for(args.workers, dask=True), f"a local Dask cluster of {args.workers} workers"
