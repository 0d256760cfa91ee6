"""Sensitivity and robustness analysis.

* :func:`weight_sweep` - scores and ranks as one node's weight moves from 0 to 1;
* :func:`switch_points` - exact weights at which the winner or the ranking changes
  (additive model);
* :func:`tornado` - one-factor-at-a-time swings of scores and of the winner's margin;
* :func:`smaa` - SMAA-2 rank acceptability, central weights and confidence factors;
* :func:`robustness` - ranks, regret and minimax regret across scenarios and profiles.
"""

from engine.sensitivity.acceptability import SmaaResult, smaa
from engine.sensitivity.robustness import RobustnessResult, robustness, robustness_of
from engine.sensitivity.switching import switch_points, weight_sweep
from engine.sensitivity.tornado import TornadoResult, tornado

__all__ = [
    "RobustnessResult",
    "SmaaResult",
    "TornadoResult",
    "robustness",
    "robustness_of",
    "smaa",
    "switch_points",
    "tornado",
    "weight_sweep",
]
