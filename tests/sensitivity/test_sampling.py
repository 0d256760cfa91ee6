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
