"""How far a package within the limits can move each criterion: a tighter reach.

A criterion's level moves by the sum of its chosen measures' changes. Taking every
harmful measure at once is usually far beyond any limit, yet the program must model every
kink of the value function inside the levels packages can reach, and a kink where the
slope rises (the scale's worst end) costs a binary. Bounding the reach by the limits
removes the kinks no feasible package can reach.

For criterion ``j`` and each resource ``r`` with a finite limit :math:`L_r` (every cost in
it non-negative), the lowest level a package within that limit can reach is at least

.. math:: \\ell^0_j + \\min \\Big\\{ \\sum_i \\Delta_{ij} x_i \\;:\\;
          \\sum_i c_{ir} x_i \\le L_r,\\; 0 \\le x \\le 1 \\Big\\},

the fractional knapsack's optimum (Dantzig 1957: the harmful measures by harm per unit of
cost, the last one in part), and the highest at most the same with gains; the reach is
the tightest of these bounds and the unlimited one. Each is a relaxation of the feasible
set, so no feasible package leaves the bounded reach and the value stays exact.

References
----------
Dantzig, G. B. (1957). Discrete-variable extremum problems. *Operations Research* 5(2),
266-288 (the fractional knapsack bound).
"""

from __future__ import annotations

import numpy as np

FREE = 1e-6
"""Costs up to this share of the limit (at least 1e-6) count as free: HiGHS accepts a row
up to its feasibility tolerance (1e-7) past its bound."""


def level_bounds(
    base: np.ndarray, change: np.ndarray, gains: np.ndarray, costs: np.ndarray, limits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest levels (n,) a package within ``limits`` can reach.

    Parameters
    ----------
    base : (n,) the baseline's levels
    change : (m, n) each measure's change
    gains : (2, n) the most the criterion interactions can take off and add (<= 0, >= 0)
    costs : (m, r) non-negative costs where a limit is finite
    limits : (r,) ``inf`` where none
    """
    low = base + np.minimum(change, 0).sum(axis=0) + gains[0]
    high = base + np.maximum(change, 0).sum(axis=0) + gains[1]
    for r, limit in enumerate(limits):
        cost = costs[:, r]
        if not np.isfinite(limit) or limit < 0 or np.any(cost < 0):
            continue
        low = np.maximum(low, base + _fractional(np.minimum(change, 0), cost, limit) + gains[0])
        high = np.minimum(high, base - _fractional(-np.maximum(change, 0), cost, limit) + gains[1])
    return low, high


def _fractional(harm: np.ndarray, cost: np.ndarray, limit: float) -> np.ndarray:
    """Per criterion, the least sum of ``harm`` (m, n), all <= 0, over fractional packages
    costing at most ``limit``: free measures whole, then by harm per unit of cost. A cost
    within the solver's feasibility tolerance of nothing counts as free (the solver may
    take such a measure past the limit), so the bound holds for every package it accepts."""
    free = cost <= FREE * max(1.0, limit)
    total = harm[free].sum(axis=0)
    paid = np.flatnonzero(~free)
    if len(paid) == 0:
        return total
    ratio = harm[paid] / cost[paid, None]  # (p, n), most harmful per unit first
    order = np.argsort(ratio, axis=0, kind="stable")
    spent = np.cumsum(cost[paid][order], axis=0)  # (p, n) cost of the first k+1
    taken = np.take_along_axis(harm[paid], order, axis=0)
    before = spent - cost[paid][order]
    share = np.clip((limit - before) / cost[paid][order], 0.0, 1.0)
    return total + (taken * share).sum(axis=0)
