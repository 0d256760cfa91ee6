"""``policyscore compare``: what differs between studies, weights workbooks and reports."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from engine.cli.arguments import method_argument, paper_argument, subparser, workbook_out
from engine.compare import Comparison, compare
from engine.io.compare_inputs import read_inputs
from engine.io.report.excel_writer import write_report
from engine.report.compare_report import build_compare_report

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
    inputs = read_inputs(args.inputs, args.study)
    comparison = compare(inputs, args.method)
    labels = [c.label for c in inputs]
    target = args.out or Path("reports") / f"compare-{'-vs-'.join(labels[:2])}.xlsx"
    report = replace(build_compare_report(comparison), paper=args.paper)
    write_report(report, target, [c.path for c in inputs if c.path.is_file()])
    if not args.quiet:
        print_comparison(comparison)
    print(f"Report written to {target.resolve()}")
    return 0


def print_comparison(comparison: Comparison) -> None:
    """The headline, then the pairs whose winner differs."""
    print(comparison.headline)
    winners = comparison.winners
    differ = winners[winners.iloc[:, 2:].nunique(axis=1) > 1]
    for row in differ.itertuples(index=False):
        print(f"  {row[0]} x {row[1]}: " + " | ".join(str(w) for w in row[2:]))
