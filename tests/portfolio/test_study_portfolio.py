import subprocess
import sys

import numpy as np
import openpyxl
import pytest
import yaml
from conftest import REPO, recalculate
from outcome_study import with_outcome_features
from portfolio_cases import case_of, feasible, outcome_value, outcomes_of, value

import engine
from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import PortfolioSettings, analyse_portfolio
from engine.portfolio.binding import constraint_words
from engine.portfolio.solver import best_package
from engine.report.labels import profile_label


def test_the_shipped_study_best_package_equals_brute_force():
    """The shipped study's first pair with its 20 most beneficial measures free and the
    others excluded (2^29 packages would not fit in memory): every one of the 2^20
    packages enumerated and valued independently (levels clipped to the scales, value
    functions applied), and the solver's optimum is the best feasible value. Then the
    whole problem: its optimum is at least that good."""
    study = engine.load_study(REPO)
    scenario, profile = study.scenarios[0], study.profiles[0]
    problem = sp.problem(study, scenario, profile)
    m = problem.size
    free = np.sort(np.argsort(-problem.benefit, kind="stable")[:20])
    out = sorted(set(range(m)) - set(free.tolist()) | set(problem.exclude))
    narrowed = problem.with_excluded(out)
    every = np.zeros((2 ** len(free), m), dtype=bool)
    every[:, free] = ((np.arange(2 ** len(free))[:, None] >> np.arange(len(free))) & 1).astype(bool)
    case = case_of(narrowed)
    ok = feasible(every, case)
    assert problem.outcomes is not None  # the shipped study's levels do reach scale ends
    worth = outcome_value(every[ok], outcomes_of(problem))
    best = (worth + value(every[ok], np.zeros(m), case["synergy"])).max()
    assert best_package(narrowed).value == pytest.approx(best, abs=1e-9)
    result = sp.optimise(study, scenario, profile)
    assert result.value >= best - 1e-9
    assert result.status == "optimal"
    assert result.cost["fiscal"] <= result.limits["fiscal"]
    assert "trade_coercion_closures" not in result.selected or (
        "trade_normalisation_pta" not in result.selected
    )


def test_benefit_is_the_score_over_the_baseline_without_resource_criteria():
    """b_i = sum over non-resource criteria of w~_j (v_ij - v_0j), w~ renormalised."""
    study = engine.load_study(REPO)
    scenario, profile = study.scenarios[1], study.profiles[2]
    weights = study.weights(profile).drop("cfe_fiscal_cost")
    weights = weights / weights.sum()
    values = study.values(scenario)[weights.index]
    expected = values @ weights
    expected = expected - expected["business_as_usual"]
    found = sp.benefits(study, scenario, profile)
    for option, benefit in found.items():
        assert benefit == pytest.approx(expected[option], abs=1e-9)
    assert "business_as_usual" not in found.index


def test_budgets_override_and_a_smaller_budget_never_raises_the_value():
    study = engine.load_study(REPO)
    pair = (study.scenarios[0], study.profiles[0])
    values = [sp.optimise(study, *pair, {"fiscal": b}).value for b in (400, 300, 150, 50, 0)]
    assert values == sorted(values, reverse=True)
    assert sp.optimise(study, *pair, {"fiscal": 0}).cost["fiscal"] == 0
    with pytest.raises(engine.InputError) as caught:
        sp.optimise(study, *pair, {"money": 3})
    assert caught.value.issues[0].code == "resource-unknown"


def test_the_fiscal_squeeze_cuts_the_budget():
    study = engine.load_study(REPO)
    fiscal = next(r for r in study.portfolio.resources if r.id == "fiscal")
    squeeze = sp.optimise(study, "s3_fiscal_aid_squeeze", study.profiles[0])
    assert squeeze.limits["fiscal"] == fiscal.limits["s3_fiscal_aid_squeeze"] < fiscal.limit
    assert squeeze.cost["fiscal"] <= squeeze.limits["fiscal"]


def test_run_analysis_is_seeded_and_reproducible():
    study = engine.load_study(REPO)
    chosen = PortfolioSettings(samples=60, seed=3)
    a = analyse_portfolio(study, study.scenarios[:1], study.profiles[:2], chosen)
    b = analyse_portfolio(study, study.scenarios[:1], study.profiles[:2], chosen)
    other = PortfolioSettings(samples=60, seed=4)
    c = analyse_portfolio(study, study.scenarios[:1], study.profiles[:2], other)
    scenario = study.scenarios[0]
    assert np.array_equal(a.inclusion[scenario].share, b.inclusion[scenario].share)
    assert not np.array_equal(a.inclusion[scenario].share, c.inclusion[scenario].share)


BROKEN = {
    "format_version": 1,
    "baseline": "business_as_usual",
    "resources": [
        {"id": "fiscal", "name": "Money", "criterion": "cfe_fiscal_cost", "limit": 5},
        {"id": "staff", "name": "Staff", "limit": 10},
    ],
    "constraints": [
        {
            "id": "needs",
            "kind": "requires",
            "options": ["intel_based_ops"],
            "requires": ["nowhere"],
        },
        {"id": "must", "kind": "include", "options": ["large_scale_military_ops"]},
        {"id": "mustnt", "kind": "exclude", "options": ["large_scale_military_ops"]},
        {
            "id": "loop_a",
            "kind": "requires",
            "options": ["madrassah_regulation"],
            "requires": ["jirga_judicial_integration"],
        },
        {
            "id": "loop_b",
            "kind": "requires",
            "options": ["jirga_judicial_integration"],
            "requires": ["madrassah_regulation"],
        },
        {"id": "half", "kind": "at_most", "options": ["intel_based_ops"]},
    ],
}


def test_bad_portfolio_input_is_located_and_reported_in_one_pass(shipped_study_path):
    """Unknown option, an incomplete constraint, missing staff costs: one InputError
    naming file and line of each (conflicts wait until references are sound)."""
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    path.write_text(yaml.safe_dump(BROKEN, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    found = {i.code: i for i in caught.value.issues if i.severity.value == "error"}
    assert {"option-unknown", "constraint-incomplete"} <= set(found)
    assert found["option-unknown"].location.file == "scenarios/portfolio.yaml"
    assert found["option-unknown"].location.line is not None
    assert "nowhere" in found["option-unknown"].found


def test_conflicting_constraints_name_each_other(shipped_study_path):
    broken = {**BROKEN, "resources": BROKEN["resources"][:1]}
    broken["constraints"] = [c for c in BROKEN["constraints"] if c["id"] not in ("needs", "half")]
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    path.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    messages = [(i.code, i.found, i.hint) for i in caught.value.issues]
    conflicts = [m for m in messages if m[0] == "constraint-conflict"]
    assert any("must" in hint and "mustnt" in hint for _, _, hint in conflicts)
    assert any("loop_a" in hint and "loop_b" in hint for _, _, hint in conflicts)
    over = [m for m in messages if m[0] == "portfolio-infeasible"]
    assert over and "over the limit of 5" in over[0][1]


def test_negative_and_stray_costs_are_located(shipped_study_path):
    portfolio = {
        "format_version": 1,
        "baseline": "business_as_usual",
        "resources": [{"id": "staff", "name": "Staff", "limit": 10}],
    }
    (shipped_study_path / "scenarios" / "portfolio.yaml").write_text(yaml.safe_dump(portfolio))
    scenario = shipped_study_path / "scenarios" / "s0_status_quo.yaml"
    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    data["costs"] = {"intel_based_ops": {"staff": {"value": -1}, "money": 2}}
    scenario.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    codes = {i.code for i in caught.value.issues}
    assert {"cost-negative", "resource-unknown", "cost-missing"} <= codes
    negative = next(i for i in caught.value.issues if i.code == "cost-negative")
    assert negative.location.file.endswith("s0_status_quo.yaml") and negative.location.line


def test_portfolio_command_writes_its_report_and_refuses_bad_budgets(tmp_path):
    out = tmp_path / "p.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "portfolio",
            str(REPO),
            "--samples",
            "50",
            "--scenario",
            "s0_status_quo",
            "--profile",
            "equal_weights",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "binding:" in done.stdout and "Robust package" in done.stdout
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names[:6] == [
        "Portfolio",
        "Read me",
        "Frontier",
        "Order of buy",
        "Inclusion frequency",
        "Package builder",
    ]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "portfolio",
            str(REPO),
            "--budget",
            "fiscal=-3",
            "--out",
            str(tmp_path / "x.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 3 and "budget-invalid" in bad.stderr + bad.stdout
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("featured", [False, True], ids=["shipped", "outcome-features"])
def test_package_builder_follows_ticks_in_libreoffice(tmp_path, shipped_study_path, featured):
    """Tick a package the engine did not choose (both closures and trade: a violated
    exclusive group), let LibreOffice recalculate, and compare the totals, the levels on
    every criterion (clipped to the scales) and the checks with the engine's own
    arithmetic for that package; once on the shipped study and once with a concave and
    an S-shaped value function, a three-measure criterion interaction and delivery
    likelihoods. The edited file carries no saved values for the formulas, so every
    value read back was computed by LibreOffice."""
    root = with_outcome_features(shipped_study_path) if featured else REPO
    out = tmp_path / "p.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "portfolio",
            str(root),
            "--samples",
            "20",
            "--scenario",
            "s0_status_quo",
            "--out",
            str(out),
            "--quiet",
        ],
        check=True,
        capture_output=True,
    )
    study = engine.load_study(root)
    ids = sp.measure_ids(study)
    ticked = {
        "jirga_judicial_integration",
        "trade_coercion_closures",
        "trade_normalisation_pta",
        "intel_based_ops",
        "exfata_development_investment",
        "youth_education_jobs",
        "police_capacity_only",
        "security_sector_jurisdiction_reform",
        "courts_judges_expansion_only",
        "court_acceptance_enforcement",
        "relocate_ttp_for_payment",
        "multilateral_ct_cooperation",
        # institutional reforms enough to take levels past a scale end, without the
        # dialogue or the tribal support that would meet two prerequisites
        "local_political_empowerment",
        "parliament_led_ct_governance",
        "nap_criminal_justice_reform",
        "madrassah_regulation",
        "youth_in_counterterrorism",
        "civil_administration_capacity",
        "provincial_ownership_compact",
    }
    book = openpyxl.load_workbook(out)
    sheet = book["Package builder"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 3).value == "Chosen (0/1)")
    for k, option in enumerate(ids):
        assert sheet.cell(header + 1 + k, 1).value == option
        sheet.cell(header + 1 + k, 3).value = 1 if option in ticked else 0
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = openpyxl.load_workbook(recalculate(edited, tmp_path / "lo"), data_only=True)
    checks = {
        row[0].value: row[1].value
        for row in result["Package builder"].iter_rows(min_row=header + len(ids) + 1)
        if row[0].value
    }
    x = np.array([o in ticked for o in ids])
    for profile in study.profiles:
        problem = sp.problem(study, "s0_status_quo", profile)
        label = "Value under " + profile_label(study, profile)
        assert checks[label] == pytest.approx(problem.value(x), abs=1e-6)
    levels = sp.package_levels(study, sp.outcomes(study, "s0_status_quo", study.profiles[0]), x)
    sheet = result["Package builder"]
    top = next(r for r in range(1, sheet.max_row) if sheet.cell(r, 1).value == "Criterion")
    read = {
        sheet.cell(r, 1).value: (sheet.cell(r, 5).value, sheet.cell(r, 6).value)
        for r in range(top + 1, top + 1 + len(levels))
    }
    for criterion, row in levels.iterrows():
        reached, level = read[study.criterion(criterion).name]
        assert reached == pytest.approx(row["reached"], abs=1e-9)
        assert level == pytest.approx(row["level"], abs=1e-9)
    assert levels["saturated"].any()  # clipping is exercised
    cost = float(sp.costs(study, "s0_status_quo")[0][:, 0] @ x)
    assert checks[next(k for k in checks if k.startswith("Total "))] == pytest.approx(cost)
    resource = sp.portfolio_of(study).resources[0]
    limit = resource.limits.get("s0_status_quo", resource.limit)
    assert checks[f"Limit on {resource.in_sentence}"] == (
        f"over the limit of {limit:g}" if cost > limit else f"within the limit of {limit:g}"
    )
    for constraint in sp.portfolio_of(study).constraints:  # named in words
        chosen = [o in ticked for o in constraint.options]
        if constraint.kind == "exclusive":
            broken = sum(chosen) > 1
        else:  # requires: a chosen measure without its prerequisite
            broken = any(chosen) and not all(o in ticked for o in constraint.requires)
        status = checks[f"Constraint: {constraint_words(study, constraint)}"]
        assert status == ("broken" if broken else "ok"), (constraint.id, status)
    assert (
        sum(
            checks[f"Constraint: {constraint_words(study, c)}"] == "broken"
            for c in sp.portfolio_of(study).constraints
        )
        == len(sp.portfolio_of(study).constraints) - 1
    )  # all but 'railway needs trade'


def test_binding_constraints_are_those_whose_removal_alone_raises_the_value():
    """Each constraint the report calls binding raises the optimum when dropped alone,
    and no other does; all are named in words (measure names, not ids)."""
    study = engine.load_study(REPO)
    scenario = "s1_aig_cooperation"
    analysis = analyse_portfolio(
        study, [scenario], study.profiles[:2], PortfolioSettings(samples=20)
    )
    for profile in study.profiles[:2]:
        pair = (scenario, profile)
        value = best_package(sp.problem(study, *pair)).value
        for constraint in sp.portfolio_of(study).constraints:
            dropped = best_package(sp.problem(study, *pair, drop=constraint.id)).value
            words = constraint_words(study, constraint)
            assert (words in analysis.binding[pair]) == (dropped > value + 1e-9)
            assert constraint.id not in words
    named = [w for pair in analysis.binding.values() for w in pair]
    assert named  # the test is not vacuous: some constraint binds


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SHIPPED = engine.load_study(REPO)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=1e-3, max_value=1e3), st.sampled_from(_SHIPPED.profiles))
def test_scaling_a_profiles_swing_points_keeps_its_package(factor, profile):
    """Swing points are ratios: scaled all together, the weights, benefits and best
    package are the same."""
    from engine.acceptance import with_profiles

    record = _SHIPPED.profile(profile)
    scaled = record.model_copy(
        update={"weights": {k: v * factor for k, v in record.weights.items()}}
    )
    study = with_profiles(_SHIPPED, [scaled])
    before = sp.optimise(_SHIPPED, _SHIPPED.scenarios[0], profile)
    after = sp.optimise(study, _SHIPPED.scenarios[0], profile)
    assert after.selected == before.selected
    assert after.value == pytest.approx(before.value, rel=1e-9)


def test_a_portfolio_file_in_toml_reads_as_its_yaml_twin(shipped_study_path):
    yaml_version = engine.load_study(shipped_study_path).portfolio
    (shipped_study_path / "scenarios" / "portfolio.yaml").unlink()
    (shipped_study_path / "scenarios" / "portfolio.toml").write_text(
        """format_version = 1
baseline = "business_as_usual"

[[resources]]
id = "fiscal"
name = "New federal spending over five years"
unit = "Rs billion"
criterion = "cfe_fiscal_cost"
limit = 250
limits = { s3_fiscal_aid_squeeze = 150 }

[[resources]]
id = "pledge"
name = "Outstanding ex-FATA pledge"
unit = "Rs billion"
criterion = "cfe_fiscal_cost"
funds_category = "development"
limit = 324.5

[[resources]]
id = "reform_capacity"
name = "Reform capacity"
unit = "reform teams"
limit = 6
limits = { s5_provincial_ownership = 8 }

[[constraints]]
id = "closures_or_trade"
kind = "exclusive"
options = ["trade_coercion_closures", "trade_normalisation_pta"]

[[interactions]]
options = ["intel_based_ops", "large_scale_military_ops"]
value = -2
""",
        encoding="utf-8",
    )
    toml_version = engine.load_study(shipped_study_path).portfolio
    assert toml_version.resources == tuple(
        r.model_copy(update={"description": ""}) for r in yaml_version.resources
    )
    twin = next(c for c in yaml_version.constraints if c.id == "closures_or_trade")
    assert toml_version.constraints[0].options == twin.options
    assert toml_version.interactions[0].value == -2


def test_portfolio_command_on_a_study_without_resources_is_one_located_error(
    mini_study_path, tmp_path, capsys
):
    from engine.cli import EXIT_INPUT, main

    assert (
        main(["portfolio", str(mini_study_path), "--out", str(tmp_path / "p.xlsx")]) == EXIT_INPUT
    )
    err = capsys.readouterr().err
    assert "portfolio-missing" in err and "scenarios/portfolio.yaml" in err
    assert not (tmp_path / "p.xlsx").exists()


SILENT = {
    "format_version": 1,
    "baseline": "business_as_usual",
    "resources": [{"id": "staff", "name": "Staff", "limit": 10}],
    "constraints": [
        {"id": "twice", "kind": "exclusive", "options": ["intel_based_ops", "intel_based_ops"]},
        {
            "id": "both",
            "kind": "at_most",
            "options": ["intel_based_ops"],
            "category": "kinetic",
            "count": 1,
        },
        {
            "id": "itself",
            "kind": "requires",
            "options": ["madrassah_regulation"],
            "requires": ["madrassah_regulation"],
        },
        {"id": "twice", "kind": "include", "options": ["jirga_judicial_integration"]},
    ],
}


def test_constraints_that_would_be_read_otherwise_than_written_are_refused(shipped_study_path):
    """Issue 28, class 2: a member named twice (``exclusive: [A, A]`` never chose A yet
    counted it in), options and a category together (the category applied, the options
    printed), a measure requiring itself, a constraint id used twice: each refused at its
    key."""
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    path.write_text(yaml.safe_dump(SILENT, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    found = [(i.code, i.found) for i in caught.value.issues if i.severity.value == "error"]
    invalid = [f for code, f in found if code == "constraint-invalid"]
    assert any("named twice in options" in f and "'twice'" in f for f in invalid)
    assert any("both options and a category" in f for f in invalid)
    assert any("both in options and in requires" in f for f in invalid)
    assert ("id-duplicate", "constraint 'twice' declared twice") in found
    lines = [i.location.line for i in caught.value.issues if i.code == "constraint-invalid"]
    assert all(line is not None for line in lines)


def test_costs_that_would_be_misread_are_refused_or_said(shipped_study_path):
    """A negative cost through the criterion a resource is linked to (it would buy value
    with budget it adds) is refused at its cell; costs given for the baseline (never
    counted) are a warning; a study whose every criterion is a resource is refused."""
    portfolio = shipped_study_path / "scenarios" / "portfolio.yaml"
    data = yaml.safe_load(portfolio.read_text(encoding="utf-8"))
    fiscal = next(r for r in data["resources"] if r.get("criterion"))["criterion"]
    scenario = shipped_study_path / "scenarios" / "s0_status_quo.yaml"
    table = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    table["performance"]["intel_based_ops"][fiscal].update(value=-5, low=-10, high=0)
    scenario.write_text(yaml.safe_dump(table, sort_keys=False), encoding="utf-8")
    tree_file = shipped_study_path / "criteria" / "value_tree.yaml"
    tree = yaml.safe_load(tree_file.read_text(encoding="utf-8"))

    def widen(nodes):  # a scale that allows negatives: only the resource check refuses
        for node in nodes:
            if node.get("id") == fiscal:
                node["scale"]["min"] = -100
                node.pop("value_function", None)
            widen(node.get("children", []))

    widen(tree["objectives"])
    tree_file.write_text(yaml.safe_dump(tree, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    negative = [i for i in caught.value.issues if i.code == "cost-negative"]
    assert len(negative) == 2 and all("resource 'fiscal'" in i.found for i in negative)
    assert negative[0].location.file.endswith("s0_status_quo.yaml") and negative[0].location.line


def test_baseline_costs_are_said_and_a_study_of_resources_only_is_refused(tmp_path):
    from conftest import minimal_study, write_study

    files = minimal_study()
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "opt_a",
        "resources": [{"id": "staff", "name": "Staff", "limit": 10}],
    }
    files["scenarios/base.yaml"]["costs"] = {
        o: {"staff": {"value": 2}} for o in ("opt_a", "opt_b", "opt_c")
    }
    study = engine.load_study(write_study(tmp_path / "said", files))
    [said] = [i for i in study.issues if i.code == "baseline-cost-ignored"]
    assert said.location.file.endswith("base.yaml") and said.location.line

    files = minimal_study()
    tree = files["criteria/value_tree.yaml"]
    tree["objectives"] = [
        {**tree["objectives"][0], "children": tree["objectives"][0]["children"][1:]}
    ]
    for profile in files["criteria/profiles.yaml"]["profiles"]:
        profile["weights"] = {"goal_a": 1, "crit_y": 1}
    for name in ("scenarios/base.yaml", "scenarios/derived.yaml"):
        table = files[name]["performance"]
        files[name]["performance"] = {
            o: {"crit_y": c["crit_y"]} for o, c in table.items() if "crit_y" in c
        }
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "opt_a",
        "resources": [{"id": "money", "name": "Money", "criterion": "crit_y", "limit": 50}],
    }
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path / "costs-only", files))
    assert [i.code for i in caught.value.issues if i.severity.value == "error"] == [
        "portfolio-no-benefit"
    ]


def test_portfolio_settings_are_checked_in_one_pass(shipped_study_path, capsys):
    """A budget given twice (the last used to win silently), a time limit of zero or
    nan, a seed of 2^64 (which run refuses): every one reported, nothing computed."""
    from engine.cli import EXIT_INPUT, main

    argv = ["portfolio", str(shipped_study_path), "--budget", "fiscal=300"]
    argv += ["--budget", "fiscal=200", "--time-limit", "nan", "--seed", str(2**64)]
    assert main(argv) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "fiscal given twice (300, then 200)" in err
    assert "[time-limit-invalid]" in err and "[seed-invalid]" in err
    assert main(["portfolio", str(shipped_study_path), "--time-limit", "0"]) == EXIT_INPUT
    capsys.readouterr()
    argv = ["portfolio", str(shipped_study_path), "--samples", str(10**9)]
    assert main(argv) == EXIT_INPUT  # refused before any work (it grew without bound)
    assert "from 1 to 100,000" in capsys.readouterr().err


def test_amounts_the_solver_cannot_take_are_refused_at_their_key(shipped_study_path):
    """Issue 28, class 3: costs of 1e16 and interactions of 1e20 ended as internal errors
    ('HiGHS refused the model'); refused at acceptance with the limit and the key."""
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["resources"].append({"id": "staff", "name": "Staff", "limit": 1e16})
    data["interactions"][0] = {**data["interactions"][0], "value": 1e20}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    scenario = shipped_study_path / "scenarios" / "s0_status_quo.yaml"
    table = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    measures = [o for o in table["performance"] if o != "business_as_usual"]
    table["costs"] = {o: {"staff": {"value": 1e16 if o == measures[0] else 1}} for o in measures}
    scenario.write_text(yaml.safe_dump(table, sort_keys=False), encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(shipped_study_path)
    found = {(i.code, i.location.file) for i in caught.value.issues}
    assert ("amount-too-large", "scenarios/portfolio.yaml") in found
    assert ("amount-too-large", "scenarios/s0_status_quo.yaml") in found
    assert ("interaction-invalid", "scenarios/portfolio.yaml") in found
    assert all(i.location.line for i in caught.value.issues if i.code == "amount-too-large")


def test_an_infeasible_pair_names_its_scenario_and_limits(shipped_study_path):
    """Issue 28, class 4: 'no package meets every limit' did not say where."""
    from engine.portfolio.study_problems import optimise

    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["constraints"].append({"id": "must", "kind": "include", "options": ["intel_based_ops"]})
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    study = engine.load_study(shipped_study_path)
    with pytest.raises(engine.InputError) as caught:
        optimise(study, "s3_fiscal_aid_squeeze", "equal_weights", budgets={"fiscal": 0})
    [issue] = caught.value.issues
    assert issue.code == "portfolio-infeasible"
    assert "in scenario 's3_fiscal_aid_squeeze'" in issue.found and "fiscal 0" in issue.found


def test_a_portfolio_without_measures_says_so(tmp_path):
    from conftest import minimal_study, write_study

    files = minimal_study()
    files["scenarios/options.yaml"]["options"] = files["scenarios/options.yaml"]["options"][:1]
    for name in ("scenarios/base.yaml", "scenarios/derived.yaml"):
        table = files[name]["performance"]
        files[name]["performance"] = {o: c for o, c in table.items() if o == "opt_a"}
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "opt_a",
        "resources": [{"id": "staff", "name": "Staff", "limit": 10}],
    }
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path / "s", files))
    assert "portfolio-no-measures" in [i.code for i in caught.value.issues]


def test_the_time_limit_bounds_the_whole_analysis_and_says_what_it_cut(tmp_path, capsys):
    """Issue 28, class 1: --time-limit bounded each program only (the frontier, binding
    analysis, robust packages and samples ran on past it). It is now a wall limit for the
    whole analysis: what it cut short is printed and written on the Portfolio sheet, and
    what was found is kept (2,000 samples take about a minute without it)."""
    import time

    import openpyxl

    from engine.cli import main

    out = tmp_path / "p.xlsx"
    start = time.monotonic()
    argv = ["portfolio", str(REPO), "--samples", "2000", "--time-limit", "3", "--out", str(out)]
    assert main(argv) == 0
    elapsed = time.monotonic() - start
    printed = capsys.readouterr().out
    assert "Stopped at the time limit of 3 s:" in printed
    assert "inclusion frequency after" in printed and "of 2,000 samples" in printed
    note = openpyxl.load_workbook(out)["Portfolio"]["A2"].value
    assert "Stopped at the time limit of 3 s" in note
    assert elapsed < 60  # a sanity bound only: the figure is measured by the benchmark


def test_without_a_time_limit_nothing_is_cut():
    study = engine.load_study(REPO)
    analysis = analyse_portfolio(
        study, study.scenarios[:1], study.profiles[:1], PortfolioSettings(samples=5)
    )
    assert analysis.stopped == () and analysis.inclusion[study.scenarios[0]].samples == 5
