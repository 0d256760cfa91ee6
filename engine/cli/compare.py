"""``policyscore compare``: what differs between studies, weights workbooks and reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.app import compare_report
from engine.cli.arguments import method_argument, paper_argument, subparser, workbook_out
from engine.compare import Comparison

EXAMPLES = """\
  policyscore compare reports/ministry-a.xlsx reports/ministry-b.xlsx   two weight sets
  policyscore compare old-study/ .                                       two study versions
  policyscore compare reports/ttp-2025-report.xlsx edited.xlsx --study path/to/study
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "compare",
        "what differs between studies, weights workbooks and reports: winners, ranks, "
        "weights, study cells, agreement",
        EXAMPLES,
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="a study folder or workbook, a weights workbook or a policyscore report",
    )
    parser.add_argument(
        "--study",
        type=Path,
        default=Path("."),
        help="the study that weights workbooks and reports are scored with",
    )
    method_argument(parser)
    paper_argument(parser)
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="report path (default: reports/compare-<first>-vs-<second>.xlsx)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the report path")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    compared = compare_report(args.inputs, args.study, args.method, args.out, args.paper)
    if not args.quiet:
        print_comparison(compared.comparison)
    print(f"Report written to {compared.target.resolve()}")
    return 0


def print_comparison(comparison: Comparison) -> None:
    """The headline, then the pairs whose winner differs."""
    print(comparison.headline)
    winners = comparison.winners
    differ = winners[winners.iloc[:, 2:].nunique(axis=1) > 1]
    for row in differ.itertuples(index=False):
        print(f"  {row[0]} x {row[1]}: " + " | ".join(str(w) for w in row[2:]))
