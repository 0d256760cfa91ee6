"""``policyscore portfolio``: the best package of measures under budgets and constraints."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from engine.cli.arguments import (
    choose,
    inputs,
    paper_argument,
    profile_argument,
    run_settings,
    study_argument,
    subparser,
    workbook_out,
)
from engine.cli.output import print_issues, print_portfolio
from engine.errors import InputError, Location, error
from engine.io.load import load_study
from engine.io.report.excel_writer import write_report
from engine.portfolio.analysis import PortfolioSettings
from engine.portfolio.study_problems import portfolio_of
from engine.report import build_portfolio_report
from engine.results import compute_run

EXAMPLES = """\
  policyscore portfolio                                   every scenario and profile
  policyscore portfolio --budget fiscal=300 --scenario s0_status_quo
  policyscore portfolio --samples 10000 --seed 7 --out reports/packages.xlsx
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
        metavar="SECONDS",
        help="stop each integer program after this long (reported with its gap; default: none)",
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
    study = load_study(args.study)
    scenarios = choose(args.scenario, study.scenarios, "scenario", "--scenario")
    chosen = PortfolioSettings(
        budgets=budgets(args.budget or []),
        samples=_positive(args.samples, "--samples"),
        seed=_seed(args.seed),
        time_limit=args.time_limit,
    )
    portfolio_of(study)  # a study without resources is refused before anything is computed
    args.method = "additive"  # a measure's benefit is its additive score over the baseline
    settings = run_settings(args, study, scenarios, None, portfolio=chosen)
    results = compute_run(study, settings)
    target = args.out or Path("reports") / f"{study.info.id}-portfolio.xlsx"
    write_report(
        replace(build_portfolio_report(results), paper=args.paper),
        target,
        inputs(args.study, study),
    )
    if not args.quiet:
        print_issues([*study.issues, *results.package_issues], count_diagnostics=True)
        print_portfolio(results)
    print(f"Report written to {target}")
    return 0


def budgets(given: list[str]) -> dict[str, float]:
    """``RESOURCE=AMOUNT`` strings as a mapping (every malformed one reported)."""
    out, problems = {}, []
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
        else:
            out[name] = value
    if problems:
        raise InputError(problems)
    return out


def _positive(value: int, flag: str) -> int:
    if value < 1:
        raise InputError(
            [
                error(
                    "samples-invalid",
                    Location(path=flag),
                    f"{value}",
                    "a whole number of 1 or more",
                )
            ]
        )
    return value


def _seed(value: int) -> int:
    if value < 0:
        raise InputError(
            [
                error(
                    "seed-invalid",
                    Location(path="--seed"),
                    f"{value}",
                    "a whole number of 0 or more",
                )
            ]
        )
    return value
