"""Group weights: pooling, Kendall's W and its test, the planner farthest from the group."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.compare.group import (
    Planner,
    chi2_survival,
    combine,
    kendall_w,
    mean_ranks,
    pool_judgments,
)
from engine.elicitation import ahp, judgment
from engine.model import PairwiseElicitation
from engine.weights import node_weights

SHIPPED = engine.load_study(REPO)


def _planner(name, points):
    """A planner whose profiles are the study's with the 'security' objective's points
    set to ``points`` (accepted: the study's own profiles are)."""
    profiles = {}
    for p in SHIPPED.profiles:
        record = SHIPPED.profile(p)
        profiles[p] = record.model_copy(
            update={"weights": dict(record.weights) | {"security": points}}
        )
    return Planner(name, profiles)


def test_pooled_local_weights_are_the_planners_mean():
    planners = [_planner("a", 10), _planner("b", 40), _planner("c", 400)]
    group = combine(SHIPPED, planners)
    for profile in SHIPPED.profiles:
        pooled = {w.node: w.local for w in group.study.node_weights(profile)}
        each = [
            {w.node: w.local for w in node_weights(SHIPPED.tree, x.profiles[profile].weights)}
            for x in planners
        ]
        for node, local in pooled.items():
            assert local == pytest.approx(np.mean([e[node] for e in each]), abs=1e-12)
        for copy in (group.copies[(profile, x.id)] for x in planners):
            assert copy in group.study.profiles  # each planner's own copy is kept


def test_the_farthest_planner_is_the_one_whose_weights_moved_most():
    group = combine(SHIPPED, [_planner("a", 30), _planner("b", 32), _planner("far", 3000)])
    assert set(group.concordance["Farthest planner"]) <= {"far", "none: all agree"}
    assert "far" in set(group.concordance["Farthest planner"])


def test_identical_planners_agree_completely():
    group = combine(SHIPPED, [_planner("a", 30), _planner("b", 30)])
    np.testing.assert_allclose(group.concordance["Kendall's W"].to_numpy(), 1.0)
    assert set(group.concordance["Farthest planner"]) == {"none: all agree"}
    assert (group.spread["Spread"].abs() < 1e-12).all()


def test_ahp_judgments_pool_by_geometric_mean_and_stay_reciprocal():
    a = PairwiseElicitation(order=("x", "y", "z"), matrix=((1, 3, 5), ("1/3", 1, 2), (0.2, 0.5, 1)))
    b = PairwiseElicitation(order=("z", "x", "y"), matrix=((1, "1/7", 1), (7, 1, 2), (1, 0.5, 1)))
    pooled = pool_judgments([a, b])
    assert pooled.order == ("x", "y", "z")
    m = np.array(pooled.matrix)
    np.testing.assert_allclose(m * m.T, np.ones((3, 3)), rtol=1e-12)  # reciprocal
    assert m[0, 1] == pytest.approx(math.sqrt(3 * 2))  # x over y: 3 and 2
    assert m[0, 2] == pytest.approx(math.sqrt(5 * 7))  # x over z: 5 and 7
    assert 0 <= ahp(m).consistency_ratio < 1
    same = pool_judgments([a, a])
    np.testing.assert_allclose(
        np.array(same.matrix), [[judgment(v) for v in row] for row in a.matrix], rtol=1e-12
    )


def test_kendall_w_limits():
    scores = np.array([[5.0, 4, 3, 2, 1]] * 4)
    assert kendall_w(scores)[0] == pytest.approx(1.0)
    assert kendall_w(np.array([[1.0, 2, 3, 4], [4.0, 3, 2, 1]]))[0] == pytest.approx(0.0)


@given(st.integers(2, 6), st.integers(3, 9), st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_kendall_w_without_ties_equals_the_rank_sum_variance_formula(m, n, seed):
    """W = 12 (n - 1) var(R) / (m^2 (n^3 - n)) with var the sample variance of the rank
    sums R (the form R's irr::kendall computes); random scores have no ties."""
    scores = np.random.default_rng(seed).random((m, n))
    ranks = np.array([mean_ranks(row) for row in scores])
    expected = 12 * np.var(ranks.sum(axis=0), ddof=1) * (n - 1) / (m**2 * (n**3 - n))
    w, chi2, df = kendall_w(scores)
    assert w == pytest.approx(expected, abs=1e-12)
    assert (chi2, df) == (pytest.approx(m * (n - 1) * w), n - 1)


@pytest.mark.parametrize("df", range(1, 21))
def test_chi_square_tail_matches_numerical_integration(df):
    """The closed form against the density integrated numerically (Simpson, fine grid)."""
    for x in (0.5, df * 0.7, df, df * 1.6 + 3):
        t = np.linspace(x, x + 400, 400_001)
        log_pdf = (df / 2 - 1) * np.log(t) - t / 2 - (df / 2) * math.log(2) - math.lgamma(df / 2)
        h = t[1] - t[0]
        f = np.exp(log_pdf)
        simpson = h / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
        assert chi2_survival(x, df) == pytest.approx(simpson, rel=1e-6, abs=1e-12)


def _ahp_planner(name, seed):
    """A planner who judged the objectives (the tree's top) by AHP: a random reciprocal
    matrix on Saaty's scale, accepted into the study like a profile read from a file."""
    from engine.acceptance import with_profiles

    rng = np.random.default_rng(seed)
    top = [n.id for n in SHIPPED.tree.nodes if n.parent is None]
    scale = [1 / 5, 1 / 3, 1, 3, 5]
    matrix = np.ones((len(top), len(top)))
    for i in range(len(top)):
        for j in range(i + 1, len(top)):
            matrix[i, j] = rng.choice(scale)
            matrix[j, i] = 1 / matrix[i, j]
    spec = PairwiseElicitation(order=tuple(top), matrix=tuple(map(tuple, matrix.tolist())))
    profiles = {}
    for p in SHIPPED.profiles:
        record = SHIPPED.profile(p)
        weights = {k: v for k, v in record.weights.items() if k not in top}
        candidate = record.model_copy(update={"weights": weights, "pairwise": {"top": spec}})
        profiles[p] = with_profiles(SHIPPED, [candidate]).profile(p)
    return Planner(name, profiles), matrix


def test_ahp_planners_pool_by_geometric_mean_with_the_pooled_consistency_ratio():
    """Forman and Peniwati (1998): aggregating individual judgments (AIJ) by the geometric
    mean; the pooled profile's objective weights are the AHP priorities of the pooled
    matrix, and its consistency ratio is reported beside each planner's."""
    (a, ma), (b, mb) = _ahp_planner("a", 1), _ahp_planner("b", 2)
    group = combine(SHIPPED, [a, b])
    pooled = np.sqrt(ma * mb)
    expected = ahp(pooled)
    top = [n.id for n in SHIPPED.tree.nodes if n.parent is None]
    profile = SHIPPED.profiles[0]
    local = {w.node: w.local for w in group.study.node_weights(profile)}
    np.testing.assert_allclose([local[n] for n in top], expected.weights, rtol=1e-9)
    rows = group.consistency[group.consistency["Profile"] == SHIPPED.profile(profile).name]
    ratios = dict(zip(rows["Planner"], rows["Consistency ratio"], strict=True))
    assert ratios["group"] == pytest.approx(expected.consistency_ratio)
    assert ratios["a"] == pytest.approx(ahp(ma).consistency_ratio)
