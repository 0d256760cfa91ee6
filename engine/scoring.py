"""One evaluation: study + scenario + profile + method -> ranked result table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engine import methods
from engine.acceptance import study_with
from engine.errors import InputError, error
from engine.methods.additive import contributions
from engine.model import Profile
from engine.study import Study

Pair = tuple[str, str]


@dataclass(frozen=True)
class PairResult:
    """The evaluation of one scenario x profile pair under one method.

    Attributes
    ----------
    scenario, profile, method : str
    table : DataFrame
        What :func:`evaluate` returns: ``score``, ``rank`` and, for a linear method,
        one contribution column per criterion.
    details : dict of DataFrame
        The method's intermediate tables, indexed by option: ``per_option`` (one column
        per quantity, e.g. VIKOR's S, R and Q with its compromise conditions, TOPSIS's
        distances) and, where the method has them, options x criteria tables (e.g.
        PROMETHEE's ``criterion_flows``).
    """

    scenario: str
    profile: str
    method: str
    table: pd.DataFrame
    details: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def winners(self) -> list[str]:
        """Options ranked first (more than one under a tie), in study order."""
        return list(self.table.index[self.table["rank"].to_numpy() == 1])


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
        Profile id, or a profile object (e.g. read from a weights workbook); an object
        is accepted against the study first (:func:`engine.acceptance.accept_profile`).
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
        method's native index) and ``rank`` (1 = best, ties per the method's
        tolerance, :mod:`engine.ranking`); for the additive model one contribution
        column per leaf criterion (weight x value) that sums to the score.
    """
    return evaluate_pair(study, scenario, profile, method, **params).table


def evaluate_pair(
    study: Study,
    scenario: str,
    profile: str | Profile,
    method: str = "additive",
    **params: Any,
) -> PairResult:
    """:func:`evaluate` with the method's intermediate tables (:class:`PairResult`)."""
    spec = methods.get(method)
    study, profile = study_with(study, profile)
    weights = study.weight_vector(profile)
    matrix = method_matrix(study, scenario, spec)
    params = study_params(study, spec) | params
    score = spec.kernel(matrix, weights, study.benefit_mask(), **params)
    index = pd.Index(study.options, name="option")
    columns = {"score": score, "rank": spec.rank(score)}
    if spec.linear:
        parts = contributions(matrix, weights)
        columns |= {criterion: parts[:, j] for j, criterion in enumerate(study.criteria)}
    table = pd.DataFrame(columns, index=index)
    details = {}
    if spec.details is not None:
        details = _detail_frames(
            spec.details(matrix, weights, study.benefit_mask(), **params), study
        )
    return PairResult(scenario, profile, method, table, details)


def _detail_frames(arrays: dict[str, np.ndarray], study: Study) -> dict[str, pd.DataFrame]:
    index = pd.Index(study.options, name="option")
    per_option = {k: v for k, v in arrays.items() if np.ndim(v) == 1}
    frames = {"per_option": pd.DataFrame(per_option, index=index)} if per_option else {}
    for key, table in arrays.items():
        if np.ndim(table) == 2:
            frames[key] = pd.DataFrame(table, index=index, columns=study.criteria)
    return frames


def evaluate_pairs(
    study: Study, scenarios: Sequence[str], profiles: Sequence[str], method: str = "additive"
) -> dict[Pair, PairResult]:
    """The result of every (scenario, profile) pair, scenario-major."""
    return {(s, p): evaluate_pair(study, s, p, method) for s in scenarios for p in profiles}


def method_matrix(study: Study, scenario: str, spec: methods.MethodSpec) -> np.ndarray:
    """The table a method scores: 0-100 values or raw performances (checked for the method)."""
    if spec.uses_values:
        return study.values(scenario).to_numpy()
    performance = study.performance(scenario).to_numpy()
    if spec.needs_positive and (performance <= 0).any():
        bad = np.argwhere(performance <= 0)  # option-major, as the table reads
        raise InputError(
            [
                _not_positive(study, scenario, study.options[i], study.criteria[j], spec)
                for i, j in bad
            ]
        )
    return performance


def _not_positive(study: Study, scenario: str, option: str, criterion: str, spec) -> Any:
    cell, origin = study.cells(scenario)[(option, criterion)]
    return error(
        "method-needs-positive",
        study.where.locate(("scenario", origin), ("performance", option, criterion, "value")),
        f"performance {cell.value:g} of '{option}' on '{criterion}' in scenario '{scenario}'",
        f"a strictly positive performance for the {spec.title}",
        "use a scale that excludes zero for this criterion, or another method",
    )


def study_params(study: Study, spec: methods.MethodSpec) -> dict[str, Any]:
    """The method's default parameters and those declared in the study files
    (PROMETHEE preference functions)."""
    if not spec.criterion_preferences:
        return dict(spec.defaults)
    preferences = [c.preference for c in study.tree.criteria]
    return dict(spec.defaults) | {
        "functions": [p.function for p in preferences],
        "q": [p.q for p in preferences],
        "p": [p.p if p.p is not None else 1.0 for p in preferences],
        "s": [p.s if p.s is not None else 1.0 for p in preferences],
    }


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """The result table sorted best first (rank, then option order for ties)."""
    order = np.lexsort((np.arange(len(table)), table["rank"].to_numpy()))
    return table.iloc[order]
