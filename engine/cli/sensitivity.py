"""``policyscore sensitivity``: switch points, tornado, SMAA and robustness for one scenario."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.app import load_with_weights, sensitivity_report
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
from engine.cli.output import ProgressBar, print_issues, print_sensitivity

EXAMPLES = """\
  policyscore sensitivity                                first scenario, every profile
  policyscore sensitivity --scenario s4_ttp_escalation --samples 1000000 --seed 7
  policyscore sensitivity --sampling dirichlet --concentration 100 --performance triangular
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "sensitivity",
        "switch points, tornado, SMAA acceptability and robustness for one scenario",
        EXAMPLES,
    )
    study_argument(parser)
    paper_argument(parser)
    parser.add_argument("--scenario", metavar="ID", help="scenario to analyse (default: the first)")
    profile_argument(parser, "analyse")
    method_argument(parser)
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="report path (default: reports/<study>-sensitivity-<scenario>.xlsx)",
    )
    parser.add_argument(
        "--delta", type=float, default=0.1, help="tornado: move of each local weight"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the report path")
    smaa_arguments(parser, default_samples=100_000)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    loaded = load_with_weights(args.study)
    chosen = [args.scenario] if args.scenario else None
    scenario = choose(chosen, loaded.study.scenarios, "scenario", "--scenario")[:1]
    settings = run_settings(args, loaded.study, scenario, sensitivity_settings(args))
    study_id = loaded.study.info.id
    target = args.out or Path("reports") / f"{study_id}-sensitivity-{scenario[0]}.xlsx"
    with ProgressBar.for_terminal(args.quiet) as progress:
        written = sensitivity_report(loaded, settings, target, args.paper, progress)
    if not args.quiet:
        print_issues(written.issues, count_diagnostics=True)
        print_sensitivity(written.results)
    print(f"Report written to {target}")
    return 0
