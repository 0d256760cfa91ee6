"""One acceptance path: records in, Study out; a profile in, an accepted profile out."""

from __future__ import annotations

import pytest
from conftest import write_study

import engine
from engine import acceptance
from engine.io.load import read_study
from engine.model import Profile


def test_load_study_is_read_then_accept(mini_study_path):
    """The loader adds nothing to acceptance: the same records give the same study."""
    records = read_study(mini_study_path)
    study = acceptance.accept_study(records)
    loaded = engine.load_study(mini_study_path)
    assert study.profile_records == loaded.profile_records
    assert study.options == loaded.options and study.scenarios == loaded.scenarios


def test_every_profile_problem_of_every_profile_is_reported_in_one_pass(mini_study_path):
    study = engine.load_study(mini_study_path)
    bad = [
        Profile(id="a", name="A", weights={"goal_a": -1}),
        Profile(id="b", name="B", weights={"nowhere": 1}),
    ]
    with pytest.raises(engine.InputError) as caught:
        acceptance.with_profiles(study, bad)
    codes = {i.code for i in caught.value.issues}
    assert {"weight-negative", "weight-missing", "node-unknown"} <= codes


def test_a_replacing_profile_keeps_the_description_and_flag(mini_files, tmp_path):
    mini_files["criteria/profiles.yaml"]["profiles"][0] |= {
        "description": "the reference",
        "illustrative": True,
    }
    study = engine.load_study(write_study(tmp_path / "s", mini_files))
    points = dict(study.profile("equal").weights) | {"goal_a": 5}
    edited = acceptance.with_profiles(study, [Profile(id="equal", name="Edited", weights=points)])
    record = edited.profile("equal")
    assert (record.name, record.description, record.illustrative) == (
        "Edited",
        "the reference",
        True,
    )
    assert record.weights["goal_a"] == 5
    assert study.profile("equal").weights["goal_a"] == 1  # the original study is unchanged


def test_rankings_are_resolved_once_at_acceptance(mini_study_path):
    study = engine.load_study(mini_study_path)
    ranked = Profile(
        id="ranked",
        name="Ranked",
        weights={"crit_x": 1, "crit_y": 1, "crit_z": 1},
        rankings={"top": {"ranking": {"goal_a": 1, "goal_b": 2}}},
    )
    accepted = acceptance.with_profiles(study, [ranked]).profile("ranked")
    assert accepted.weights["goal_a"] == pytest.approx(75.0)  # rank-order centroid, n = 2
    assert accepted.weights["goal_b"] == pytest.approx(25.0)


def test_the_study_looks_profiles_up_and_never_rechecks(mini_study_path, monkeypatch):
    study = engine.load_study(mini_study_path)
    calls = []
    monkeypatch.setattr(acceptance, "check_profile", lambda *a, **k: calls.append(a) or [])
    for _ in range(3):
        engine.evaluate(study, "base", "equal")
        study.weights("skewed")
    assert calls == []
    engine.evaluate(study, "base", study.profile("equal").model_copy(update={"id": "copy"}))
    assert len(calls) == 1  # a foreign profile object is accepted, once


def test_a_path_that_is_not_a_study_is_one_issue(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(engine.InputError) as caught:
        acceptance.accept_study(read_study(tmp_path / "notes"))
    assert [i.code for i in caught.value.issues] == ["study-not-found"]
