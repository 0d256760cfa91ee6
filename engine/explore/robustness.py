"""Robustness metrics from the tallies of an ensemble (McPhail et al. 2018).

For each candidate (an option, or a package) and profile, over the :math:`N` futures:

* **mean** and **spread** (standard deviation) of its score (a package: its value in value
  points over the baseline): expected performance and its variability;
* **mean regret**, **90th-percentile regret** and **maximum regret** (minimax regret,
  Savage 1951): how far behind the best it falls, typically, in the worst tenth of
  futures and at worst; the percentile is the smallest regret that at least 90 % of
  futures do not exceed, read from a histogram and rounded **up** to
  :data:`~engine.explore.kernel.RESOLUTION` value points;
* **share first**: the futures in which it is best (regret 0);
* **satisficing share** (per candidate, all profiles alike): the futures in which it meets
  every threshold the study declares (Starr's domain criterion);
* for packages, **within limits**: the futures whose resource limits it fits.

The **most robust** option of a profile is the one with the least 90th-percentile regret
(ties: least maximum regret, then study order): the maximum over thousands of generated
futures is set by one corner of the driver space, the percentile by the bulk of them.

References
----------
McPhail, C., Maier, H. R., Kwakkel, J. H., Giuliani, M., Castelletti, A. and Westra, S.
(2018). Robustness metrics: how are they calculated, when should they be used and why do
they give different results? *Earth's Future* 6(2), 169-191.
Savage, L. J. (1951). The theory of statistical decision. *JASA* 46(253), 55-67.
Starr, M. K. (1963). *Product Design and Decision Theory*. Prentice-Hall (domain criterion).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.explore.kernel import RESOLUTION, Tally

PERCENTILE = 0.9


def percentile(histogram: np.ndarray, worst: np.ndarray, q: float = PERCENTILE) -> np.ndarray:
    """The q-quantile of regret per (candidate, profile) from its histogram: the upper edge
    of the bin where the cumulative count first reaches ``ceil(q N)`` (never above the
    largest regret seen)."""
    counts = histogram.sum(axis=-1, keepdims=True)
    needed = np.maximum(np.ceil(q * counts - 1e-9), 1)
    bin_index = np.argmax(np.cumsum(histogram, axis=-1) >= needed, axis=-1)
    return np.minimum(bin_index * RESOLUTION, worst)


def metrics(tally: Tally, futures: int) -> dict[str, np.ndarray]:
    """Arrays (candidates, profiles) of every metric, plus per candidate shares."""
    sums = tally.sums.sum(axis=0)  # blocks in order: the same for every chunking
    mean = sums[0] / futures
    spread = np.sqrt(np.maximum(sums[1] / futures - mean**2, 0.0))
    return {
        "mean": mean,
        "spread": spread,
        "mean_regret": sums[2] / futures,
        "p90_regret": percentile(tally.histogram, tally.worst),
        "max_regret": tally.worst,
        "share_first": tally.first / futures,
        "satisficing": tally.satisfied / futures,
        "within": tally.within / futures,
    }


def robustness_table(
    tally: Tally, futures: int, candidates: list[str], profiles: list[str]
) -> pd.DataFrame:
    """Long table: one row per candidate and profile with every metric."""
    found = metrics(tally, futures)
    rows = []
    for i, candidate in enumerate(candidates):
        for p, profile in enumerate(profiles):
            rows.append(
                {
                    "candidate": candidate,
                    "profile": profile,
                    "mean": found["mean"][i, p],
                    "spread": found["spread"][i, p],
                    "mean_regret": found["mean_regret"][i, p],
                    "p90_regret": found["p90_regret"][i, p],
                    "max_regret": found["max_regret"][i, p],
                    "share_first": found["share_first"][i, p],
                    "satisficing": found["satisficing"][i],
                    "within": found["within"][i],
                }
            )
    return pd.DataFrame(rows)


def most_robust(table: pd.DataFrame, profiles: list[str], candidates: list[str]) -> dict[str, str]:
    """Per profile, the candidate of least 90th-percentile regret (then least maximum
    regret, then study order)."""
    out = {}
    order = {c: i for i, c in enumerate(candidates)}
    for profile in profiles:
        rows = table[table["profile"] == profile]
        ranked = sorted(
            rows.itertuples(index=False),
            key=lambda r: (round(r.p90_regret, 9), round(r.max_regret, 9), order[r.candidate]),
        )
        out[profile] = ranked[0].candidate
    return out
