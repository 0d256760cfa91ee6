"""``policyscore validate``: check a study and list every issue."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli.arguments import study_argument, subparser
from engine.cli.output import print_issues
from engine.io.load import is_workbook, load_study
from engine.io.text.uncertainties_file import read_uncertainties

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
    drivers = _drivers(args.study, study)  # checked too, when the folder declares them
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
    if drivers is not None:
        print(f"Uncertain drivers (explore): {', '.join(d.id for d in drivers.drivers)}")
    return 0


def _drivers(source: Path, study):
    """The folder's uncertain drivers (None: it declares none, or it is a workbook)."""
    if is_workbook(source) or not any(
        (source / "scenarios" / f"uncertainties.{suffix}").is_file() for suffix in ("yaml", "toml")
    ):
        return None
    return read_uncertainties(source, study)[0]
