"""``policyscore validate``: check a study and list every issue."""

from __future__ import annotations

import argparse

from engine.cli.arguments import study_argument, subparser
from engine.cli.output import print_issues
from engine.io.load import load_study

EXAMPLES = """\
  policyscore validate                 the study in this folder
  policyscore validate study.xlsx      a study workbook
"""


def add_parser(commands) -> None:
    parser = subparser(commands, "validate", "check a study and list every issue", EXAMPLES)
    study_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    study = load_study(args.study)
    print_issues(study.issues)
    print(
        f"{study.info.id}: {len(study.options)} options, {len(study.criteria)} criteria, "
        f"{len(study.scenarios)} scenarios, {len(study.profiles)} profiles; "
        f"no errors, {len(study.issues)} warning(s)."
    )
    for kind, ids, name in (
        ("Scenarios (--scenario)", study.scenarios, study.scenario),
        ("Profiles (--profile)", study.profiles, study.profile),
    ):
        print(f"{kind}:")
        for ident in ids:
            print(f"  {ident:<36} {name(ident).name}")
    return 0
