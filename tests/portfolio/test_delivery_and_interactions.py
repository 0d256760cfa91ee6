"""Delivery likelihoods and criterion interactions: read from every study format, checked
with located errors, and used where the issue says (rankings, packages, samplers)."""

import numpy as np
import pytest
import yaml
from conftest import REPO
from outcome_study import DELIVERY, GROUP, with_outcome_features
from portfolio_cases import all_packages, feasible, outcome_value, outcomes_of, value

import engine
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.study_workbook_writer import write_study_workbook
from engine.portfolio import study_problems as sp
from engine.portfolio.solver import best_package
from engine.sensitivity.acceptability import performance_sampler

S0 = "s0_status_quo"


@pytest.fixture
def featured(shipped_study_path):
    return with_outcome_features(shipped_study_path)


def test_features_round_trip_through_workbook_and_folder(featured, tmp_path):
    original = engine.load_study(featured)
    book = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(featured), book)
    folder = tmp_path / "back"
    write_study_folder(read_folder(featured), folder)
    for other in (engine.load_study(book), engine.load_study(folder)):
        assert other.portfolio == original.portfolio
        assert other.option_records == original.option_records
        assert other.tree == original.tree
    grouped = [i for i in original.portfolio.interactions if i.on_criterion]
    assert any(list(g.options) == GROUP for g in grouped)
    reform = DELIVERY["security_sector_jurisdiction_reform"]
    assert original.option("security_sector_jurisdiction_reform").delivery.range == (
        reform["low"],
        reform["high"],
    )


def test_a_change_counts_at_its_expected_size(featured):
    """Hand computation: expected level = baseline + p x (judged cell - baseline)."""
    study = engine.load_study(featured)
    cells = study.cells(S0)
    option, criterion = "security_sector_jurisdiction_reform", "gov_institutional_clarity"
    judged = cells[(option, criterion)][0].value
    base = cells[("business_as_usual", criterion)][0].value
    expected = base + DELIVERY[option]["value"] * (judged - base)
    assert judged != base
    assert study.performance(S0).loc[option, criterion] == pytest.approx(expected)
    undeclared = "jirga_judicial_integration"
    assert (
        study.performance(S0).loc[undeclared, criterion] == cells[(undeclared, criterion)][0].value
    )
    # the ranking uses it: the option's score is the weighted value of its expected levels
    table = engine.evaluate(study, scenario=S0, profile="equal_weights")
    values = study.values(S0).loc[option].to_numpy()
    score = values @ study.weight_vector("equal_weights")
    assert table.loc[option, "score"] == pytest.approx(score)


def test_samplers_draw_delivery_within_its_range(featured):
    """With cells fixed, a measure's sampled change over the baseline is its judged change
    times a probability within its declared range, drawn per sample; its cost in a
    resource stays its judged cell (the money is spent whether or not it delivers)."""
    study = engine.load_study(featured)
    sampler, _ = performance_sampler(study, S0, None, np.random.default_rng(1), False)
    tables = sampler.draw(400)
    i, b = study.options.index("security_sector_jurisdiction_reform"), study.baseline_index()
    cells = study.cells(S0)
    judged = np.array([cells[(study.options[i], c)][0].value for c in study.criteria])
    base = np.array([cells[(study.options[b], c)][0].value for c in study.criteria])
    spent = study.spent_mask()  # a resource's cost: spent in full whatever is delivered
    assert spent.any() and np.all(tables[:, i, spent] == judged[spent])
    moved = np.flatnonzero((judged != base) & ~spent)
    ratio = (tables[:, i, moved] - base[moved]) / (judged[moved] - base[moved])
    assert np.allclose(ratio, ratio[:, :1])  # one probability per sample and option
    reform = DELIVERY["security_sector_jurisdiction_reform"]
    assert ratio.min() >= reform["low"] - 1e-12 and ratio.max() <= reform["high"] + 1e-12
    assert ratio.std() > 0.05  # drawn, not fixed
    k = study.options.index("intel_based_ops")  # no range: fixed at 0.8
    fixed = [
        j for j, c in enumerate(study.criteria) if cells[(study.options[k], c)][0].value != base[j]
    ]
    got = (tables[:, k, fixed[0]] - base[fixed[0]]) / (
        judged_of(study, k, fixed[0]) - base[fixed[0]]
    )
    assert np.allclose(got, DELIVERY["intel_based_ops"]["value"])


def judged_of(study, option, criterion):
    return study.cells(S0)[(study.options[option], study.criteria[criterion])][0].value


def test_the_group_interaction_changes_the_level_only_when_all_are_chosen(featured):
    study = engine.load_study(featured)
    outcomes = sp.outcomes(study, S0, "equal_weights")
    ids = sp.measure_ids(study)
    j = [c for c, k in zip(study.criteria, sp.benefit_mask(study), strict=True) if k].index(
        "gov_judicial_writ"
    )
    x = np.zeros((3, len(ids)), dtype=bool)
    x[1, [ids.index(o) for o in GROUP[:2]]] = True
    x[2, [ids.index(o) for o in GROUP]] = True
    levels = outcomes.levels(x)[:, j]
    changes = outcomes.change[:, j]
    assert levels[1] == pytest.approx(outcomes.base[j] + changes[x[1]].sum())
    # at its expected size: the overlap happens only when all three are delivered
    joint = np.prod([study.option(o).likelihood for o in GROUP])
    assert joint < 1
    assert levels[2] == pytest.approx(outcomes.base[j] + changes[x[2]].sum() - 2.5 * joint)


def test_the_featured_study_optimum_equals_brute_force_over_its_best_measures(featured):
    """Nonlinear value functions, a group interaction and delivery: the study's optimum
    with its 16 most beneficial measures and the interacting group free (the rest
    excluded) equals brute force over every package by the loop-written valuation."""
    study = engine.load_study(featured)
    problem = sp.problem(study, S0, "civil_society_development")
    m = problem.size
    best = np.argsort(-problem.benefit, kind="stable")[:16].tolist()
    free = np.array(sorted({*best, *(sp.measure_ids(study).index(o) for o in GROUP)}))
    out = tuple(sorted(set(range(m)) - set(free.tolist())))
    every = np.zeros((2 ** len(free), m), dtype=bool)
    every[:, free] = all_packages(len(free))
    case = {
        "costs": problem.costs,
        "limits": problem.limits,
        "exclusive": problem.exclusive,
        "requires": problem.requires,
        "include": problem.include,
        "exclude": out,
    }
    ok = feasible(every, case)
    worth = outcome_value(every[ok], outcomes_of(problem))
    worth = worth + value(every[ok], np.zeros(m), problem.synergy)
    narrowed = problem.with_excluded(out)
    assert best_package(narrowed).value == pytest.approx(worth.max(), abs=1e-9)


@pytest.mark.parametrize(
    ("interaction", "found"),
    [
        ({"options": ["intel_based_ops", "intel_based_ops"], "value": 1}, "named twice"),
        ({"options": GROUP, "value": 1}, "3 options with value points"),
        (
            {"options": GROUP[:2], "criterion": "gov_judicial_writ", "change": 1, "value": 2},
            "as well",
        ),
        ({"options": GROUP[:2], "criterion": "gov_judicial_writ"}, "without a change"),
        (
            {"options": GROUP[:2], "criterion": "cfe_fiscal_cost", "change": 1},
            "resource's criterion",
        ),
        ({"options": GROUP[:2]}, "no value"),
    ],
)
def test_a_bad_interaction_is_one_located_error(shipped_study_path, interaction, found):
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["interactions"].append(interaction)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    issues = [i for i in caught.value.issues if i.code == "interaction-invalid"]
    assert len(issues) == 1 and found in issues[0].found
    assert "portfolio.yaml" in str(issues[0].location) and "interactions" in str(issues[0].location)


def test_an_unknown_interaction_criterion_is_located(shipped_study_path):
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["interactions"].append({"options": GROUP[:2], "criterion": "nowhere", "change": 1})
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    assert [i.code for i in caught.value.issues] == ["criterion-unknown"]


def test_delivery_on_the_baseline_or_without_one_is_refused(shipped_study_path):
    options = shipped_study_path / "scenarios" / "options.yaml"
    data = yaml.safe_load(options.read_text(encoding="utf-8"))
    data["options"][0]["delivery"] = {"value": 0.5, "evidence": ["no_such_source"]}
    options.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    codes = sorted(i.code for i in caught.value.issues)
    assert codes == ["delivery-invalid", "source-unknown"]
    assert "options.yaml" in str(caught.value.issues[0].location)
    (shipped_study_path / "scenarios" / "portfolio.yaml").unlink()
    base = shipped_study_path / "scenarios" / "s0_status_quo.yaml"  # no costs without it
    table = yaml.safe_load(base.read_text(encoding="utf-8"))
    table.pop("costs", None)
    base.write_text(yaml.safe_dump(table, sort_keys=False), encoding="utf-8")
    for option in data["options"]:
        option.pop("delivery", None)
    data["options"][1]["delivery"] = {"value": 0.5}
    options.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    assert [i.code for i in caught.value.issues] == ["delivery-invalid"]
    assert "without a baseline" in caught.value.issues[0].found


def test_a_probability_outside_zero_to_one_is_located(shipped_study_path):
    options = shipped_study_path / "scenarios" / "options.yaml"
    data = yaml.safe_load(options.read_text(encoding="utf-8"))
    data["options"][1]["delivery"] = {"value": 1.5}
    data["options"][2]["delivery"] = {"value": 0.5, "low": 0.6}
    options.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    assert len(caught.value.issues) == 2
    assert all("options.yaml" in str(i.location) for i in caught.value.issues)


def test_workbook_delivery_errors_name_their_cells(tmp_path):
    """A likelihood over 1 and an inverted range in the study workbook's Options sheet are
    located at their cells."""
    import openpyxl
    from conftest import REPO

    book = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(REPO), book)
    wb = openpyxl.load_workbook(book)
    sheet = wb["Options"]
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    sheet[f"{header['delivery']}3"] = 1.5
    sheet[f"{header['delivery']}4"] = 0.5
    sheet[f"{header['delivery_low']}4"] = 0.9
    wb.save(book)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(book)
    cells = sorted(str(i.location) for i in caught.value.issues)
    assert len(cells) == 2
    assert any(f"cell {header['delivery']}3" in c for c in cells)
    assert any(f"cell {header['delivery']}4" in c for c in cells)


def test_a_measures_cost_counts_in_full_whatever_its_delivery_likelihood():
    """A resource's cost criterion is not scaled by the likelihood: in the single-option
    rankings, as in the packages, a measure costs its judged cell (the money is spent
    whether or not it delivers); its effects still count at their expected size. The
    second edition's rankings showed intensified operations costing 48 of a 60 bn cell."""
    study = engine.load_study(REPO)
    cells = study.cells(S0)
    option = "intel_based_ops"
    assert study.option(option).likelihood < 1
    table = study.performance(S0)
    assert table.loc[option, "cfe_fiscal_cost"] == cells[(option, "cfe_fiscal_cost")][0].value
    base = cells[("business_as_usual", "sec_violence_reduction")][0].value
    judged = cells[(option, "sec_violence_reduction")][0].value
    expected = base + study.option(option).likelihood * (judged - base)
    assert table.loc[option, "sec_violence_reduction"] == pytest.approx(expected)
