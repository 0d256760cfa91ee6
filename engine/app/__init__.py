"""The application layer: each command's pipeline from input files to written files.

A pipeline reads what it is given (a study, a weights workbook, reports), computes through
the library, builds the report and writes it atomically, and returns what happened (the
results, the files written, the issues to show) for its caller to present. The CLI parses
arguments, calls one pipeline and prints what it returns; Python users and notebooks can
call the same pipelines. Nothing here prints or exits.

- :mod:`engine.app.runs`: ``run``, ``sensitivity`` and ``portfolio`` (a study's report)
- :mod:`engine.app.comparisons`: ``compare`` and ``combine`` (several inputs)
"""

from engine.app.comparisons import CombineOutcome, combine_planners, compare_report
from engine.app.runs import (
    Written,
    load_with_weights,
    portfolio_report,
    run_report,
    sensitivity_report,
)

__all__ = [
    "CombineOutcome",
    "Written",
    "combine_planners",
    "compare_report",
    "load_with_weights",
    "portfolio_report",
    "run_report",
    "sensitivity_report",
]
