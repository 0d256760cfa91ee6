"""Scenario discovery: which futures a question holds in, described as a box of drivers.

PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999), peels thin slices off
the driver space, each time the slice that raises most the share of futures of interest
left inside, and records the trajectory of boxes. Bryant and Lempert (2010) choose a box
on that trajectory by two measures:

* **coverage**: the share of all futures of interest that fall in the box;
* **density**: the share of futures in the box that are of interest;

and keep only restrictions that matter (a one-sided binomial test per restriction,
its quasi-p value). Here the box is the densest one with coverage at least ``coverage``;
restrictions whose quasi-p value exceeds ``significance`` are then dropped and the box's
coverage and density recomputed on the futures.

PRIM is the EMA workbench's (Kwakkel 2017), in the optional extra ``policyscore[explore]``.

References
----------
Friedman, J. H. and Fisher, N. I. (1999). Bump hunting in high-dimensional data.
*Statistics and Computing* 9(2), 123-143.
Bryant, B. P. and Lempert, R. J. (2010). Thinking inside the box: a participatory,
computer-assisted approach to scenario discovery. *Technological Forecasting and Social
Change* 77(1), 34-49.
Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: an open source toolkit for
exploratory modeling, scenario discovery, and (multi-objective) robust decision making.
*Environmental Modelling & Software* 96, 239-250.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

COVERAGE = 0.75
SIGNIFICANCE = 0.05
PEEL_ALPHA = 0.05
CASE = 1e-6
"""PRIM's threshold: a future with y at least this is a case (y is 0 or 1), and a box
is kept when its share of cases reaches it (always, unless there are none)."""


class PrimMissing(ImportError):
    """The optional PRIM implementation (``policyscore[explore]``) is not installed."""


@dataclass(frozen=True)
class Restriction:
    """A driver the box restricts: its limits, which side is restricted, the quasi-p."""

    driver: str
    low: float
    high: float
    lower: bool
    upper: bool
    quasi_p: float


@dataclass(frozen=True)
class Box:
    """The chosen box and the trajectory it came from."""

    restrictions: tuple[Restriction, ...]
    coverage: float
    density: float
    futures: int
    """Futures inside the box."""
    trajectory: pd.DataFrame
    """Per peeling step: coverage, density, mass and restricted drivers."""
    chosen: int
    """The trajectory step the box was taken from (before insignificant limits were dropped)."""

    def contains(self, points: pd.DataFrame) -> np.ndarray:
        inside = np.ones(len(points), dtype=bool)
        for r in self.restrictions:
            inside &= (points[r.driver].to_numpy() >= r.low) & (
                points[r.driver].to_numpy() <= r.high
            )
        return inside


@dataclass(frozen=True)
class Discovery:
    """A question, how often it holds, and the box that describes where."""

    question: str
    cases: int
    futures: int
    box: Box | None
    where: np.ndarray | None = field(default=None, repr=False, compare=False)
    """Which futures the question holds in."""


def discover(
    points: pd.DataFrame,
    cases: np.ndarray,
    question: str,
    coverage: float = COVERAGE,
    significance: float = SIGNIFICANCE,
    peel_alpha: float = PEEL_ALPHA,
) -> Discovery:
    """Run PRIM on ``points`` (futures x drivers) for the futures where ``cases`` is True.

    No box is sought when no future, or every future, is a case (nothing to tell apart).
    """
    cases = np.asarray(cases, dtype=bool)
    found = Discovery(question, int(cases.sum()), len(cases), None, cases)
    if found.cases in (0, len(cases)):
        return found
    prim = _prim_module()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        algorithm = prim.Prim(points, cases.astype(int), threshold=CASE, peel_alpha=peel_alpha)
        box = algorithm.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
    chosen = _choose(trajectory, coverage)
    restrictions = _restrictions(box, chosen, points, significance)
    box = _measured(restrictions, trajectory, chosen, points, cases)
    return Discovery(question, found.cases, found.futures, box, cases)


def _prim_module():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError as exc:
        raise PrimMissing(
            "scenario discovery needs the EMA workbench's PRIM: pip install 'policyscore[explore]'"
        ) from exc
    return prim


def _choose(trajectory: pd.DataFrame, coverage: float) -> int:
    """The densest step with at least ``coverage`` (ties: the larger coverage)."""
    eligible = trajectory[trajectory["coverage"] >= coverage - 1e-12]
    if eligible.empty:
        return 0
    best = eligible.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(best.index[0])


def _restrictions(box, step: int, points: pd.DataFrame, significance: float):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, limits = box.inspect(step, style="data")[0]
    out = []
    for driver in limits.index:
        row = limits.loc[driver].to_numpy()
        low, high, p_low, p_high = (float(v) for v in row[:4])
        lower = bool(low > points[driver].min())
        upper = bool(high < points[driver].max())
        quasi_p = max(p for p, side in ((p_low, lower), (p_high, upper)) if side and np.isfinite(p))
        if quasi_p <= significance:
            out.append(Restriction(str(driver), low, high, lower, upper, quasi_p))
    return tuple(out)


def _measured(
    restrictions, trajectory, chosen: int, points: pd.DataFrame, cases: np.ndarray
) -> Box:
    box = Box(restrictions, 0.0, 0.0, 0, trajectory, chosen)
    inside = box.contains(points)
    covered = int((inside & cases).sum())
    return Box(
        restrictions,
        covered / int(cases.sum()),
        covered / max(int(inside.sum()), 1),
        int(inside.sum()),
        trajectory,
        chosen,
    )
