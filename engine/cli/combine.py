"""``policyscore combine``: pool several planners' weights workbooks into the group's."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import subparser, workbook_out
from engine.compare.group import GroupWeights, combine
from engine.errors import InputError, Location, error
from engine.io.load import load_study
from engine.io.workbooks.group_workbook import read_planners, write_group_workbook, write_round_two

EXAMPLES = """\
  policyscore combine alice.xlsx bob.xlsx chen.xlsx            -> reports/<study>-group-weights.xlsx
  policyscore combine weights/*.xlsx --study path/to/study --round-two reports/round-two
  policyscore run --weights reports/ttp-2025-group-weights.xlsx   score with the pooled weights
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "combine",
        "pool several planners' weights workbooks: group weights, where they disagree, "
        "a round-two workbook per planner",
        EXAMPLES,
    )
    parser.add_argument(
        "workbooks", nargs="+", type=Path, metavar="WEIGHTS", help="one planner's weights workbook"
    )
    parser.add_argument("--study", type=Path, default=Path("."), help="the study they weigh")
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="default: reports/<study>-group-weights.xlsx",
    )
    parser.add_argument(
        "--round-two",
        type=Path,
        metavar="FOLDER",
        default=Path("reports") / "round2",
        help="folder for each planner's round-two workbook",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the paths written")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if len(args.workbooks) < 2:
        found = f"{len(args.workbooks)} workbook"
        raise InputError([error("compare-inputs", Location(), found, "two workbooks or more")])
    study = load_study(args.study)
    planners = read_planners(args.workbooks, study)
    group = combine(study, planners)
    target = args.out or Path("reports") / f"{study.info.id}-group-weights.xlsx"
    write_group_workbook(group, target, args.workbooks)
    written = [target]
    for planner in planners:
        path = args.round_two / f"{planner.id}.xlsx"
        write_round_two(group, planner, path, args.workbooks)
        written.append(path)
    if not args.quiet:
        print_group(group)
    print(f"Group weights written to {target.resolve()}")
    print(f"Round-two workbooks in {args.round_two.resolve()}")
    return 0


def print_group(group: GroupWeights) -> None:
    """Per profile: Kendall's W with its p-value and the planner farthest from the group."""
    print(f"Pooled {len(group.planners)} planners: {', '.join(group.planners)}")
    for row in group.concordance.itertuples(index=False):
        print(
            f"  {row[0]}: Kendall's W {row[1]:.2f} (p = {row[4]:.3g}); "
            f"farthest from the group: {row[5]}"
        )
