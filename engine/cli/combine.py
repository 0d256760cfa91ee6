"""``policyscore combine``: pool several planners' weights workbooks into the group's."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from engine.app import combine_planners
from engine.cli.arguments import subparser, workbook_out
from engine.compare.group import GroupWeights

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
    outcome = combine_planners(
        args.workbooks, args.study, args.out, args.round_two, args.planner_copies
    )
    if not args.quiet:
        print_group(outcome.group)
    print(f"Group weights written to {outcome.target.resolve()}")
    print(f"Round-two workbooks in {outcome.round_two.resolve()}")
    if not args.quiet:
        print_next_steps(outcome.target, outcome.round_two)
    return 0


AGREEMENT_WORDS = ((0.999, "full"), (0.7, "strong"), (0.5, "moderate"), (0.3, "weak"))
"""Words for Kendall's W, after Schmidt (1997), *Decision Sciences* 28(3), 763-774,
Table 2 (0.7 strong, 0.5 moderate, 0.3 weak, below that very weak)."""


def agreement_words(w: float) -> str:
    """How far the planners agree on the order of the criteria, in a word."""
    if not np.isfinite(w):
        return "not measurable (one criterion)"
    return next((word for floor, word in AGREEMENT_WORDS if w >= floor), "very weak")


def print_group(group: GroupWeights) -> None:
    """Per profile: how far the planners agree on the criteria's order (Kendall's W, in
    words, with its p-value) and who stands farthest from the pooled weights."""
    print(f"Pooled {len(group.planners)} planners: {', '.join(group.planners)}")
    print("Agreement on the order of the criteria (Kendall's W: 1 the same order, 0 none):")
    for row in group.concordance.itertuples(index=False):
        name, w, p_value, farthest, distance = row[0], row[1], row[4], row[5], row[6]
        line = f"  {name}: {agreement_words(w)} agreement (W {w:.2f}"
        if np.isfinite(p_value):
            line += ", p < 0.001)" if p_value < 0.001 else f", p = {p_value:.2g})"
        else:
            line += ")"
        if distance > 1e-12:
            line += (
                f"; {farthest}'s weights are farthest from the pool "
                f"({100 * distance / 2:.0f} % of the weight placed differently)"
            )
        print(line)


def print_next_steps(target: Path, round_two: Path) -> None:
    print("Next:")
    print(f"  policyscore run --weights {target}    score the options with the pooled weights")
    print(
        f"  send each planner their workbook from {round_two}/ (their weights beside the "
        "group's), then combine the returned workbooks again"
    )
