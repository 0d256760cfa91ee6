"""``policyscore template``: a workbook to fill in (profiles' swing points, or a whole study)."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import (
    choose,
    profile_argument,
    study_argument,
    subparser,
    workbook_out,
)
from engine.errors import OutputError
from engine.io.load import input_files, load_study, read_study
from engine.io.workbooks.study_workbook_writer import write_study_workbook
from engine.io.workbooks.weights_template import write_weights_template

EXAMPLES = """\
  policyscore template weights                  every profile of the study in this folder
  policyscore template weights --profile equal_weights --out my-weights.xlsx
  policyscore template study path/to/study      the whole study as one editable workbook
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "template",
        "write a workbook to fill in: 'weights' (profiles' swing points) or 'study' "
        "(the whole study in one workbook)",
        EXAMPLES,
    )
    parser.add_argument("kind", choices=["weights", "study"], help="what the workbook is for")
    study_argument(parser)
    profile_argument(parser, "include")
    parser.add_argument(
        "--out",
        type=workbook_out,
        metavar="FILE",
        help="workbook path (default: reports/<study>-weights.xlsx or -study.xlsx)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the workbook when it exists (it may hold someone's edits)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    study = load_study(args.study)
    target = args.out or Path("reports") / f"{study.info.id}-{args.kind}.xlsx"
    if target.exists() and not args.force:
        raise OutputError(
            f"{target} exists and may hold edits; nothing was written. Give --force to "
            "replace it, or --out another file"
        )
    if args.kind == "study":
        write_study_workbook(read_study(args.study), target, input_files(args.study, study))
        print(f"Study workbook written to {target}")
        print(f"Edit it, then: policyscore run {target}")
        return 0
    profiles = choose(args.profile, study.profiles, "profile", "--profile")
    write_weights_template(study, target, input_files(args.study, study), profiles)
    print(f"Weights workbook written to {target}")
    print(f"Edit the shaded cells, save, then: policyscore run {args.study} --weights {target}")
    return 0
