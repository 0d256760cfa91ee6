"""A thin, quiet wrapper around HiGHS (``highspy``) for the portfolio integer programs.

HiGHS is an open-source MIP solver (branch and cut); the engine never searches itself.
Gaps are set to zero (``mip_rel_gap`` and ``mip_abs_gap``), so "optimal" means proven
optimal within HiGHS's feasibility tolerances; a time limit that stops the search first
is reported with the gap that remains, never as optimal.

References
----------
Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10, 119-142 (HiGHS).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from dataclasses import dataclass, field

import numpy as np

_LOCAL = threading.local()


@dataclass
class Model:
    """Columns and rows of a mixed 0-1 program, built row by row."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[np.ndarray, np.ndarray, float, float]] = field(default_factory=list)

    def columns(self, n: int, *, lower=0.0, upper=1.0, cost=0.0, integer=True) -> np.ndarray:
        """Add ``n`` columns; returns their indices."""
        start = len(self.cost)
        self.lower += list(np.broadcast_to(np.asarray(lower, dtype=float), (n,)))
        self.upper += list(np.broadcast_to(np.asarray(upper, dtype=float), (n,)))
        self.cost += list(np.broadcast_to(np.asarray(cost, dtype=float), (n,)))
        self.integer += [integer] * n
        return np.arange(start, start + n)

    def row(self, index, coefficient, lower=-np.inf, upper=np.inf) -> int:
        """Add ``lower <= sum(coefficient * x[index]) <= upper``; returns the row number."""
        index = np.asarray(index, dtype=np.int32).reshape(-1)
        coefficient = np.broadcast_to(np.asarray(coefficient, dtype=float), index.shape)
        index, where = np.unique(index, return_inverse=True)  # a column named twice: summed
        summed = np.bincount(where, weights=coefficient, minlength=len(index))
        self.rows.append((index.astype(np.int32), summed, float(lower), float(upper)))
        return len(self.rows) - 1


@dataclass(frozen=True)
class Outcome:
    """What HiGHS returned: ``status`` is 'optimal', 'time limit', 'infeasible' or an
    other HiGHS status in words; ``x`` is None when no solution was found."""

    status: str
    x: np.ndarray | None
    objective: float
    gap: float


def solve(
    model: Model,
    *,
    maximise: bool = True,
    time_limit: float | None = None,
    target: float | None = None,
) -> Outcome:
    """Solve ``model`` with HiGHS (zero gaps; ``time_limit`` in seconds, None = none).
    With a ``target``, HiGHS stops at the first solution whose objective reaches it
    (status 'target reached'; the solution is returned, not proven optimal).

    No start solution is passed: a partial start (the measures' columns only) made HiGHS
    1.16 report a worse package as optimal on a problem with interactions (found by
    ``tests/portfolio/test_frontier_robust_inclusion.py``)."""
    if np.any(np.asarray(model.lower) > np.asarray(model.upper)):  # e.g. included and excluded
        return Outcome("infeasible", None, float("nan"), float("inf"))
    highs = _passed(model, maximise, time_limit)
    if target is not None:
        highs.setOptionValue("objective_target" if maximise else "objective_bound", target)
    try:
        highs.run()
        return _outcome(highs)
    finally:
        if target is not None:  # the instance is reused: back to no target
            import highspy

            highs.setOptionValue("objective_target", -highspy.kHighsInf)
            highs.setOptionValue("objective_bound", highspy.kHighsInf)


class RowSweep:
    """A model passed once, solved again after each change of one row's upper bound."""

    def __init__(self, model: Model, row: int, *, maximise: bool = True):
        self.feasible_bounds = not np.any(np.asarray(model.lower) > np.asarray(model.upper))
        self.row, self.lower = row, model.rows[row][2]
        self.highs = _passed(model, maximise, None) if self.feasible_bounds else None

    def solve(self, upper: float, time_limit: float | None = None) -> Outcome:
        import highspy

        if self.highs is None:
            return Outcome("infeasible", None, float("nan"), float("inf"))
        lower = self.lower if np.isfinite(self.lower) else -highspy.kHighsInf
        self.highs.changeRowBounds(self.row, lower, upper)
        self.highs.setOptionValue("time_limit", _seconds(time_limit))
        self.highs.run()
        return _outcome(self.highs)


def _passed(model: Model, maximise: bool, time_limit: float | None):
    import highspy

    highs = _solver()
    highs.clearModel()
    highs.setOptionValue("time_limit", _seconds(time_limit))
    _search_for(highs, model)
    if highs.passModel(_lp(model, maximise)) == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS refused the model it was given")  # a bug of ours
    return highs


def _seconds(time_limit: float | None) -> float:
    import highspy

    return float(time_limit) if time_limit else highspy.kHighsInf


def _outcome(highs) -> Outcome:
    import highspy

    status = highs.getModelStatus()
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.array(highs.getSolution().col_value, dtype=float) if has_solution else None
    words = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time limit",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
        highspy.HighsModelStatus.kObjectiveTarget: "target reached",
    }.get(status, highs.modelStatusToString(status).lower())
    gap = 0.0 if words == "optimal" else float(info.mip_gap)
    objective = float(info.objective_function_value) if has_solution else float("nan")
    return Outcome(words, x, objective, gap)


def _lp(model: Model, maximise: bool):
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_ = len(model.cost)
    lp.num_row_ = len(model.rows)
    lp.col_cost_ = np.asarray(model.cost, dtype=float)
    lp.col_lower_ = np.asarray(model.lower, dtype=float)
    lp.col_upper_ = np.asarray(model.upper, dtype=float)
    lp.row_lower_ = np.array([r[2] for r in model.rows], dtype=float)
    lp.row_upper_ = np.array([r[3] for r in model.rows], dtype=float)
    lengths = [len(r[0]) for r in model.rows]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    lp.a_matrix_.index_ = (
        np.concatenate([r[0] for r in model.rows]).astype(np.int32)
        if model.rows
        else np.zeros(0, np.int32)
    )
    lp.a_matrix_.value_ = np.concatenate([r[1] for r in model.rows]) if model.rows else np.zeros(0)
    kinds = highspy.HighsVarType
    lp.integrality_ = [kinds.kInteger if i else kinds.kContinuous for i in model.integer]
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    return lp


def _solver():
    """One quiet HiGHS instance per thread (its constructor prints a banner on the
    process's standard output, which a library must not do: silenced at the file
    descriptor while it is built)."""
    highs = getattr(_LOCAL, "highs", None)
    if highs is None:
        import highspy

        with _quiet_stdout():
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
        highs.setOptionValue("mip_rel_gap", 0.0)
        highs.setOptionValue("mip_abs_gap", 0.0)
        highs.setOptionValue("threads", 1)
        # The feasibility-jump heuristic only looks for a first solution; on the portfolio
        # programs it costs half of each small solve (4.4 -> 2.2 ms for the shipped study's
        # 29 measures) and a tenth of a large one, and never changes what is proven optimal.
        highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        _LOCAL.highs = highs
    return highs


LARGE_PROGRAM = 100
"""Integer columns from which a program keeps HiGHS's restarts and sub-MIP heuristics."""


def _search_for(highs, model: Model) -> None:
    """Restarts and the RINS, RENS and root reduced-cost heuristics: off for small
    programs, where their root work took most of each solve (the shipped study's sampled
    programs: about 250 -> 110 ms with worst-end binaries, 2.7x on the third edition's), on
    for large ones, where they pay (200 measures x 5 resources: 2.1 -> 0.5 s). Either way
    the proof of optimality is the same; only the time to reach it changes."""
    large = sum(model.integer) >= LARGE_PROGRAM
    highs.setOptionValue("mip_allow_restart", large)
    for heuristic in ("rins", "rens", "root_reduced_cost"):
        highs.setOptionValue(f"mip_heuristic_run_{heuristic}", large)


@contextlib.contextmanager
def _quiet_stdout():
    with contextlib.suppress(AttributeError, OSError, ValueError):
        sys.stdout.flush()  # nothing of ours may be lost while descriptor 1 points elsewhere
    try:
        fd = os.dup(1)
    except OSError:  # no standard output at all: nothing to silence
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(fd, 1)
        os.close(fd)
