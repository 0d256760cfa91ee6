"""Weight samplers: uniform on the simplex, ordinal, intervals and Dirichlet around a profile."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.sensitivity.sampling import WeightSampler, uniform_simplex


def test_ordinal_sampling_respects_the_ranking():
    rng = np.random.default_rng(0)
    sampler = WeightSampler("ordinal", 4, rng, ranks=np.array([3, 1, 4, 2]))
    w = sampler.draw(2000)
    assert (w[:, 1] >= w[:, 3]).all() and (w[:, 3] >= w[:, 0]).all() and (w[:, 0] >= w[:, 2]).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_interval_sampling_stays_in_bounds_and_dirichlet_centres_on_the_profile():
    rng = np.random.default_rng(0)
    lower, upper = np.array([0.1, 0.2, 0.0]), np.array([0.3, 0.6, 0.5])
    w = WeightSampler("intervals", 3, rng, lower=lower, upper=upper).draw(3000)
    assert ((w >= lower) & (w <= upper)).all()
    center = np.array([0.5, 0.3, 0.2])
    d = WeightSampler("dirichlet", 3, rng, center=center, concentration=200).draw(20000)
    np.testing.assert_allclose(d.mean(axis=0), center, atol=0.01)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 12), st.integers(1, 500), st.integers(0, 2**32 - 1))
def test_uniform_samples_lie_on_the_simplex_and_follow_the_seed(n, k, seed):
    a = uniform_simplex(np.random.default_rng(seed), k, n)
    b = uniform_simplex(np.random.default_rng(seed), k, n)
    assert a.shape == (k, n) and np.array_equal(a, b)
    assert (a >= 0).all()
    np.testing.assert_allclose(a.sum(axis=1), 1.0)


def _box(n, seed, spread=0.5):
    centre = uniform_simplex(np.random.default_rng(seed), 1, n)[0]
    return (1 - spread) * centre, (1 + spread) * centre


def test_hit_and_run_samples_the_same_region_as_exact_rejection():
    """Where rejection works (four weights), hit-and-run chains give the same marginal
    means and quartiles as the exact rejection sampler (20,000 draws each)."""
    lower, upper = np.array([0.1, 0.0, 0.2, 0.05]), np.array([0.5, 0.4, 0.6, 0.3])
    draws = {
        method: WeightSampler(
            "intervals", 4, np.random.default_rng(5), lower=lower, upper=upper, method=method
        ).draw(20000)
        for method in ("rejection", "hit_and_run")
    }
    exact, walked = draws["rejection"], draws["hit_and_run"]
    assert ((walked >= lower - 1e-12) & (walked <= upper + 1e-12)).all()
    np.testing.assert_allclose(walked.sum(axis=1), 1.0)
    np.testing.assert_allclose(walked.mean(axis=0), exact.mean(axis=0), atol=0.005)
    for q in (0.25, 0.5, 0.75):
        np.testing.assert_allclose(
            np.quantile(walked, q, axis=0), np.quantile(exact, q, axis=0), atol=0.01
        )


def test_many_tight_intervals_switch_to_hit_and_run_and_follow_the_seed_in_any_chunks():
    """+-50 % around 18 weights: rejection would accept about one draw in 20,000. The
    sampler switches to hit-and-run; the draws stay in the box, sum to one and are the
    same for the same seed whether drawn at once or in uneven chunks."""
    lower, upper = _box(18, 3)
    make = lambda: WeightSampler(  # noqa: E731
        "intervals", 18, np.random.default_rng(9), lower=lower, upper=upper
    )
    whole = make()
    at_once = whole.draw(1000)
    assert whole.method == "hit_and_run"
    chunked = make()
    pieces = np.concatenate([chunked.draw(k) for k in (1, 299, 256, 444)])
    np.testing.assert_array_equal(at_once, pieces)
    assert ((at_once >= lower - 1e-12) & (at_once <= upper + 1e-12)).all()
    np.testing.assert_allclose(at_once.sum(axis=1), 1.0)
    assert len(np.unique(at_once.round(12), axis=0)) == 1000  # the chains move


def test_a_weight_fixed_by_its_bounds_stays_fixed_and_the_others_still_move():
    lower, upper = np.array([0.2, 0.0, 0.0]), np.array([0.2, 0.8, 0.8])
    w = WeightSampler(
        "intervals", 3, np.random.default_rng(1), lower=lower, upper=upper, method="hit_and_run"
    ).draw(500)
    np.testing.assert_allclose(w[:, 0], 0.2)
    assert w[:, 1].std() > 0.1
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
