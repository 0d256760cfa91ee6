"""One evaluation: study + scenario + profile + method -> ranked result table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine import methods
from engine.methods.additive import contributions
from engine.model import Profile
from engine.ranking import rank
from engine.study import Study


def evaluate(
    study: Study,
    scenario: str,
    profile: str | Profile,
    method: str = "additive",
    **params: object,
) -> pd.DataFrame:
    """Score and rank every option of ``study`` under one scenario and profile.

    Parameters
    ----------
    study : Study
    scenario : str
        Scenario id.
    profile : str or Profile
        Profile id, or a profile object (e.g. read from a weights workbook).
    method : str
        Registered method name (see :func:`engine.methods.names`).
    **params
        Method parameters.

    Returns
    -------
    DataFrame
        Indexed by option id in study order, with columns ``score`` and ``rank``
        (1 = best, ties per :mod:`engine.ranking`) and, for the additive model,
        one contribution column per leaf criterion (weight x value) that sums
        to the score.
    """
    spec = methods.get(method)
    weights = study.weights(profile).to_numpy()
    matrix = (
        study.values(scenario) if spec.uses_values else study.performance(scenario)
    ).to_numpy()
    score = spec.kernel(matrix, weights, study.benefit_mask(), **params)
    table = pd.DataFrame(
        {"score": score, "rank": rank(score, higher_is_better=spec.higher_is_better)},
        index=pd.Index(study.options, name="option"),
    )
    if method == "additive":
        parts = contributions(matrix, weights)
        table = table.join(pd.DataFrame(parts, index=table.index, columns=study.criteria))
    return table


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """The result table sorted best first (rank, then option order for ties)."""
    order = np.lexsort((np.arange(len(table)), table["rank"].to_numpy()))
    return table.iloc[order]
