"""A wall-clock limit for a whole package analysis.

``--time-limit`` bounds the command, not one program: every program is given the time
that is left, and the stages that loop over many programs (binding constraints, the
frontier, the order of buy's notes, the inclusion-frequency samples) stop when it has
passed, keeping what they found and saying so (``PortfolioAnalysis.stopped``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

LEAST = 0.5
"""Seconds a program is always given, past the deadline too: a pair's best package is the
core result, and the shipped study's take milliseconds (so the limit can be overrun by
this much per pair, never more)."""


@dataclass
class Deadline:
    """``seconds`` from its creation (None: no limit)."""

    seconds: float | None = None
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float | None:
        """Seconds left for the next program (at least :data:`LEAST`), or None."""
        if self.seconds is None:
            return None
        return max(LEAST, self.seconds - (time.monotonic() - self.started))

    def share(self, fraction: float) -> Deadline:
        """A deadline at ``fraction`` of this one's limit, from the same start (no limit
        when this one has none): a stage that must leave time for the stages after it."""
        if self.seconds is None:
            return self
        return Deadline(self.seconds * fraction, self.started)

    @property
    def passed(self) -> bool:
        return self.seconds is not None and time.monotonic() - self.started >= self.seconds


NONE = Deadline(None)
"""No limit."""
