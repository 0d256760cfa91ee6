"""The ``policyscore`` command line: the only code that prints, reads argv or exits.

Exit codes: 0 success; 2 usage error; 3 input error (the study or a choice is
invalid; every issue is printed); 4 output error (the report could not be
written); 1 unexpected internal error.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from engine import methods
from engine._version import __version__
from engine.errors import (
    EngineError,
    InputError,
    Issue,
    Location,
    MethodError,
    OutputError,
    Severity,
    error,
)
from engine.io.excel_writer import write_report
from engine.io.files import sha256
from engine.io.load import is_workbook, load_study
from engine.io.study_folder import read_folder
from engine.io.study_folder_writer import write_study_folder
from engine.io.study_workbook_reader import read_workbook
from engine.io.study_workbook_writer import write_study_workbook
from engine.io.weights_reader import load_weights
from engine.io.weights_template import write_weights_template
from engine.report import (
    Results,
    RunSettings,
    SensitivitySettings,
    build_report,
    build_sensitivity_report,
    evaluate_pairs,
)
from engine.scoring import ranked
from engine.sensitivity.sampling import SAMPLING_MODES
from engine.study import Study

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3, 4


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except InputError as exc:
        _print_issues(exc.issues)
        errors = sum(i.severity is Severity.ERROR for i in exc.issues)
        print(f"policyscore: {errors} error(s) in the input; nothing was written.", file=sys.stderr)
        return EXIT_INPUT
    except MethodError as exc:
        print(f"policyscore: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OutputError as exc:
        print(f"policyscore: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except EngineError as exc:
        print(f"policyscore: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("policyscore: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        if getattr(args, "debug", False):
            raise
        print(
            f"policyscore: internal error ({type(exc).__name__}: {exc}); "
            "please report it with --debug output",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyscore",
        description="Score policy options across scenarios and stakeholder profiles.",
    )
    parser.add_argument("--version", action="version", version=f"policyscore {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="score all scenario x profile pairs and write the Excel report"
    )
    _study_argument(run)
    run.add_argument(
        "--scenario",
        action="append",
        metavar="ID",
        help="scenario to score (repeatable; default all)",
    )
    _profile_argument(run, "score")
    _method_argument(run)
    run.add_argument(
        "--out", type=Path, metavar="FILE", help="report path (default reports/<study>-report.xlsx)"
    )
    run.add_argument(
        "--top", type=int, default=5, metavar="N", help="options shown per pair (0 = all)"
    )
    run.add_argument("--quiet", action="store_true", help="print only the report path")
    run.add_argument(
        "--weights",
        type=Path,
        metavar="FILE.xlsx",
        help="weights workbook: its profiles replace the study's profiles of the same id",
    )
    run.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="leave out robustness, switch points, tornado and acceptability sheets",
    )
    _smaa_arguments(run, default_samples=10_000)
    run.set_defaults(handler=_run)

    sensitivity = commands.add_parser(
        "sensitivity",
        help="switch points, tornado, SMAA acceptability and robustness for one scenario",
    )
    _study_argument(sensitivity)
    sensitivity.add_argument(
        "--scenario", metavar="ID", help="scenario to analyse (default: the first one)"
    )
    _profile_argument(sensitivity, "analyse")
    _method_argument(sensitivity)
    sensitivity.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="report path (default reports/<study>-sensitivity-<scenario>.xlsx)",
    )
    sensitivity.add_argument(
        "--delta", type=float, default=0.1, help="tornado: move of each local weight (default 0.1)"
    )
    sensitivity.add_argument("--quiet", action="store_true", help="print only the report path")
    _smaa_arguments(sensitivity, default_samples=100_000)
    sensitivity.set_defaults(handler=_sensitivity)

    template = commands.add_parser(
        "template",
        help="write a workbook to fill in: 'weights' (profiles' swing points) or 'study' "
        "(the whole study in one workbook)",
    )
    template.add_argument("kind", choices=["weights", "study"], help="what the workbook is for")
    _study_argument(template)
    _profile_argument(template, "include")
    template.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="workbook path (default reports/<study>-weights.xlsx or -study.xlsx)",
    )
    template.set_defaults(handler=_template)

    convert = commands.add_parser(
        "convert", help="turn a study folder into one workbook, or a workbook into a folder"
    )
    convert.add_argument("source", type=Path, help="a study folder or a study workbook (.xlsx)")
    convert.add_argument("target", type=Path, help="the workbook (.xlsx) or the new folder")
    convert.set_defaults(handler=_convert)

    validate = commands.add_parser("validate", help="check a study and list every issue")
    _study_argument(validate)
    validate.set_defaults(handler=_validate)
    return parser


def _profile_argument(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "--profile",
        action="append",
        metavar="ID",
        help=f"profile to {verb} (repeatable; default all)",
    )


def _method_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method", default="additive", help=f"scoring method: {', '.join(methods.names())}"
    )


def _smaa_arguments(parser: argparse.ArgumentParser, default_samples: int) -> None:
    group = parser.add_argument_group("SMAA (rank acceptability)")
    group.add_argument(
        "--samples",
        type=int,
        default=default_samples,
        metavar="N",
        help=f"weight samples (default {default_samples:,})",
    )
    group.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    group.add_argument(
        "--sampling",
        default="uniform",
        metavar="MODE",
        help=f"weight sampling: {', '.join(SAMPLING_MODES)} (default uniform)",
    )
    group.add_argument(
        "--concentration",
        type=float,
        default=50.0,
        metavar="C",
        help="dirichlet sampling: larger is tighter around the profile (default 50)",
    )
    group.add_argument(
        "--performance",
        choices=["uniform", "triangular"],
        help="also sample performance cells within their low/high ranges",
    )


def _sensitivity_settings(args: argparse.Namespace) -> SensitivitySettings:
    return SensitivitySettings(
        samples=args.samples,
        seed=args.seed,
        sampling=args.sampling,
        concentration=args.concentration,
        performance=args.performance,
        delta=getattr(args, "delta", 0.1),
    )


def _study_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "study",
        nargs="?",
        default=".",
        type=Path,
        help="study folder or study workbook (default: current folder)",
    )


def _validate(args: argparse.Namespace) -> int:
    study = load_study(args.study)
    _print_issues(study.issues)
    print(
        f"{study.info.id}: {len(study.options)} options, {len(study.criteria)} criteria, "
        f"{len(study.scenarios)} scenarios, {len(study.profiles)} profiles; "
        f"no errors, {len(study.issues)} warning(s)."
    )
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    methods.get(args.method)
    study = load_study(args.study)
    inputs = _inputs(args.study, study)
    workbook: dict[str, str | list[str]] = {}
    if args.weights is not None:
        edited = load_weights(args.weights, study)
        study = study.with_profiles(edited.values())
        inputs.append(args.weights)
        workbook = {
            "weights_file": str(args.weights),
            "weights_sha256": sha256(args.weights),
            "weights_profiles": list(edited),
        }
    settings = RunSettings(
        scenarios=_choose(args.scenario, study.scenarios, "scenario", "--scenario"),
        profiles=_choose(args.profile, study.profiles, "profile", "--profile"),
        method=args.method,
        study_path=str(args.study.resolve()),
        command=shlex.join(["policyscore", *sys.argv[1:]]),
        sensitivity=None if args.no_sensitivity else _sensitivity_settings(args),
        **workbook,
    )
    results = evaluate_pairs(study, settings)
    with ProgressBar.for_terminal(args.quiet) as progress:
        report = build_report(study, settings, results, progress)
    target = args.out or Path("reports") / f"{study.info.id}-report.xlsx"
    write_report(report, target, inputs)
    if not args.quiet:
        _print_issues(study.issues)
        _print_rankings(study, results, args.top)
    print(f"Report written to {target}")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    study = load_study(args.study)
    target = args.out or Path("reports") / f"{study.info.id}-{args.kind}.xlsx"
    if args.kind == "study":
        write_study_workbook(_read_parts(args.study), target, _inputs(args.study, study))
        print(f"Study workbook written to {target}")
        print(f"Edit it, then: policyscore run {target}")
        return EXIT_OK
    profiles = _choose(args.profile, study.profiles, "profile", "--profile")
    write_weights_template(study, target, _inputs(args.study, study), profiles)
    print(f"Weights workbook written to {target}")
    print(f"Edit the shaded cells, save, then: policyscore run {args.study} --weights {target}")
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    study = load_study(args.source)  # a study with errors is not converted
    parts = _read_parts(args.source)
    if is_workbook(args.source):
        written = write_study_folder(parts, args.target)
        print(f"Study folder written to {args.target} ({len(written)} files)")
    else:
        write_study_workbook(parts, args.target, _inputs(args.source, study))
        print(f"Study workbook written to {args.target}")
    return EXIT_OK


def _read_parts(source: Path):
    """The study as read (profiles as written, not resolved), for writing elsewhere."""
    return read_workbook(source) if is_workbook(source) else read_folder(source)


def _inputs(source: Path, study: Study) -> list[Path]:
    """The files a study was read from (never to be written)."""
    return [source] if is_workbook(source) else [source / f.path for f in study.inputs]


def _sensitivity(args: argparse.Namespace) -> int:
    methods.get(args.method)
    study = load_study(args.study)
    scenario = _choose(
        [args.scenario] if args.scenario else None, study.scenarios, "scenario", "--scenario"
    )
    settings = RunSettings(
        scenarios=scenario[:1],
        profiles=_choose(args.profile, study.profiles, "profile", "--profile"),
        method=args.method,
        study_path=str(args.study.resolve()),
        command=shlex.join(["policyscore", *sys.argv[1:]]),
        sensitivity=_sensitivity_settings(args),
    )
    with ProgressBar.for_terminal(args.quiet) as progress:
        report = build_sensitivity_report(study, settings, progress)
    target = (
        args.out or Path("reports") / f"{study.info.id}-sensitivity-{settings.scenarios[0]}.xlsx"
    )
    write_report(report, target, _inputs(args.study, study))
    if not args.quiet:
        _print_issues(study.issues)
        _print_sensitivity(report)
    print(f"Report written to {target}")
    return EXIT_OK


def _print_sensitivity(report) -> None:
    """The headline numbers: nearest switch per pair and the most acceptable options."""
    nearest = report.sheet("Switch points").tables[0]
    print("\nSmallest single weight change that changes the winner:")
    for _, profile, winner, node, current, at, _, new in nearest.rows:
        if node:
            print(f"  {profile}: {winner} -> {new} if '{node}' moves {current:.3f} -> {at:.3f}")
        else:
            print(f"  {profile}: {winner} stays first for any single weight")
    acceptability = report.sheet("Acceptability").tables[0]
    print(f"\n{acceptability.title} (share of samples ranked first):")
    for row in acceptability.rows[:5]:
        print(f"  {row[2]:6.1%}  {row[1]}")
    print()


def _choose(chosen: list[str] | None, valid: list[str], kind: str, flag: str) -> list[str]:
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


def _print_rankings(study: Study, results: Results, top: int) -> None:
    for (scenario, profile), result in results.items():
        table = ranked(result)
        shown = table if top <= 0 else table.head(top)
        print(f"\n{study.scenario(scenario).name}  x  {study.profile(profile).name}")
        for option, row in shown.iterrows():
            print(f"  {int(row['rank']):>3}  {row['score']:7.2f}  {study.option(option).name}")
        if len(shown) < len(table):
            print(f"       ... {len(table) - len(shown)} more in the report")
    print()


def _print_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        print(str(issue), file=sys.stderr)


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    WIDTH = 30

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = False

    @classmethod
    def for_terminal(cls, quiet: bool) -> ProgressBar:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 200_000:
            return
        filled = int(self.WIDTH * done / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\r  SMAA [{bar}] {done:,}/{total:,} samples")
        sys.stderr.flush()
        self.drawn = True

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
