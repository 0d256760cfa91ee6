"""Robustness over an ensemble against brute force: every future's table built cell by
cell from its definition, scored through the study's own value functions and weights, and
the metrics computed from the full arrays (McPhail et al. 2018, Earth's Future 6(2),
169-191, Table 1: expected value, regret-based and satisficing metrics)."""

import numpy as np
import pytest
from conftest import REPO, write_study
from explore_study import explore_files
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.explore.analysis import Candidates, Questions, explore, prepare
from engine.explore.ensemble import Ensemble, design
from engine.explore.kernel import RESOLUTION
from engine.explore.robustness import percentile
from engine.io.load import load_study
from engine.io.text.uncertainties_file import read_uncertainties
from engine.portfolio import study_problems as sp
from engine.valuefn import to_value


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = write_study(tmp_path_factory.mktemp("explore") / "study", explore_files())
    study = load_study(root)
    found, _ = read_uncertainties(root, study)
    return study, found


def brute_tables(study, found, points):
    """Each future's table from the definition: base + sum of leans, corners, clipped."""
    base = {k: c[0].value for k, c in study.cells(found.base).items()}
    ends = {
        (d.id, side): {k: c[0].value for k, c in study.cells(e.scenario).items()}
        for d in found.drivers
        for side, e in (("low", d.low), ("high", d.high))
        if e is not None
    }
    out = np.zeros((len(points), len(study.options), len(study.criteria)))
    for f, z in enumerate(points):
        for i, o in enumerate(study.options):
            for j, c in enumerate(study.criteria):
                value = base[(o, c)]
                for d, lean in zip(found.drivers, z, strict=True):
                    side = "high" if lean > 0 else "low"
                    if lean != 0:
                        value += abs(lean) * (ends[(d.id, side)][(o, c)] - base[(o, c)])
                for combo in found.combinations:
                    leans = [
                        max(0.0, z[[x.id for x in found.drivers].index(d)] * s)
                        for d, s in combo.at.items()
                    ]
                    declared = combo.performance.get(o, {}).get(c)
                    if declared is not None:
                        corner = base[(o, c)] + sum(
                            ends[(d, "high" if s > 0 else "low")][(o, c)] - base[(o, c)]
                            for d, s in combo.at.items()
                        )
                        scale = study.criterion(c).scale
                        corner = min(max(corner, scale.min), scale.max)
                        value += float(np.prod(leans)) * (declared - corner)
                scale = study.criterion(c).scale
                out[f, i, j] = min(max(value, scale.min), scale.max)
    return out


def brute_scores(study, tables):
    values = np.stack(
        [to_value(tables[..., j], c) for j, c in enumerate(study.tree.criteria)], axis=-1
    )
    weights = np.stack([study.weight_vector(p) for p in study.profiles])
    return values @ weights.T


def test_option_metrics_equal_brute_force_on_a_small_ensemble(small):
    study, found = small
    ensemble = Ensemble(futures=1500, seed=3, chunk_blocks=1)
    exploration = explore(study, found, ensemble, Questions("equal"), discover_boxes=False)
    points = design(ensemble, prepare(study, found, ensemble, None).model.ranges)
    tables = brute_tables(study, found, points)
    scores = brute_scores(study, tables)
    regret = scores.max(axis=1, keepdims=True) - scores
    x = study.criteria.index("crit_x")
    satisfied = tables[:, :, x] >= tables[:, [study.options.index("opt_b")], x] - 1e-9
    table = exploration.options.set_index(["candidate", "profile"])
    for i, option in enumerate(study.options):
        for p, profile in enumerate(study.profiles):
            row = table.loc[(option, profile)]
            assert row["mean"] == pytest.approx(scores[:, i, p].mean(), abs=1e-9)
            assert row["spread"] == pytest.approx(scores[:, i, p].std(), abs=1e-7)
            assert row["mean_regret"] == pytest.approx(regret[:, i, p].mean(), abs=1e-9)
            assert row["max_regret"] == pytest.approx(regret[:, i, p].max(), abs=1e-9)
            exact = np.quantile(regret[:, i, p], 0.9, method="inverted_cdf")
            assert exact - 1e-9 <= row["p90_regret"] <= exact + RESOLUTION + 1e-9
            assert row["share_first"] == pytest.approx((regret[:, i, p] <= 1e-9).mean())
            assert row["satisficing"] == pytest.approx(satisfied[:, i].mean())
    winners = np.argmax(scores, axis=1)
    np.testing.assert_array_equal(exploration.winners, winners)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 99.99, allow_nan=False), min_size=1, max_size=400),
    st.sampled_from([0.5, 0.9, 0.99]),
)
def test_a_percentile_from_the_histogram_bounds_the_exact_one_within_a_bin(regrets, q):
    from engine.explore.kernel import BINS, _regret, _tally

    scores = -np.array(regrets)[:, None, None]  # one candidate, alone: regret 0; so pair
    pair = np.concatenate([scores, np.zeros_like(scores)], axis=1)  # a best at 0
    tally = _tally(pair, _regret(pair), None, None)
    histogram = np.bincount(tally.bins, minlength=2 * BINS).reshape(2, 1, BINS)
    found = percentile(histogram, tally.worst, q)[0, 0]
    exact = np.quantile(np.array(regrets), q, method="inverted_cdf")
    assert exact - 1e-9 <= found <= exact + RESOLUTION + 1e-9


def test_package_values_equal_the_portfolio_models_in_each_future():
    """The kernel's vectorised package value equals engine.portfolio's own value of the
    package (its problem: clipped levels, criterion and value-point interactions at their
    joint likelihood) on each future's table."""
    study = load_study(REPO)
    found, _ = read_uncertainties(REPO, study)
    ids = sp.measure_ids(study)
    rng = np.random.default_rng(4)
    chosen = rng.random((3, len(ids))) < 0.3
    for pair in ("court_acceptance_enforcement", "jirga_judicial_integration"):
        chosen[0, ids.index(pair)] = True  # their value-point interaction counts
    ensemble = Ensemble(futures=40, seed=9, chunk_blocks=1)
    job = prepare(study, found, ensemble, Candidates(("a", "b", "c"), chosen))
    points = design(ensemble, job.model.ranges)
    from engine.explore.kernel import _package_values

    levels = job.delivery.expected(job.model.cells(points))
    value, _, _ = _package_values(job, levels, job.weights, points)
    for f in range(len(points)):
        for p, profile in enumerate(study.profiles):
            outcomes = sp.outcomes(study, found.base, profile, performance=levels[f])
            problem = sp.problem(study, found.base, profile, found=outcomes)
            expected = [problem.value(package) for package in chosen]
            np.testing.assert_allclose(value[f, :, p], expected, atol=1e-9)
