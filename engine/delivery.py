"""Delivery likelihood: a measure's change over the baseline at its expected size.

An option may declare the probability ``p`` that it is delivered as scored; its
performance cells say what it does if it is. Delivered, it performs :math:`x_{ij}`;
not delivered, the baseline's :math:`x_{0j}` (nothing changes). Its **expected level**,
which every ranking, switch point, package and live formula uses, is

.. math:: \\bar x_{ij} = x_{0j} + p_i \\,(x_{ij} - x_{0j}),

the change counted at its expected size, as portfolio decision analysis values a
project by its probability of success times its value if it succeeds (Salo, Keisler and
Morton 2011, ch. 1; for a linear value function this is the expected value exactly).
SMAA and the inclusion frequency draw ``p`` uniformly within its stated low-high range
per sample, so a measure whose delivery is uncertain is ranked under that uncertainty.
The baseline itself (business as usual) is what happens without any measure: it has no
delivery likelihood. A criterion that measures what a measure **costs** in a resource of
the portfolio (e.g. fiscal cost) is not scaled: the money is spent whether or not the
measure delivers, as a package pays it in full (:func:`expected`, ``spent``).

References
----------
Salo, A., Keisler, J. and Morton, A. (eds.) (2011). *Portfolio Decision Analysis:
Improved Methods for Resource Allocation*. Springer, ch. 1 (value of a portfolio with
probabilities of success).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.model import Option


def likelihoods(options: Sequence[Option]) -> np.ndarray:
    """Each option's probability of delivery (1 where none is declared)."""
    return np.array([o.likelihood for o in options], dtype=float)


def ranges(options: Sequence[Option]) -> tuple[np.ndarray, np.ndarray]:
    """Low and high probability of delivery of each option."""
    bounds = [(1.0, 1.0) if o.delivery is None else o.delivery.range for o in options]
    return np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])


def declared(options: Sequence[Option]) -> bool:
    return any(o.delivery is not None and o.delivery.range != (1.0, 1.0) for o in options)


def expected(
    table: np.ndarray,
    baseline: int,
    probability: np.ndarray,
    spent: np.ndarray | None = None,
) -> np.ndarray:
    """Expected levels of performance tables (..., options, criteria): each option's
    change over the baseline's row times its probability (..., options); the criteria
    ``spent`` (a boolean mask: a resource's cost criterion) keep their cells, since the
    money is spent whether or not the measure delivers."""
    base = table[..., baseline : baseline + 1, :]
    out = base + np.asarray(probability)[..., :, None] * (table - base)
    if spent is not None and spent.any():
        out[..., spent] = table[..., spent]
    return out


def drawn(options: Sequence[Option], rng: np.random.Generator, count: int) -> np.ndarray:
    """Probabilities (count, options) drawn uniformly within each option's range."""
    low, high = ranges(options)
    return low + rng.random((count, len(low))) * (high - low)


def joint(options: Sequence[Option]) -> float:
    """The probability that every one of ``options`` is delivered (independently): an
    interaction among them happens only then, so it counts at this share of its size
    (two measures each +2 at 0.6 that overlap by 1 are worth 0.6 x 2 + 0.6 x 2 - 0.36 x 1
    in expectation)."""
    return float(np.prod([o.likelihood for o in options]))
