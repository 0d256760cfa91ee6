"""Deciding judgments are exact: every switch value checked against a brute-force sweep
of the judgment, written independently (expected levels, value functions by
interpolation, scores, first place), on a study with delivery likelihoods and a concave
and an S-shaped value function."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import engine
from engine.sensitivity.judgments import deciding_judgments

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "portfolio"))
from outcome_study import with_outcome_features

S0 = "s0_status_quo"


@pytest.fixture(scope="module")
def featured(tmp_path_factory):
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("featured") / "study"
    for part in ("criteria", "scenarios"):
        shutil.copytree(REPO / part, root / part)
    return engine.load_study(with_outcome_features(root))


def _points(criterion):
    if criterion.value_function is not None:
        pts = np.array(criterion.value_function.points, dtype=float)
        return pts[:, 0], pts[:, 1]
    ends = np.array([criterion.scale.min, criterion.scale.max])
    up = criterion.direction.value == "benefit"
    return ends, np.array([0.0, 100.0] if up else [100.0, 0.0])


def _first(study, judged, likely, profile, a):
    """Is option a first with these judged cells and likelihoods? (loops, no engine; a
    resource's cost criterion counts in full, whatever the likelihood)"""
    baseline = study.options.index(study.portfolio.baseline)
    weights = study.weight_vector(profile)
    spent = {r.criterion for r in study.portfolio.resources}
    scores = np.zeros(len(study.options))
    for i in range(len(study.options)):
        for j, criterion in enumerate(study.tree.criteria):
            p = 1.0 if criterion.id in spent else likely[i]
            level = judged[baseline, j] + p * (judged[i, j] - judged[baseline, j])
            xs, vs = _points(criterion)
            scores[i] += weights[j] * np.interp(level, xs, vs)
    return scores[a] >= np.delete(scores, a).max()


def _judged(study):
    cells = study.cells(S0)
    return np.array([[cells[(o, c)][0].value for c in study.criteria] for o in study.options])


def _sweep_checks(study, option, profile):
    """Check every row's switch values for one pair by the independent sweep; returns
    the rows checked."""
    table = deciding_judgments(study, option, [(S0, profile)])
    a = study.options.index(option)
    base_judged = _judged(study)
    base_likely = np.array([o.likelihood for o in study.option_records])
    assert _first(study, base_judged, base_likely, profile, a)
    checked = []
    for _, row in table.iterrows():
        i = study.options.index(row["option"])
        for switch, step in ((row["switch_below"], -1e-6), (row["switch_above"], 1e-6)):
            if not np.isfinite(switch):
                continue
            judged, likely = base_judged.copy(), base_likely.copy()

            def at(t, judged=judged, likely=likely, row=row, i=i):
                if pd.isna(row["criterion"]):
                    likely[i] = t
                else:
                    judged[i, study.criteria.index(row["criterion"])] = t
                return _first(study, judged, likely, profile, a)

            assert at(switch - step), row.to_dict()  # still first just before
            assert not at(switch + step), row.to_dict()  # no longer first just past it
            assert all(at(t) for t in np.linspace(row["value"], switch - step, 25))
            checked.append(row)
    return checked


def test_switch_values_match_a_brute_force_sweep(featured):
    """Every judgment the engine reports for the winner of three pairs: first just
    before its switch value and all the way from its value, not first just past it."""
    checked = []
    for profile in ("equal_weights", "exfata_residents", "civil_society_development"):
        checked += _sweep_checks(featured, "jirga_judicial_integration", profile)
    assert len(checked) > 20
    criteria = {row["criterion"] for row in checked if not pd.isna(row["criterion"])}
    assert any(pd.isna(row["criterion"]) for row in checked)  # a delivery likelihood
    assert {"sec_violence_reduction", "leg_social_contract"} & criteria  # curved value functions
    assert any(row["option"] != "jirga_judicial_integration" for row in checked)  # rivals' cells


def test_in_range_means_a_switch_within_the_stated_range(featured):
    pairs = [(S0, p) for p in ("equal_weights", "exfata_residents")]
    table = deciding_judgments(featured, "jirga_judicial_integration", pairs)
    inside = (table["switch_below"] >= table["low"]) | (table["switch_above"] <= table["high"])
    assert (table["in_range"] == inside).all()
    assert table["in_range"].any() and (~table["in_range"]).any()


def test_a_delivery_likelihood_can_decide(featured):
    """The reform's delivery likelihood, raised within its range, ends the jirga
    merger's first place under the civil-society lens: the switch value lies on the 0-1
    line within the range."""
    pairs = [(S0, "civil_society_development")]
    table = deciding_judgments(featured, "jirga_judicial_integration", pairs)
    rows = table[table["criterion"].isna()]
    assert list(rows["option"]) == ["security_sector_jurisdiction_reform"]
    row = rows.iloc[0]
    assert row["value"] < row["switch_above"] <= row["high"] and row["in_range"]


def test_nothing_decides_a_winner_far_ahead():
    """One option better on every criterion by a wide margin: no judgment within its
    range or a fifth of its scale ends its first place."""
    from conftest import table_study

    study = table_study([[9, 9, 9], [2, 2, 2], [1, 3, 2]])
    table = deciding_judgments(study, study.options[0], [(study.scenarios[0], study.profiles[0])])
    assert table.empty
