"""SMAA-2: acceptability sums, the deterministic limit, seeds and chunk-size independence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.sensitivity import smaa
from engine.sensitivity.smaa_kernel import smaa_arrays


@pytest.fixture(scope="module")
def shipped():
    from conftest import REPO

    return engine.load_study(REPO)


class FixedWeights:
    """A 'sampler' that always returns the same weight vector."""

    def __init__(self, w):
        self.w = np.asarray(w)

    def draw(self, k):
        return np.tile(self.w, (k, 1))


def test_acceptability_rows_and_columns_sum_to_one(shipped):
    result = smaa(shipped, "s0_status_quo", samples=5000, seed=3)
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(result.acceptability.sum(axis=0), 1.0)
    assert list(result.acceptability.columns) == list(range(1, len(shipped.options) + 1))


def test_a_single_fixed_weight_vector_gives_the_deterministic_ranking(shipped):
    w = shipped.weights("exfata_residents").to_numpy()
    values = shipped.values("s2_afghan_conflict_refugees").to_numpy()
    raw = smaa_arrays(
        "additive", values, shipped.benefit_mask(), FixedWeights(w), samples=1000, chunk=300
    )
    ranks = engine.evaluate(
        shipped, scenario="s2_afghan_conflict_refugees", profile="exfata_residents"
    )["rank"]
    expected = np.zeros((len(ranks), len(ranks)))
    expected[np.arange(len(ranks)), ranks.to_numpy() - 1] = 1.0
    np.testing.assert_array_equal(raw.acceptability, expected)
    winner = int(np.argmin(ranks.to_numpy()))
    np.testing.assert_allclose(raw.central_weights[winner], w)
    assert raw.confidence[winner] == 1.0


def test_same_seed_same_tables_other_seed_other_tables(shipped):
    a = smaa(shipped, "s0_status_quo", "equal_weights", samples=3000, seed=11, sampling="dirichlet")
    b = smaa(shipped, "s0_status_quo", "equal_weights", samples=3000, seed=11, sampling="dirichlet")
    c = smaa(shipped, "s0_status_quo", "equal_weights", samples=3000, seed=12, sampling="dirichlet")
    assert a.acceptability.equals(b.acceptability)
    assert a.central_weights.equals(b.central_weights)
    assert not a.acceptability.equals(c.acceptability)


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from(["uniform", "ordinal", "intervals", "dirichlet"]),
    st.sampled_from([None, "uniform", "triangular"]),
    st.integers(37, 700),  # 3 to 40 chunks of 1500 samples, ragged last chunks included
    st.integers(0, 2**32 - 1),
)
def test_chunk_size_does_not_change_the_result(shipped, sampling, performance, chunk, seed):
    study = shipped
    kwargs = dict(samples=1500, seed=seed, sampling=sampling, performance=performance)
    a = smaa(study, "s3_fiscal_aid_squeeze", "civil_society_development", chunk=chunk, **kwargs)
    b = smaa(study, "s3_fiscal_aid_squeeze", "civil_society_development", chunk=1500, **kwargs)
    assert a.acceptability.equals(b.acceptability)
    np.testing.assert_allclose(
        a.central_weights.to_numpy(), b.central_weights.to_numpy(), rtol=1e-9
    )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"sampling": "random"}, "sampling-unknown"),
        ({"sampling": "dirichlet"}, "profile-required"),
        ({"samples": 0}, "samples-invalid"),
        ({"performance": "normal"}, "sampling-unknown"),
        (
            {
                "sampling": "intervals",
                "intervals": {"sec_violence_reduction": (0.9, 1.0), "sus_durability": (0.9, 1.0)},
            },
            "sampling-infeasible",
        ),
        ({"sampling": "ordinal", "ranking": ["not_a_criterion"]}, "criterion-unknown"),
        ({"seed": -1}, "seed-invalid"),
        ({"seed": 2**64}, "seed-invalid"),
        ({"concentration": 0.0, "sampling": "uniform"}, "concentration-invalid"),
        ({"concentration": float("nan")}, "concentration-invalid"),
        ({"concentration": float("inf")}, "concentration-invalid"),
    ],
)
def test_bad_settings_are_input_errors(shipped, kwargs, code):
    with pytest.raises(engine.InputError) as caught:
        smaa(shipped, "s0_status_quo", **kwargs)
    assert code in {i.code for i in caught.value.issues}


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee_ii", "additive"])
def test_every_method_and_performance_sampling(shipped, method):
    result = smaa(
        shipped,
        "s1_aig_cooperation",
        "exfata_residents",
        method=method,
        samples=2000,
        seed=5,
        sampling="dirichlet",
        performance="triangular",
    )
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    first = result.acceptability[1]
    assert np.isfinite(result.confidence[first > 0]).all()
    assert result.central_weights[first == 0].isna().all(axis=None)


@pytest.mark.parametrize("method", ["topsis", "promethee_ii"])
def test_chunk_size_does_not_change_non_additive_runs_with_sampled_tables(shipped, method):
    kwargs = dict(method=method, samples=700, seed=3, performance="uniform")
    a = smaa(shipped, "s2_afghan_conflict_refugees", chunk=1, **kwargs)
    b = smaa(shipped, "s2_afghan_conflict_refugees", chunk=100, **kwargs)
    c = smaa(shipped, "s2_afghan_conflict_refugees", chunk=700, **kwargs)
    assert a.acceptability.equals(b.acceptability) and b.acceptability.equals(c.acceptability)


def test_sampled_tables_become_the_same_values_as_the_value_functions(shipped):
    from engine.sensitivity.acceptability import _to_values
    from engine.valuefn import to_value

    rng = np.random.default_rng(4)
    criteria = shipped.tree.criteria
    lows = np.array([c.scale.min for c in criteria])
    highs = np.array([c.scale.max for c in criteria])
    tables = rng.uniform(lows, highs, (50, len(shipped.options), len(criteria)))
    values = _to_values(shipped)(tables)
    for j, criterion in enumerate(criteria):
        np.testing.assert_allclose(values[..., j], to_value(tables[..., j], criterion), atol=1e-9)
    points = [len(c.value_function.points) if c.value_function else 2 for c in criteria]
    assert 2 in points and max(points) > 2  # both the affine and the piecewise path ran


METHOD_NAMES = ["additive", "topsis", "vikor", "promethee_ii", "weighted_product"]


@settings(max_examples=40, deadline=None)
@given(
    method=st.sampled_from(METHOD_NAMES),
    table=st.lists(
        st.lists(st.sampled_from([1.0, 2.0, 5.0]), min_size=3, max_size=3), min_size=2, max_size=6
    ),
    pinned=st.integers(0, 2),
)
def test_acceptability_sums_to_one_per_rank_even_when_ties_are_everywhere(method, table, pinned):
    """Issue 28, class 5: all weight on one criterion and values from three levels, so
    options tie in most samples (shares used to sum to 300 % per rank). Tied options share
    the ranks they occupy: every row and every column sums to one; identical options get
    identical rows."""
    from engine.sensitivity.sampling import WeightSampler

    matrix = np.array(table)
    w = np.zeros(3)
    w[pinned] = 1.0
    out = smaa_arrays(method, matrix, np.ones(3, dtype=bool), FixedWeights(w), samples=50)
    np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)
    for i in range(len(table)):
        for j in range(len(table)):
            if table[i] == table[j]:
                np.testing.assert_allclose(out.acceptability[i], out.acceptability[j])
    sampler = WeightSampler("dirichlet", 3, np.random.default_rng(1), center=np.full(3, 1 / 3))
    sampler.concentration = 0.001
    out = smaa_arrays(method, matrix, np.ones(3, dtype=bool), sampler, samples=200)
    np.testing.assert_allclose(out.acceptability.sum(axis=0), 1.0)
    np.testing.assert_allclose(out.acceptability.sum(axis=1), 1.0)


def test_a_tiny_dirichlet_concentration_draws_proper_weights_near_the_vertices(recwarn):
    """Concentration 0.001: Gamma draws underflow to 0 (whole samples were 0/0 with a
    RuntimeWarning); drawn in logarithms every sample is a weight vector, nearly all mass
    on one criterion, each criterion about as often as its centre weight says."""
    from engine.sensitivity.sampling import WeightSampler

    center = np.array([0.5, 0.3, 0.2])
    sampler = WeightSampler("dirichlet", 3, np.random.default_rng(5), center=center)
    sampler.concentration = 0.001
    w = sampler.draw(20_000)
    assert np.isfinite(w).all() and np.allclose(w.sum(axis=1), 1.0)
    top = w.argmax(axis=1)
    assert (w.max(axis=1) > 0.999).mean() > 0.99
    np.testing.assert_allclose(np.bincount(top, minlength=3) / len(w), center, atol=0.02)
    assert not [r for r in recwarn if issubclass(r.category, RuntimeWarning)]
    again = WeightSampler("dirichlet", 3, np.random.default_rng(5), center=center)
    again.concentration = 0.001
    halves = np.vstack([again.draw(7_000), again.draw(13_000)])
    np.testing.assert_array_equal(halves, w)  # the stream does not depend on the chunk size


@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from(["additive", "topsis", "promethee_ii", "vikor", "weighted_product"]),
)
@settings(max_examples=80, deadline=None)
def test_one_options_first_share_equals_the_ranked_one(seed, method):
    """Issue 25: the confidence factor judges one option per sample without ranking every
    sample; with ties (exact, within the tolerance and just past it) and NaN scores it
    equals the share of first place from the whole tied ranking, option by option."""
    from engine.methods import get
    from engine.sensitivity.smaa_kernel import first_share, first_share_of

    rng = np.random.default_rng(seed)
    spec = get(method)
    k, m = int(rng.integers(1, 40)), int(rng.integers(1, 8))
    scale = rng.choice([1e-12, 1e-10, 1e-9, 0.5, 1.0])
    scores = rng.integers(0, 4, (k, m)) * scale + rng.choice([0.0, 1e-13]) * rng.random((k, m))
    if rng.random() < 0.3:
        scores[rng.random((k, m)) < 0.2] = np.nan
    whole = first_share(spec, scores)
    for option in range(m):
        assert np.array_equal(first_share_of(spec, scores, option), whole[:, option])
