"""engine.compare: winners, ranks, weights, study cells and agreement between inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.acceptance import join_accepted
from engine.compare import Compared, compare
from engine.ranking import kendall_tau

SHIPPED = engine.load_study(REPO)
PAIRS = len(SHIPPED.scenarios) * len(SHIPPED.profiles)


def _with_points(study, profile, node, points):
    record = study.profile(profile)
    weights = dict(record.weights) | {node: points}
    return join_accepted(study, [record.model_copy(update={"weights": weights})])


def _inputs(*studies):
    return [Compared(f"in{k}", Path(f"in{k}"), "study", s) for k, s in enumerate(studies)]


def test_identical_inputs_differ_in_nothing():
    result = compare(_inputs(SHIPPED, SHIPPED))
    assert result.headline.startswith(f"The winner differs in 0 of {PAIRS}")
    assert (result.winners["in0"] == result.winners["in1"]).all()
    assert (result.agreement["Kendall's tau"] == 1.0).all()
    assert (result.agreement["Top-3 overlap"] == 3).all()
    assert (result.ranks["Largest move"] == 0).all()
    assert (result.weights["Change in global weight"] == 0).all()
    assert result.study.empty


def test_edited_weights_change_the_winners_the_engine_says_they_change():
    edited = _with_points(SHIPPED, "exfata_residents", "security", 900)
    result = compare(_inputs(SHIPPED, edited))
    for row in result.winners.itertuples(index=False):
        scenario = next(s for s in SHIPPED.scenarios if SHIPPED.scenario(s).name == row[0])
        profile = next(p for p in SHIPPED.profiles if SHIPPED.profile(p).name == row[1])
        for study, winner in ((SHIPPED, row[2]), (edited, row[3])):
            table = engine.evaluate(study, scenario=scenario, profile=profile)
            assert winner == SHIPPED.option(table["score"].idxmax()).name
    differ = (result.winners["in0"] != result.winners["in1"]).sum()
    assert differ > 0 and f"differs in {differ} of {PAIRS}" in result.headline
    assert set(result.winners.loc[result.winners["in0"] != result.winners["in1"], "Profile"]) == {
        SHIPPED.profile("exfata_residents").name
    }
    changed = result.weights[result.weights["Change in global weight"].abs() > 1e-12]
    assert set(changed["Profile"]) == {SHIPPED.profile("exfata_residents").name}
    security = changed[changed["Node"] == SHIPPED.tree.node("security").name].iloc[0]
    assert security["Change in global weight"] > 0


def test_agreement_is_kendall_tau_of_the_two_rankings():
    edited = _with_points(SHIPPED, "equal_weights", "security", 500)
    result = compare(_inputs(SHIPPED, edited))
    row = result.agreement.iloc[0]
    a = engine.evaluate(SHIPPED, scenario=SHIPPED.scenarios[0], profile=SHIPPED.profiles[0])
    b = engine.evaluate(edited, scenario=SHIPPED.scenarios[0], profile=SHIPPED.profiles[0])
    assert row["Kendall's tau"] == pytest.approx(
        kendall_tau(a["rank"].to_numpy(), b.loc[a.index, "rank"].to_numpy())
    )
    top = lambda t: set(t.sort_values("rank", kind="stable").index[:3])  # noqa: E731
    assert row["Top-3 overlap"] == len(top(a) & top(b))


def test_study_diff_lists_changed_cells_and_added_options(tmp_path, shipped_study_path):
    path = shipped_study_path / "scenarios" / "s0_status_quo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    option = next(iter(data["performance"]))
    criterion = next(iter(data["performance"][option]))
    cell = data["performance"][option][criterion]
    old_value, cell["value"] = cell["value"], cell["value"] + 1
    cell["low"], cell["high"] = cell["low"] + 1, cell["high"] + 1  # the range moves with it
    cell["rationale"] = "Revised after the second round."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    revised = engine.load_study(shipped_study_path)
    result = compare(_inputs(SHIPPED, revised))
    cells = result.study[(result.study["Option"] == option) & (result.study["What"] == "cell")]
    mine = cells[(cells["Criterion"] == criterion) & (cells["Scenario or id"] == "s0_status_quo")]
    value = mine[mine["Field"] == "value"].iloc[0]
    assert (value["Old"], value["New"]) == (old_value, old_value + 1)
    assert "rationale" in set(mine["Field"])
    # scenarios based on s0 inherit the cell: they change too, nothing else does
    assert set(cells["Scenario or id"]) <= set(SHIPPED.scenarios)
    assert set(result.study["What"]) == {"cell"}


def test_inputs_that_share_nothing_are_one_clear_error(mini_study_path):
    mini = engine.load_study(mini_study_path)
    with pytest.raises(engine.InputError) as raised:
        compare(_inputs(SHIPPED, mini))
    assert [i.code for i in raised.value.issues] == ["compare-nothing-shared"]


@given(st.integers(0, 5), st.integers(1, 1000))
@settings(max_examples=10, deadline=None)
def test_input_order_only_reorders_the_columns(k, points):
    profile = SHIPPED.profiles[k]
    edited = _with_points(SHIPPED, profile, "security", points)
    ab = compare(_inputs(SHIPPED, edited))
    ba = compare(_inputs(edited, SHIPPED))
    assert (ab.winners["in0"] == ba.winners["in1"]).all()
    assert (ab.winners["in1"] == ba.winners["in0"]).all()
    np.testing.assert_allclose(
        ab.agreement["Kendall's tau"].to_numpy(), ba.agreement["Kendall's tau"].to_numpy()
    )
