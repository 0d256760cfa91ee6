"""Generated futures: the study's tables at a point in driver space, by superposition.

A future is a point :math:`z \\in [-1, 1]^D` (one position per driver; 0 is the base
scenario, -1 and +1 the scenarios anchoring each end). Each performance cell, cost and
resource limit is the base scenario's plus, for every driver, its change toward the
scenario at the end the driver leans to, in proportion to how far it leans:

.. math::

    x_{oc}(z) = x^0_{oc} + \\sum_d \\big( z_d^+ (x^{d+}_{oc} - x^0_{oc})
                                        + z_d^- (x^{d-}_{oc} - x^0_{oc}) \\big)
                + \\sum_K \\kappa_{K,oc} \\prod_{d \\in K} (s_{K,d}\\, z_d)^+ ,

with :math:`z^+ = \\max(z, 0)`, :math:`z^- = \\max(-z, 0)`, and then clipped to the
criterion's scale. The drivers' effects **add** (superposition, the assumption of every
one-factor-at-a-time scenario set). Where a study declares a cell's value at a
combination :math:`K` of driver ends (signs :math:`s_{K,d}`), the correction
:math:`\\kappa_{K,oc}` (the declared value minus the superposed one at that corner) enters
in proportion to the product of the drivers' lean toward those ends: in full at the
corner, not at all where any of them stands at the base. At a driver's end with every
other driver at 0 the future **is** that end's scenario, cell for cell.

Cells are the scenarios' cells as judged (performance if delivered); each option's change
over the baseline is then counted at its delivery likelihood (:mod:`engine.delivery`), as
in every other analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import delivery
from engine.explore.records import Uncertainties
from engine.study import Study
from engine.valuefn import value_points


@dataclass(frozen=True)
class Corner:
    """A declared combination: drivers (indexes), the end each sits at, the correction."""

    drivers: np.ndarray
    signs: np.ndarray
    correction: np.ndarray
    """(options, criteria): declared value minus the superposed one (0 where undeclared)."""


@dataclass(frozen=True)
class FutureModel:
    """Arrays that turn driver positions into performance tables (numpy only, picklable).

    Attributes
    ----------
    base : (options, criteria)
        The base scenario's cells as judged.
    toward_high, toward_low : (drivers, options, criteria)
        Each driver's change from the base to the scenario at its +1 and -1 end (zero
        where the end has none).
    corners : declared combinations
    low, high : (criteria,)
        Scale ends (tables are clipped to them).
    ranges : (drivers, 2)
        Positions sampled per driver.
    """

    base: np.ndarray
    toward_high: np.ndarray
    toward_low: np.ndarray
    corners: tuple[Corner, ...]
    low: np.ndarray
    high: np.ndarray
    ranges: np.ndarray

    @property
    def drivers(self) -> int:
        return self.ranges.shape[0]

    def cells(self, points: np.ndarray) -> np.ndarray:
        """Performance tables (futures, options, criteria) as judged, clipped to the
        scales, at ``points`` (futures, drivers)."""
        z = np.asarray(points, dtype=float)
        flat = np.maximum(z, 0) @ self.toward_high.reshape(self.drivers, -1)
        flat += np.maximum(-z, 0) @ self.toward_low.reshape(self.drivers, -1)
        out = flat.reshape(len(z), *self.base.shape)
        out += self.base
        for corner in self.corners:
            lean = np.prod(np.maximum(z[:, corner.drivers] * corner.signs, 0), axis=1)
            out += lean[:, None, None] * corner.correction
        return np.clip(out, self.low, self.high, out=out)


def superposed(base: np.ndarray, high: np.ndarray, low: np.ndarray, points) -> np.ndarray:
    """Any table (..., shape) at ``points`` (futures, drivers): the base plus each
    driver's lean times its change toward that end (used for limits and costs)."""
    z = np.asarray(points, dtype=float)
    drivers = z.shape[1]
    flat = np.maximum(z, 0) @ high.reshape(drivers, -1) + np.maximum(-z, 0) @ low.reshape(
        drivers, -1
    )
    return base + flat.reshape(len(z), *base.shape)


def future_model(study: Study, found: Uncertainties) -> FutureModel:
    """The :class:`FutureModel` of a study's drivers (checked by
    :func:`engine.explore.checks.check_uncertainties`)."""
    base = study.judged(found.base)
    high = np.stack([_toward(study, base, d.high) for d in found.drivers])
    low = np.stack([_toward(study, base, d.low) for d in found.drivers])
    scales = [value_points(c)[0] for c in study.tree.criteria]
    lows = np.array([xs[0] for xs in scales])
    highs = np.array([xs[-1] for xs in scales])
    index = {d.id: k for k, d in enumerate(found.drivers)}
    corners = []
    for combination in found.combinations:
        drivers = np.array([index[d] for d in combination.at])
        signs = np.array([float(s) for s in combination.at.values()])
        point = np.zeros((1, len(found.drivers)))
        point[0, drivers] = signs
        plain = np.clip(base + superposed(np.zeros_like(base), high, low, point)[0], lows, highs)
        correction = np.zeros_like(base)
        for option, row in combination.performance.items():
            for criterion, value in row.items():
                i, j = study.options.index(option), study.criteria.index(criterion)
                correction[i, j] = value - plain[i, j]
        corners.append(Corner(drivers, signs, correction))
    ranges = np.array([d.range for d in found.drivers], dtype=float)
    return FutureModel(base, high, low, tuple(corners), lows, highs, ranges)


def _toward(study: Study, base: np.ndarray, end) -> np.ndarray:
    return np.zeros_like(base) if end is None else study.judged(end.scenario) - base


@dataclass(frozen=True)
class Delivery:
    """What turns judged cells into expected levels: baseline row, likelihoods, spent
    criteria (None when the study declares no likelihoods)."""

    baseline: int
    likelihood: np.ndarray
    spent: np.ndarray

    def expected(self, tables: np.ndarray) -> np.ndarray:
        return delivery.expected(tables, self.baseline, self.likelihood, self.spent)


def delivery_of(study: Study) -> Delivery | None:
    """The study's delivery likelihoods as :class:`Delivery` (None: none declared)."""
    baseline = study.baseline_index()
    if baseline is None or not delivery.declared(study.option_records):
        return None
    return Delivery(baseline, delivery.likelihoods(study.option_records), study.spent_mask())
