"""Group weights: pool several planners' weights and show where they disagree.

Pooling (Forman and Peniwati 1998, aggregation of individual priorities): for every node
the pooled local weight is the arithmetic mean of the planners' normalised local weights
(so siblings still sum to one); for a node whose children every planner judged by AHP,
the judgments are pooled instead by their element-wise geometric mean, which keeps the
matrix reciprocal, and its consistency ratio is reported.

Disagreement, per profile: the spread of each node's local weight over the planners
(minimum, quartiles, maximum), Kendall's coefficient of concordance :math:`W` of the
planners' rankings of the criteria by global weight, with its chi-square test, and the
planner farthest from the pooled weights (sum of absolute differences of global weights).

.. math::

    W = \\frac{12 S}{m^2 (n^3 - n) - m \\sum_j T_j}, \\quad
    S = \\sum_i (R_i - \\bar R)^2, \\quad \\chi^2 = m (n - 1) W, \\; df = n - 1

with :math:`m` planners, :math:`n` criteria, :math:`R_i` the sum of criterion :math:`i`'s
ranks (ties get their mean rank) and :math:`T_j = \\sum (t^3 - t)` over the tie groups of
planner :math:`j`.

References
----------
Forman, E. and Peniwati, K. (1998). Aggregating individual judgments and priorities with
the Analytic Hierarchy Process. *European Journal of Operational Research* 108, 165-169.
Kendall, M. G. and Babington Smith, B. (1939). The problem of m rankings. *Annals of
Mathematical Statistics* 10(3), 275-287.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.acceptance import with_profiles
from engine.elicitation import ahp, judgment
from engine.model import PairwiseElicitation, Profile
from engine.study import Study
from engine.weights import node_weights

SEPARATOR = "__"
"""Between a profile id and a planner id in the id of a planner's copy."""


@dataclass(frozen=True)
class Planner:
    """One planner's weights: their id and their profiles (accepted against the study)."""

    id: str
    profiles: dict[str, Profile]


@dataclass(frozen=True)
class GroupWeights:
    """Pooled profiles (the study's ids), each planner's copy (``<profile>__<planner>``),
    and the disagreement tables."""

    study: Study
    pooled: tuple[str, ...]
    copies: dict[tuple[str, str], str]
    spread: pd.DataFrame
    concordance: pd.DataFrame
    consistency: pd.DataFrame
    planners: tuple[str, ...]


def copy_id(profile: str, planner: str) -> str:
    return f"{profile}{SEPARATOR}{planner}"


def combine(study: Study, planners: Sequence[Planner]) -> GroupWeights:
    """Pool the planners' profiles that every planner gave (profile ids of the study)."""
    shared = [p for p in study.profiles if all(p in x.profiles for x in planners)]
    pooled = [pool_profile(study, [x.profiles[p] for x in planners]) for p in shared]
    copies = {  # by their points (judgments and rankings already turned into points)
        (p, x.id): as_points(study, x.profiles[p]).model_copy(
            update={"id": copy_id(p, x.id), "name": f"{study.profile(p).name} ({x.id})"}
        )
        for p in shared
        for x in planners
    }
    # the working copy holds every planner's copy: bounded by MAX_PLANNERS, not by the
    # profile limit of a study (16 planners on a 6-profile study are 102 profiles)
    joined = with_profiles(study, [*pooled, *copies.values()], bounded=False)
    ids = {key: profile.id for key, profile in copies.items()}
    return GroupWeights(
        joined,
        tuple(shared),
        ids,
        _spread(joined, shared, planners, ids),
        _concordance(joined, shared, planners, ids),
        _consistency(study, shared, planners, pooled),
        tuple(x.id for x in planners),
    )


def as_points(study: Study, profile: Profile) -> Profile:
    """An accepted profile as swing points only (its AHP judgments, rankings and
    objective weighting already turned into points), so it weighs each node one way."""
    update = {"pairwise": {}, "rankings": {}, "objective": None}
    return profile.model_copy(update={**update, "weights": _points(study, profile)})


def _points(study: Study, profile: Profile) -> dict[str, float]:
    """Every node's points of an accepted profile (its local weights x 100)."""
    return {w.node: 100.0 * w.local for w in node_weights(study.tree, profile.weights)}


def pool_profile(study: Study, profiles: Sequence[Profile]) -> Profile:
    """The group's profile: mean local weights; AHP judgments by geometric mean where
    every planner judged the node by AHP."""
    first = profiles[0]
    locals_ = [{w.node: w.local for w in node_weights(study.tree, p.weights)} for p in profiles]
    judged = [n for n in first.pairwise if all(n in p.pairwise for p in profiles)]
    pairwise = {node: pool_judgments([p.pairwise[node] for p in profiles]) for node in judged}
    under_ahp = {c for node in judged for c in pairwise[node].order}
    weights = {
        node: 100.0 * float(np.mean([local[node] for local in locals_]))
        for node in locals_[0]
        if node not in under_ahp
    }
    return first.model_copy(
        update={"weights": weights, "pairwise": pairwise, "rankings": {}, "objective": None}
    )


def pool_judgments(judgments: Sequence[PairwiseElicitation]) -> PairwiseElicitation:
    """Element-wise geometric mean of AHP matrices (in the first one's child order)."""
    order = judgments[0].order
    logs = []
    for spec in judgments:
        index = [spec.order.index(child) for child in order]
        matrix = np.array([[judgment(x) for x in row] for row in spec.matrix], dtype=float)
        logs.append(np.log(matrix[np.ix_(index, index)]))
    pooled = np.exp(np.mean(logs, axis=0))
    rows = tuple(tuple(float(x) for x in row) for row in pooled)
    return PairwiseElicitation(method=judgments[0].method, order=order, matrix=rows)


def _spread(study, shared, planners, ids) -> pd.DataFrame:
    rows = []
    for profile in shared:
        pooled = {w.node: w.local for w in study.node_weights(profile)}
        each = [
            {w.node: w.local for w in study.node_weights(ids[(profile, x.id)])} for x in planners
        ]
        for node in pooled:
            values = np.array([e[node] for e in each])
            q = np.quantile(values, [0.0, 0.25, 0.5, 0.75, 1.0])
            name = study.tree.node(node).name
            rows.append([study.profile(profile).name, name, *q, q[4] - q[0], pooled[node]])
    columns = ["Profile", "Node", "Min", "Q1", "Median", "Q3", "Max", "Spread", "Pooled"]
    return pd.DataFrame(rows, columns=columns)


def _concordance(study, shared, planners, ids) -> pd.DataFrame:
    rows = []
    for profile in shared:
        weights = np.array([study.weights(ids[(profile, x.id)]).to_numpy() for x in planners])
        w, chi2, df = kendall_w(weights)
        pooled = study.weights(profile).to_numpy()
        distance = np.abs(weights - pooled).sum(axis=1)
        far = int(np.argmax(distance))
        p_value = chi2_survival(chi2, df) if df > 0 else float("nan")
        farthest = planners[far].id if distance[far] > 1e-12 else "none: all agree"
        rows.append([study.profile(profile).name, w, chi2, df, p_value, farthest, distance[far]])
    columns = [
        "Profile",
        "Kendall's W",
        "Chi-square",
        "df",
        "P value",
        "Farthest planner",
        "Their distance",
    ]
    return pd.DataFrame(rows, columns=columns)


def _consistency(study, shared, planners, pooled) -> pd.DataFrame:
    """Each planner's AHP consistency ratios, and the pooled matrices' (planner "group")."""
    rows = []
    every = [(x.id, x.profiles) for x in planners] + [("group", {p.id: p for p in pooled})]
    for planner, profiles in every:
        for profile in shared:
            for node, spec in profiles[profile].pairwise.items():
                matrix = np.array([[judgment(v) for v in row] for row in spec.matrix], dtype=float)
                ratio = ahp(matrix, spec.method).consistency_ratio
                name = study.tree.node(node).name if node != "top" else "(top)"
                rows.append([planner, study.profile(profile).name, name, ratio])
    return pd.DataFrame(rows, columns=["Planner", "Profile", "Node", "Consistency ratio"])


def mean_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``values`` (largest first), ties sharing their mean rank."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def kendall_w(scores: np.ndarray) -> tuple[float, float, int]:
    """Kendall's W of ``scores`` (planners x criteria; larger = more important), with
    the tie correction, its chi-square statistic and degrees of freedom."""
    m, n = scores.shape
    ranks = np.array([mean_ranks(row) for row in scores])
    totals = ranks.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    counts = (np.unique(row, return_counts=True)[1] for row in ranks)
    ties = sum(float((c**3 - c).sum()) for c in counts)
    denominator = m**2 * (n**3 - n) - m * ties
    w = 12 * s / denominator if denominator > 0 else 1.0
    return w, m * (n - 1) * w, n - 1


def chi2_survival(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with ``df`` degrees of freedom (closed form
    for integer df: a Poisson sum for even df, with the error function for odd df)."""
    if x <= 0:
        return 1.0
    half = x / 2
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    total = math.erfc(math.sqrt(half))
    term = math.sqrt(half) / math.gamma(1.5)
    for i in range(0, (df - 1) // 2):
        if i:
            term *= half / (i + 0.5)
        total += math.exp(-half) * term
    return min(1.0, total)
