"""Value functions: from a performance on a criterion's scale to a 0-100 value.

A value function is piecewise linear through points :math:`(x_k, v_k)` with
:math:`x_0 = \\min` and :math:`x_K = \\max` of the scale. By default it is linear
over the scale,

.. math::

    v(x) = 100 \\frac{x - \\min}{\\max - \\min} \\quad \\text{(benefit)}, \\qquad
    v(x) = 100 \\frac{\\max - x}{\\max - \\min} \\quad \\text{(cost)}.

References
----------
Belton, V. and Stewart, T. J. (2002). *Multiple Criteria Decision Analysis: An
Integrated Approach*. Kluwer, ch. 5 (value functions).
"""

from __future__ import annotations

import numpy as np

from engine.model import Criterion, Direction


def value_points(criterion: Criterion) -> tuple[np.ndarray, np.ndarray]:
    """The breakpoints ``(performances, values)`` of a criterion's value function."""
    if criterion.value_function is not None:
        points = np.asarray(criterion.value_function.points, dtype=float)
        return points[:, 0], points[:, 1]
    performances = np.array([criterion.scale.min, criterion.scale.max])
    if criterion.direction is Direction.BENEFIT:
        return performances, np.array([0.0, 100.0])
    return performances, np.array([100.0, 0.0])


def to_value(performance: np.ndarray | float, criterion: Criterion) -> np.ndarray:
    """Map performances on ``criterion``'s scale to 0-100 values.

    Performances outside the scale are a validation error upstream; here they
    are held at the end values (``numpy.interp`` semantics).
    """
    xs, vs = value_points(criterion)
    return np.interp(np.asarray(performance, dtype=float), xs, vs)
