"""Bounded package analyses (issue 28, class 1): the time limit bounds every stage, even
one hard program, and the inclusion-frequency samples are streamed in chunks whose size
changes nothing."""

import time

import numpy as np
import pytest
from generated_study import generated_records

import engine
from engine.io.text.study_folder_writer import write_study_folder
from engine.portfolio import scenario_samples
from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import PortfolioSettings, analyse_portfolio
from engine.portfolio.scenario_samples import sample_chunks
from engine.portfolio.solver import best_package


@pytest.fixture(scope="module")
def hard_study(tmp_path_factory):
    """60 measures over 30 criteria whose levels reach past both ends of every scale: the
    first pair's program alone takes about 10 s on the 2-core machine."""
    root = tmp_path_factory.mktemp("hard") / "study"
    write_study_folder(generated_records(61, 30, 1, profiles=2, portfolio=True), root)
    return engine.load_study(root)


def test_the_programs_are_hard_without_a_limit(hard_study):
    """The precondition: one program does not finish within the limit the next test sets."""
    problem = sp.problem(hard_study, hard_study.scenarios[0], hard_study.profiles[0])
    assert best_package(problem, time_limit=2.0).status == "time limit"


def test_a_time_limit_bounds_every_stage_and_says_what_it_cut(hard_study):
    start = time.monotonic()
    found = analyse_portfolio(
        hard_study, hard_study.scenarios, hard_study.profiles, PortfolioSettings(time_limit=2.0)
    )
    seconds = time.monotonic() - start
    # each stage past the deadline tries one program for at most half a second
    assert seconds < 2.0 + 8 * 0.5 + 5  # + building the problems and outcomes
    assert found.stopped  # stated, not silent
    words = found.stopped_words()
    assert words.startswith("Stopped at the time limit of 2 s")
    assert "inclusion frequency after" in words
    assert all(r.package.status == "time limit" for r in found.packages.values())
    assert all(r.package.gap > 0 for r in found.packages.values())
    assert found.robust is not None or found.robust_missing == "not found in time"
    done = sum(i.samples for i in found.inclusion.values())
    assert done < found.settings.samples
    for package in found.frontier.packages:  # a frontier point is exact or absent
        assert package.status == "optimal"


def test_samples_are_the_same_whatever_the_chunk_size():
    study = engine.load_study(".")
    settings = PortfolioSettings(seed=7)
    scenario = study.scenarios[1]

    def joined(cells: int):
        chunks = list(sample_chunks(study, scenario, study.profiles, settings, 40, cells))
        return (
            chunks,
            np.concatenate([c.benefits for c in chunks]),
            np.concatenate([c.costs for c in chunks]),
        )

    whole, benefits, costs = joined(10**9)
    small, small_benefits, small_costs = joined(3 * len(study.options) * len(study.criteria))
    assert len(whole) == len(study.profiles)  # one chunk per profile
    assert len(small) > 2 * len(study.profiles)  # the test is not vacuous
    np.testing.assert_allclose(benefits, small_benefits, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(costs, small_costs, rtol=1e-12, atol=1e-12)
    outcomes = [o for c in whole for o in c.outcomes]
    small_outcomes = [o for c in small for o in c.outcomes]
    assert len(outcomes) == 40
    for a, b in zip(outcomes, small_outcomes, strict=True):
        np.testing.assert_allclose(a.base, b.base, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(a.change, b.change, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(a.weight, b.weight, rtol=1e-12, atol=1e-12)


def test_the_inclusion_frequency_is_held_a_chunk_at_a_time(monkeypatch):
    """With a chunk of three samples' cells, no chunk holds more than three samples, and
    the shares equal those of one chunk per profile."""
    study = engine.load_study(".")
    settings = PortfolioSettings(samples=24, seed=3)
    scenario = study.scenarios[0]
    whole = scenario_samples.scenario_inclusion(study, scenario, study.profiles[:2], settings)
    sizes = []
    real = scenario_samples.inclusion_frequency

    def counting(problem, samples, *rest):
        sizes.append(len(samples))
        return real(problem, samples, *rest)

    monkeypatch.setattr(scenario_samples, "inclusion_frequency", counting)
    monkeypatch.setattr(
        scenario_samples, "CHUNK_CELLS", 3 * len(study.options) * len(study.criteria)
    )
    chunked = scenario_samples.scenario_inclusion(study, scenario, study.profiles[:2], settings)
    assert max(sizes) <= 3 and len(sizes) >= 8
    np.testing.assert_allclose(chunked.share, whole.share, atol=1e-12)
    assert chunked.samples == whole.samples == 24


def test_a_stage_share_of_the_deadline_ends_earlier_from_the_same_start():
    """The binding checks may use a third of the time limit (issue 25: they now run with
    each pair's package, before the robust packages, which must keep their time)."""
    from engine.portfolio.analysis import BINDING_SHARE
    from engine.portfolio.deadline import NONE, Deadline

    whole = Deadline(30.0)
    part = whole.share(BINDING_SHARE)
    assert part.seconds == pytest.approx(10.0) and part.started == whole.started
    assert NONE.share(BINDING_SHARE) is NONE and NONE.share(0.5).left() is None
    spent = Deadline(30.0, started=whole.started - 12.0)  # 12 s ago
    assert spent.share(BINDING_SHARE).passed and not spent.passed
