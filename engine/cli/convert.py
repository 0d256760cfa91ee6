"""``policyscore convert``: a study folder to one workbook, or a workbook to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import subparser
from engine.io.load import input_files, is_workbook, load_study, read_study
from engine.io.text.study_folder_update import is_study_folder, update_study_folder
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.study_workbook_writer import write_study_workbook

EXAMPLES = """\
  policyscore convert . reports/study.xlsx      this folder's study as one workbook
  policyscore convert study.xlsx new-study/     a workbook back to a new folder of YAML files
  policyscore convert study.xlsx .              the workbook's edits into this study folder,
                                                keeping its comments and layout
"""


def add_parser(commands) -> None:
    parser = subparser(
        commands,
        "convert",
        "turn a study folder into one workbook, or a workbook into a folder",
        EXAMPLES,
    )
    parser.add_argument("source", type=Path, help="a study folder or a study workbook (.xlsx)")
    parser.add_argument(
        "target",
        type=Path,
        help="the workbook (.xlsx), a new folder, or an existing study folder to update",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    study = load_study(args.source)  # a study with errors is not converted
    records = read_study(args.source)  # profiles as written, not resolved
    if not is_workbook(args.source):
        write_study_workbook(records, args.target, input_files(args.source, study))
        print(f"Study workbook written to {args.target}")
    elif is_study_folder(args.target):
        _print_update(args.target, update_study_folder(records, args.target))
    else:
        written = write_study_folder(records, args.target)
        print(f"Study folder written to {args.target} ({len(written)} files)")
    return 0


def _print_update(target: Path, update) -> None:
    if not (update.changed or update.added or update.removed):
        print(f"Study folder {target} already matches the workbook: no file changed")
        return
    print(f"Study folder {target} updated in place (comments and layout kept):")
    for label, paths in (
        ("changed", update.changed),
        ("added", update.added),
        ("removed", update.removed),
    ):
        for path in paths:
            print(f"  {label:8} {path}")
    print("Review the change with your version control (e.g. git diff) before committing.")
