"""Arguments shared by several subcommands, and turning them into run settings."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine import methods
from engine.errors import InputError, Location, error
from engine.executor import DaskMissing
from engine.report.layout import PAPERS
from engine.results import RunSettings, SensitivitySettings
from engine.sensitivity.sampling import SAMPLING_MODES
from engine.study import Study


def subparser(commands, name: str, summary: str, examples: str) -> argparse.ArgumentParser:
    """A subcommand parser with its one-line summary, defaults shown and examples."""
    return commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog="examples:\n" + examples,
        formatter_class=_Formatter,
    )


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Defaults in the help (where there is one to show) and the examples kept as written."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if (
            action.default not in (None, argparse.SUPPRESS)
            and action.default is not False
            and ("default" not in text)
        ):
            text += " (default: %(default)s)"
        return text


def study_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "study",
        nargs="?",
        default=Path("."),
        type=Path,
        help="study folder or study workbook",
    )


def profile_argument(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "--profile",
        action="append",
        metavar="ID",
        help=f"profile to {verb} (repeatable; default: all)",
    )


def paper_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=PAPERS,
        default="a4",
        help="paper the report's sheets print on, landscape",
    )


def method_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method", default="additive", choices=methods.names(), help="scoring method"
    )


def smaa_arguments(parser: argparse.ArgumentParser, default_samples: int) -> None:
    group = parser.add_argument_group("SMAA (rank acceptability)")
    group.add_argument(
        "--samples", type=int, default=default_samples, metavar="N", help="weight samples"
    )
    group.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    group.add_argument(
        "--sampling",
        default="dirichlet",
        choices=SAMPLING_MODES,
        help="weight sampling (dirichlet: around each profile, with a uniform reference block)",
    )
    group.add_argument(
        "--concentration",
        type=float,
        default=50.0,
        metavar="C",
        help="dirichlet sampling: larger is tighter around the profile",
    )
    group.add_argument(
        "--performance",
        choices=["uniform", "triangular", "none"],
        default="uniform",
        help="sample performance cells within their low/high ranges (none: fixed values)",
    )


def sensitivity_settings(args: argparse.Namespace) -> SensitivitySettings:
    return SensitivitySettings(
        samples=args.samples,
        seed=args.seed,
        sampling=args.sampling,
        concentration=args.concentration,
        performance=None if args.performance == "none" else args.performance,
        delta=getattr(args, "delta", 0.1),
    )


def choose(chosen: list[str] | None, valid: list[str], kind: str, flag: str) -> list[str]:
    """The ids chosen on the command line (default: all), every unknown one reported."""
    if not chosen:
        return list(valid)
    unknown = [c for c in chosen if c not in valid]
    if unknown:
        raise InputError(
            [
                error(
                    f"{kind}-unknown",
                    Location(path=flag),
                    f"unknown {kind} '{c}'",
                    f"one of: {', '.join(valid)}",
                )
                for c in unknown
            ]
        )
    return list(dict.fromkeys(chosen))


def command_line() -> str:
    return shlex.join(["policyscore", *sys.argv[1:]])


def run_settings(
    args: argparse.Namespace,
    study: Study,
    scenarios: list[str],
    sensitivity: SensitivitySettings | None,
    **recorded: Any,
) -> RunSettings:
    """What ``run`` or ``sensitivity`` was asked to do, as recorded in Run info."""
    return RunSettings(
        scenarios=scenarios,
        profiles=choose(args.profile, study.profiles, "profile", "--profile"),
        method=args.method,
        study_path=str(args.study.resolve()),
        command=command_line(),
        sensitivity=sensitivity,
        **recorded,
    )


def workbook_out(text: str) -> Path:
    """``--out``: the path of the .xlsx workbook a command writes (any other suffix is
    refused: the file would be an .xlsx whatever its name says)."""
    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError(
            f"'{text}' does not end in .xlsx, but what is written is an Excel workbook; "
            f"name it e.g. {path.with_suffix('.xlsx').name}"
        )
    return path


@contextmanager
def cluster_errors(scheduler: str | None) -> Iterator[None]:
    """Dask missing, or a scheduler that does not answer, as input errors (exit 3)."""
    try:
        yield
    except DaskMissing as exc:
        found = str(exc)
        issue = error("explore-extra-missing", Location(), found, "policyscore[dask]")
        raise InputError([issue]) from exc
    except OSError as exc:  # distributed's "Timed out trying to connect to ..."
        if scheduler is None:
            raise
        found = f"no Dask scheduler answered at {scheduler} ({exc})"
        where = Location(path="--scheduler")
        issue = error("scheduler-unreachable", where, found, "a running scheduler")
        raise InputError([issue]) from exc


def refused(checks: list[tuple[bool, str, str, str, str]]) -> list:
    """An issue for each failed check ``(ok, code, flag, found, expected)`` of command-line
    settings, so a command reports every bad setting in one pass."""
    return [
        error(code, Location(path=flag), found, expected)
        for ok, code, flag, found, expected in checks
        if not ok
    ]


def seed_check(seed: int) -> tuple[bool, str, str, str, str]:
    """``--seed`` within what numpy's generators take."""
    return (
        0 <= seed < 2**64,
        "seed-invalid",
        "--seed",
        f"seed {seed}",
        "a whole number from 0 to 2^64 - 1",
    )
