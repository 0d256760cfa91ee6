"""``policyscore combine``: pool several planners' weights workbooks into the group's."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import subparser, workbook_out
from engine.compare.group import GroupWeights, combine
from engine.errors import InputError, Location, OutputError, error
from engine.io.load import load_study
from engine.io.workbooks.group_workbook import (
    group_workbook,
    read_planners,
    round_two_workbook,
    write_built,
)

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
        "--planner-copies",
        action="store_true",
        help="also put each planner's own weights in the group workbook, named for the "
        "planner (default: the pooled profiles only)",
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
    _check_workbooks(args.workbooks)
    study = load_study(args.study)
    planners = read_planners(args.workbooks, study)
    group = combine(study, planners)
    target = args.out or Path("reports") / f"{study.info.id}-group-weights.xlsx"
    if args.round_two.exists() and not args.round_two.is_dir():
        raise OutputError(
            f"--round-two {args.round_two} is a file, not a folder; nothing was written"
        )
    # every workbook is made before any is written: a failure leaves no file half-done
    built = [(group_workbook(group, args.planner_copies), target)]
    built += [(round_two_workbook(group, p), args.round_two / f"{p.id}.xlsx") for p in planners]
    for workbook, path in built:
        write_built(workbook, path, args.workbooks)
    if not args.quiet:
        print_group(group)
    print(f"Group weights written to {target.resolve()}")
    print(f"Round-two workbooks in {args.round_two.resolve()}")
    return 0


MAX_PLANNERS = 50
"""Planners pooled in one combine (each adds a copy of every profile to the group's
working study)."""


def _check_workbooks(paths: list[Path]) -> None:
    """Two to :data:`MAX_PLANNERS` workbooks, none given twice (one planner counted twice
    would weigh double in the pool)."""
    if not 2 <= len(paths) <= MAX_PLANNERS:
        found = f"{len(paths)} workbook(s)"
        expected = f"from two to {MAX_PLANNERS} planners' workbooks"
        raise InputError([error("compare-inputs", Location(), found, expected)])
    issues, seen = [], []
    for path in paths:
        twin = next((p for p in seen if _same_file(p, path)), None)
        if twin is not None:
            issues.append(
                error(
                    "compare-inputs",
                    Location(file=str(path)),
                    f"the same workbook as {twin}, given twice",
                    "each planner's workbook once",
                )
            )
        seen.append(path)
    if issues:
        raise InputError(issues)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def print_group(group: GroupWeights) -> None:
    """Per profile: Kendall's W with its p-value and the planner farthest from the group."""
    print(f"Pooled {len(group.planners)} planners: {', '.join(group.planners)}")
    for row in group.concordance.itertuples(index=False):
        print(
            f"  {row[0]}: Kendall's W {row[1]:.2f} (p = {row[4]:.3g}); "
            f"farthest from the group: {row[5]}"
        )
