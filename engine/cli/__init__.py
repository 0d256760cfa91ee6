"""The ``policyscore`` command line: the only code that prints, reads argv or exits.

One module per subcommand builds its parser and runs it (:mod:`engine.cli.run`,
:mod:`~engine.cli.sensitivity`, :mod:`~engine.cli.portfolio`, :mod:`~engine.cli.template`,
:mod:`~engine.cli.convert`, :mod:`~engine.cli.validate`); :mod:`engine.cli.arguments` holds
the arguments they share and :mod:`engine.cli.output` everything they print.

Matrix products run on one BLAS thread: the engine's products are small and its large
batches are chunked, so more BLAS threads only spin (measured: ``policyscore sensitivity
--samples 1000000`` takes 1.8 s and 1.8 s of CPU on one thread, 2.0 s and 3.1 s of CPU on
two; see docs/benchmarks.md).

Exit codes: 0 success; 2 usage error; 3 input error (the study or a choice is
invalid; every issue is printed); 4 output error (the report could not be
written); 1 unexpected internal error; 141 the output's reader stopped early (``| head``).
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import signal
import sys
from collections.abc import Sequence

from threadpoolctl import threadpool_limits

from engine._version import __version__
from engine.cli import (
    combine,
    compare,
    convert,
    explore,
    portfolio,
    run,
    sensitivity,
    template,
    validate,
)
from engine.cli.output import print_issues
from engine.errors import EngineError, InputError, MethodError, OutputError, Severity

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3, 4
EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a reader that stopped early
SUBCOMMANDS = (run, sensitivity, portfolio, explore, compare, combine, template, convert, validate)

EPILOG = """\
examples:
  policyscore run                      score the study in this folder -> reports/<study>-report.xlsx
  policyscore run path/to/study --method topsis
  policyscore template weights         a workbook of swing points to edit
  policyscore run --weights reports/ttp-2025-weights.xlsx
  policyscore sensitivity --scenario s0_status_quo --samples 100000
  policyscore portfolio --budget fiscal=300    best package of measures within a budget
  policyscore explore --futures 100000 robustness over generated futures; where the choice fails
  policyscore compare A.xlsx B.xlsx    what differs between two weight sets, studies or reports
  policyscore combine A.xlsx B.xlsx    pool several planners' weights; where they disagree
  policyscore COMMAND --help           options and defaults of one command
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    # What the imports built lives as long as the process: keep the garbage collector
    # from walking it again and again during a run (about a tenth of a run's CPU time).
    gc.freeze()
    previous = _on_sigterm(_terminated)  # unwind, so temporary files are removed
    try:
        return _main(argv)
    finally:
        _on_sigterm(previous)


def _on_sigterm(handler):
    """Install ``handler`` for SIGTERM (main thread only); return the one it replaced."""
    if handler is None:  # nothing was installed, or the old handler was not Python's
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or --help, --version)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            return args.handler(args)
    except InputError as exc:
        print_issues(exc.issues)
        errors = sum(i.severity is Severity.ERROR for i in exc.issues)
        print(f"policyscore: {errors} error(s) in the input; nothing was written.", file=sys.stderr)
        return EXIT_INPUT
    except (MethodError, EngineError) as exc:
        print(f"policyscore: {exc}", file=sys.stderr)
        return EXIT_OUTPUT if isinstance(exc, OutputError) else EXIT_INPUT
    except KeyboardInterrupt:
        print("policyscore: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped (``| head``): end quietly, as SIGPIPE would
        _silence_stdout()
        return EXIT_PIPE
    except OSError as exc:
        if exc.errno not in (errno.ENAMETOOLONG, errno.ELOOP) or getattr(args, "debug", False):
            raise
        what = "too long" if exc.errno == errno.ENAMETOOLONG else "a loop of symbolic links"
        print(f"policyscore: the path {exc.filename!s:.80} is {what}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        if getattr(args, "debug", False):
            raise
        print(
            f"policyscore: internal error ({type(exc).__name__}: {exc}); "
            "please report it with --debug output",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point standard output at the null device, so flushing it at exit raises nothing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor to redirect: nothing left to flush
        pass


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM: leave through the normal unwinding (every ``finally`` runs), exit 143."""
    print("policyscore: terminated; nothing was written", file=sys.stderr)
    raise SystemExit(128 + signum)


def parser() -> argparse.ArgumentParser:
    """The whole command line: one sub-parser per subcommand module."""
    top = argparse.ArgumentParser(
        prog="policyscore",
        description="Score policy options across scenarios and stakeholder profiles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"policyscore {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(commands)
    return top
