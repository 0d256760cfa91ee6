"""One evaluation: study + scenario + profile + method -> ranked result table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engine import methods
from engine.errors import InputError, error
from engine.methods.additive import contributions
from engine.model import Profile
from engine.ranking import rank
from engine.study import Study


def evaluate(
    study: Study,
    scenario: str,
    profile: str | Profile,
    method: str = "additive",
    **params: Any,
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
        Registered method name (see :func:`engine.methods.names`). The additive
        model scores the 0-100 values; the other methods score the raw
        performance table with the criteria's directions.
    **params
        Method parameters (e.g. ``v`` for VIKOR, ``normalisation`` for TOPSIS);
        PROMETHEE II takes its preference functions from the criteria files.

    Returns
    -------
    DataFrame
        Indexed by option id in study order, with columns ``score`` (the
        method's native index) and ``rank`` (1 = best, ties per
        :mod:`engine.ranking`); for the additive model one contribution column
        per leaf criterion (weight x value) that sums to the score.
    """
    spec = methods.get(method)
    weights = study.weights(profile).to_numpy()
    matrix = method_matrix(study, scenario, spec)
    score = spec.kernel(
        matrix, weights, study.benefit_mask(), **(study_params(study, method) | params)
    )
    table = pd.DataFrame(
        {"score": score, "rank": rank(score, higher_is_better=spec.higher_is_better)},
        index=pd.Index(study.options, name="option"),
    )
    if method == "additive":
        parts = contributions(matrix, weights)
        table = table.join(pd.DataFrame(parts, index=table.index, columns=study.criteria))
    return table


def method_matrix(study: Study, scenario: str, spec: methods.MethodSpec) -> np.ndarray:
    """The table a method scores: 0-100 values or raw performances (checked for the method)."""
    if spec.uses_values:
        return study.values(scenario).to_numpy()
    performance = study.performance(scenario)
    if spec.needs_positive:
        bad = [
            (o, c)
            for o in performance.index
            for c in performance.columns
            if performance.loc[o, c] <= 0
        ]
        if bad:
            raise InputError([_not_positive(study, scenario, o, c, spec) for o, c in bad])
    return performance.to_numpy()


def _not_positive(study: Study, scenario: str, option: str, criterion: str, spec) -> Any:
    cell, origin = study.cells(scenario)[(option, criterion)]
    return error(
        "method-needs-positive",
        study.where.locate(("scenario", origin), ("performance", option, criterion, "value")),
        f"performance {cell.value:g} of '{option}' on '{criterion}' in scenario '{scenario}'",
        f"a strictly positive performance for the {spec.title}",
        "use a scale that excludes zero for this criterion, or another method",
    )


def study_params(study: Study, method: str) -> dict[str, Any]:
    """Method parameters declared in the study files (PROMETHEE preference functions)."""
    if method != "promethee_ii":
        return {}
    preferences = [c.preference for c in study.tree.criteria]
    return {
        "functions": [p.function for p in preferences],
        "q": [p.q for p in preferences],
        "p": [p.p if p.p is not None else 1.0 for p in preferences],
        "s": [p.s if p.s is not None else 1.0 for p in preferences],
    }


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """The result table sorted best first (rank, then option order for ties)."""
    order = np.lexsort((np.arange(len(table)), table["rank"].to_numpy()))
    return table.iloc[order]
