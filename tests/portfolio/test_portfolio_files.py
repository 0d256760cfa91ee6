"""Portfolio declarations and costs through every study format: folder (YAML), workbook,
and back, with located errors in the workbook."""

import openpyxl
import pytest
import yaml

import engine
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.study_workbook_writer import write_study_workbook

STAFF = {
    "format_version": 1,
    "baseline": "business_as_usual",
    "resources": [
        {
            "id": "fiscal",
            "name": "Money",
            "unit": "Rs billion",
            "criterion": "cfe_fiscal_cost",
            "limit": 400,
            "limits": {"s3_fiscal_aid_squeeze": 250},
        },
        {"id": "staff", "name": "Officers", "unit": "officers", "limit": 50},
        {
            "id": "pledge",
            "name": "Pledge",
            "unit": "Rs billion",
            "criterion": "cfe_fiscal_cost",
            "funds": ["exfata_development_investment", "youth_education_jobs"],
            "limit": 324.5,
        },
    ],
    "constraints": [
        {
            "id": "kinetic_cap",
            "kind": "at_most",
            "category": "kinetic",
            "count": 2,
            "rationale": "Judgment.",
            "evidence": ["interview"],
        },
        {
            "id": "closures_or_trade",
            "kind": "exclusive",
            "options": ["trade_coercion_closures", "trade_normalisation_pta"],
        },
    ],
    "interactions": [
        {"options": ["intel_based_ops", "tribal_leadership_engagement"], "value": 1.5}
    ],
}


def _with_staff(root):
    (root / "scenarios" / "portfolio.yaml").write_text(yaml.safe_dump(STAFF), encoding="utf-8")
    base = root / "scenarios" / "s0_status_quo.yaml"
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    options = yaml.safe_load((root / "scenarios" / "options.yaml").read_text(encoding="utf-8"))
    data["costs"] = {
        o["id"]: {"staff": {"value": 5, "low": 3, "high": 8, "rationale": "Judgment."}}
        for o in options["options"]
        if o["id"] != "business_as_usual"
    }
    base.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    squeeze = root / "scenarios" / "s3_fiscal_aid_squeeze.yaml"
    data = yaml.safe_load(squeeze.read_text(encoding="utf-8"))
    data["costs"] = {"intel_based_ops": {"staff": {"value": 9, "rationale": "Judgment."}}}
    squeeze.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_costs_are_inherited_and_overridden_like_performance(shipped_study_path):
    from engine.portfolio import study_problems as sp

    _with_staff(shipped_study_path)
    study = engine.load_study(shipped_study_path)
    ids = sp.measure_ids(study)
    value, low, high = sp.costs(study, "s3_fiscal_aid_squeeze")
    staff = [r.id for r in study.portfolio.resources].index("staff")
    assert value[ids.index("intel_based_ops"), staff] == 9  # overridden in the squeeze
    assert value[ids.index("madrassah_regulation"), staff] == 5  # inherited from s0
    assert (
        low[ids.index("madrassah_regulation"), staff],
        high[ids.index("madrassah_regulation"), staff],
    ) == (3, 8)
    result = sp.optimise(study, "s0_status_quo", "equal_weights")
    assert result.cost["staff"] <= 50 and len(result.selected) <= 10
    kinetic = {o.id for o in study.option_records if o.category == "kinetic"}
    assert len(kinetic & set(result.selected)) <= 2


def test_portfolio_round_trips_through_workbook_and_folder(shipped_study_path, tmp_path):
    _with_staff(shipped_study_path)
    original = engine.load_study(shipped_study_path)
    book = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(shipped_study_path), book)
    from_book = engine.load_study(book)
    folder = tmp_path / "back"
    write_study_folder(read_folder(shipped_study_path), folder)
    from_folder = engine.load_study(folder)
    assert original.portfolio == from_book.portfolio == from_folder.portfolio
    for a, b in zip(original.scenario_records, from_book.scenario_records, strict=True):
        assert a.costs == b.costs
    assert set(openpyxl.load_workbook(book, read_only=True).sheetnames) >= {
        "Portfolio",
        "Resources",
        "Resource limits",
        "Constraints",
        "Interactions",
        "Costs",
    }


def test_workbook_portfolio_errors_name_sheet_and_cell(shipped_study_path, tmp_path):
    _with_staff(shipped_study_path)
    book = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(shipped_study_path), book)
    edited = openpyxl.load_workbook(book)
    costs = edited["Costs"]
    costs["D2"], costs["E2"] = -1, -4  # a negative cost and low end
    constraints = edited["Constraints"]
    constraints["C3"] = "trade_coercion_closures, no_such_option"
    broken = tmp_path / "broken.xlsx"
    edited.save(broken)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(broken)
    found = {i.code: i.location for i in caught.value.issues}
    assert found["option-unknown"].sheet == "Constraints" and found["option-unknown"].cell == "C3"
    # reference errors are reported first; costs are checked once references are sound
    constraints["C3"] = "trade_coercion_closures, trade_normalisation_pta"
    edited.save(broken)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(broken)
    negative = {
        (i.location.sheet, i.location.cell)
        for i in caught.value.issues
        if i.code == "cost-negative"
    }
    assert negative == {("Costs", "D2"), ("Costs", "E2")}


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_IDS = st.sampled_from(
    [
        "business_as_usual",
        "intel_based_ops",
        "trade_normalisation_pta",
        "nowhere",
        "fiscal",
        "kinetic",
        "s0_status_quo",
        "",
        "=1+1",
    ]
)
_SCALARS = st.one_of(
    _IDS, st.integers(-5, 500), st.floats(allow_nan=True), st.booleans(), st.none()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "kind",
                    "options",
                    "requires",
                    "count",
                    "category",
                    "limit",
                    "limits",
                    "criterion",
                    "name",
                    "value",
                    "baseline",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)
_PORTFOLIOS = st.fixed_dictionaries(
    {"format_version": st.just(1)},
    optional={
        "baseline": _IDS,
        "resources": st.lists(_VALUES, max_size=3),
        "constraints": st.lists(
            st.fixed_dictionaries(
                {
                    "id": _IDS,
                    "kind": st.sampled_from(
                        ["exclusive", "requires", "at_most", "at_least", "include", "exclude", "x"]
                    ),
                },
                optional={
                    "options": st.lists(_IDS, max_size=3),
                    "requires": st.lists(_IDS, max_size=2),
                    "count": st.integers(-1, 4),
                    "category": _IDS,
                },
            ),
            max_size=4,
        ),
        "interactions": st.lists(_VALUES, max_size=2),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_PORTFOLIOS)
def test_any_portfolio_file_is_accepted_or_refused_with_located_issues(shipped_study_path, data):
    path = shipped_study_path / "scenarios" / "portfolio.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        study = engine.load_study(shipped_study_path)
    except engine.InputError as exc:
        assert exc.issues and all(
            i.location.file for i in exc.issues if i.severity.value == "error"
        )
        return
    from engine.portfolio import study_problems as sp

    try:
        sp.optimise(study, study.scenarios[0], study.profiles[0])
    except engine.InputError as exc:
        assert exc.issues[0].code == "portfolio-infeasible"
