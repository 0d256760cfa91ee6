"""``policyscore convert``: a study folder to one workbook, or a workbook to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import inputs, subparser
from engine.io.load import is_workbook, load_study, read_study
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.study_workbook_writer import write_study_workbook

EXAMPLES = """\
  policyscore convert . reports/study.xlsx      this folder's study as one workbook
  policyscore convert study.xlsx new-study/     a workbook back to a folder of YAML files
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "convert",
        "turn a study folder into one workbook, or a workbook into a folder",
        EXAMPLES,
    )
    parser.add_argument("source", type=Path, help="a study folder or a study workbook (.xlsx)")
    parser.add_argument("target", type=Path, help="the workbook (.xlsx) or the new folder")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    study = load_study(args.source)  # a study with errors is not converted
    records = read_study(args.source)  # profiles as written, not resolved
    if is_workbook(args.source):
        written = write_study_folder(records, args.target)
        print(f"Study folder written to {args.target} ({len(written)} files)")
    else:
        write_study_workbook(records, args.target, inputs(args.source, study))
        print(f"Study workbook written to {args.target}")
    return 0
