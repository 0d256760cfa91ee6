"""Progress of long computations, reported to whoever shows it (the library never prints).

A :data:`Progress` callable receives ``(done, total, label, unit)``: how far one stage of
the work is ("SMAA", "Best packages", ...), in its own units ("samples", "pairs"). The
command line draws it as a bar on a terminal and ignores it otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[int, int, str, str], None]

Found = Callable[[str, Any], None]
"""Hears of a result as soon as it is computed, ``(kind, payload)``: 'ranked' (every
pair's evaluation, before the sensitivity and package analyses), 'package' (a pair's
``(pair, best package, binding constraints)``). The command line prints them at once."""


def part(progress: Progress | None, start: int, total: int) -> Progress | None:
    """A stage's progress for one of its parts: the part's ``done`` counted from ``start``
    of the stage's ``total`` (e.g. one SMAA run of six, one scenario's samples)."""
    if progress is None:
        return None

    def report(done: int, _total: int, label: str, unit: str) -> None:
        progress(start + done, total, label, unit)

    return report


def tick(progress: Progress | None, done: int, total: int, label: str, unit: str) -> None:
    """Report ``done`` of ``total`` when someone listens."""
    if progress is not None:
        progress(done, total, label, unit)


def announce(found: Found | None, kind: str, payload: Any) -> None:
    """Pass a result to ``found`` when someone listens."""
    if found is not None:
        found(kind, payload)
