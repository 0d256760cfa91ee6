"""Sensitivity sheets of the report, read back from the written workbook."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from conftest import REPO, build_report_of

import engine
from engine.io.report.excel_writer import write_report
from engine.report import build_sensitivity_report
from engine.report.labels import profile_label
from engine.results import RunSettings, SensitivitySettings, compute_run, nearest_switch
from engine.sensitivity import robustness, smaa, switch_points, tornado


@pytest.fixture(scope="module")
def shipped():
    return engine.load_study(REPO)


@pytest.fixture(scope="module")
def workbook(shipped, tmp_path_factory):
    """The run report of the shipped study, written and opened once."""
    settings = RunSettings(
        shipped.scenarios, shipped.profiles, sensitivity=SensitivitySettings(samples=4000, seed=11)
    )
    target = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_report(build_report_of(shipped, settings), target)
    return openpyxl.load_workbook(target)


def table_rows(ws, title: str) -> tuple[list, list[list]]:
    """Header and body of the table whose title cell starts with ``title``, the parts of
    a table split for print ('... (continued)', each under its own header) joined."""
    names, body, r = None, [], 1
    while r <= ws.max_row:
        value = ws.cell(r, 1).value
        found = isinstance(value, str) and value.startswith(title) and not ws.cell(r, 1).hyperlink
        if found and (names is None or value.endswith("(continued)")):
            header = r + 1
            if not ws.cell(header, 1).font.color or ws.cell(header, 1).font.color.rgb != "00FFFFFF":
                header += 1  # a row of column groups comes first
            names = [c.value for c in ws[header] if c.value is not None]
            r = header + 1
            while ws.cell(r, 1).value is not None or ws.cell(r, 2).value is not None:
                body.append([ws.cell(r, j).value for j in range(1, len(names) + 1)])
                r += 1
        elif names is not None and value is not None:
            break  # another table: the parts end
        r += 1
    if names is None:
        raise AssertionError(f"no table titled {title!r} in {ws.title}")
    return names, body


def test_run_report_holds_the_sensitivity_sheets_in_reading_order(workbook):
    names = workbook.sheetnames
    portfolio = ["Portfolio", "Frontier", "Order of buy", "Inclusion frequency", "Package builder"]
    front = ["Summary", "Read me", "Weights"]  # the Weights sheet planners edit, near the front
    assert names[:9] == [*front, *portfolio, "Robustness"]  # the study has costs
    for sheet in ("Acceptability", "Switch points", "Tornado", *portfolio):
        if sheet not in portfolio:
            assert names.index(sheet) > names.index("TTP escalation")  # a scenario's tab
        assert workbook[sheet]["A2"].value.startswith("Read:")


@pytest.mark.parametrize("profile", [None, "exfata_residents"])
def test_acceptability_cells_equal_the_library_result(workbook, shipped, profile):
    """By default every profile's block samples weights around the profile and every
    performance within its range; the reference block samples weights uniformly."""
    scenario = "s2_afghan_conflict_refugees"
    sampling = "uniform" if profile is None else "dirichlet"
    result = smaa(
        shipped, scenario, profile, samples=4000, seed=11, sampling=sampling, performance="uniform"
    )
    title = shipped.scenario(scenario).name
    block = (
        f"{title} (no preference information)"
        if profile is None
        else f"{title} x {profile_label(shipped, profile)}"
    )
    header, body = table_rows(workbook["Acceptability"], block)
    assert header[:3] == ["Option", "Option name", "Rank 1"] and header[-1] == "Confidence"
    m = len(shipped.options)
    for row in body:
        expected = result.acceptability.loc[row[0]].to_numpy()
        np.testing.assert_allclose(row[2 : 2 + m], expected)
        assert sum(row[2 : 2 + m]) == pytest.approx(1.0)
    first = [row[2] for row in body]
    assert first == sorted(first, reverse=True)  # most often first at the top


def test_acceptability_is_a_heatmap_with_a_stacked_chart(workbook, shipped):
    ws = workbook["Acceptability"]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any(r.type == "colorScale" for r in rules)
    charts = ws._charts
    # one chart per profile block and one per scenario's "no preference information" block
    assert len(charts) == len(shipped.scenarios) * (len(shipped.profiles) + 1)
    assert all(c.type == "bar" and c.grouping == "stacked" for c in charts)
    assert len(charts[0].series) == 5  # ranks 1-5


def test_tornado_chart_plots_the_change_columns_of_its_table(workbook, shipped):
    ws = workbook["Tornado"]
    assert len(ws._charts) == len(shipped.profiles)
    chart = ws._charts[0]
    assert chart.type == "bar" and chart.grouping == "clustered" and chart.overlap == 100
    header, body = table_rows(ws, shipped.scenario(shipped.scenarios[0]).name)
    refs = [s.val.numRef.f for s in chart.series]
    change_low = openpyxl.utils.get_column_letter(header.index("Change at low") + 1)
    assert refs[0].split("!")[1].startswith(f"${change_low}$")
    result = tornado(shipped, shipped.scenarios[0], shipped.profiles[0])
    swings = [abs(r[5] - r[4]) for r in body]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] == pytest.approx(result.margin["swing"].iloc[0])
    assert body[0][6] == pytest.approx(result.margin["margin_low"].iloc[0] - result.base_margin)


def test_nearest_switch_is_the_smallest_move_of_any_node(workbook, shipped):
    _, body = table_rows(workbook["Switch points"], "Smallest single weight change")
    assert len(body) == len(shipped.scenarios) * len(shipped.profiles)
    scenario, profile = shipped.scenarios[3], shipped.profiles[2]
    row = body[3 * len(shipped.profiles) + 2]
    table = switch_points(shipped, scenario, profile)
    moves = np.concatenate(
        [
            (table["lower_switch"] - table["current_weight"]).abs().dropna().to_numpy(),
            (table["upper_switch"] - table["current_weight"]).abs().dropna().to_numpy(),
        ]
    )
    assert row[6] == pytest.approx(moves.min())
    assert row[3] == shipped.tree.node(nearest_switch(table)["node"]).name  # a name, not an id


def test_robustness_sheet_matches_the_library(workbook, shipped):
    result = robustness(shipped)
    _header, body = table_rows(workbook["Robustness"], "Robustness summary")
    assert [r[1] for r in body] == list(result.summary.index)
    for row in body:
        assert row[3] == pytest.approx(result.summary.loc[row[1], "max_regret"])
    rules = [r for cf in workbook["Robustness"].conditional_formatting for r in cf.rules]
    assert any(r.type == "colorScale" for r in rules)


def test_run_info_records_the_sensitivity_settings(workbook):
    items = {
        r[0].value: r[1].value for r in workbook["Run info"].iter_rows(min_row=4) if r[0].value
    }
    assert "4,000 samples, seed 11, dirichlet weight sampling" in items["SMAA"]
    assert "performance uniform" in items["SMAA"] and "no preference information" in items["SMAA"]


def test_no_sensitivity_leaves_the_sheets_out(shipped):
    report = build_report_of(
        shipped, RunSettings(shipped.scenarios[:1], shipped.profiles[:1], sensitivity=None)
    )
    names = [s.name for s in report.sheets]
    assert not {"Robustness", "Acceptability", "Switch points", "Tornado"} & set(names)


def test_sensitivity_report_follows_the_sampling_mode(shipped):
    settings = RunSettings(
        ["s1_aig_cooperation"],
        ["exfata_residents", "federal_security_establishment"],
        sensitivity=SensitivitySettings(
            samples=500, sampling="dirichlet", concentration=20, performance=None, reference=False
        ),
    )
    report = build_sensitivity_report(compute_run(shipped, settings))
    sheet = report.sheet("Acceptability")
    # the first-place overview, then acceptability and central weights per profile
    assert len(sheet.tables) == 5
    expected = smaa(
        shipped,
        "s1_aig_cooperation",
        "exfata_residents",
        samples=500,
        sampling="dirichlet",
        concentration=20,
    )
    rows = {r[0]: r[2] for r in sheet.tables[1].rows}
    for option, share in expected.acceptability[1].items():
        assert rows[option] == pytest.approx(share)
    other = smaa(
        shipped,
        "s1_aig_cooperation",
        "federal_security_establishment",
        samples=500,
        sampling="dirichlet",
        concentration=20,
    )
    overview = {r[0]: r[1] for r in sheet.tables[0].rows}  # mean over the two profiles
    for option in shipped.options:
        mean = (expected.acceptability[1][option] + other.acceptability[1][option]) / 2
        assert overview[shipped.option(option).label] == pytest.approx(mean)
    robust = report.sheet("Robustness").tables[0]
    assert len(robust.rows) == len(shipped.options)


def test_same_seed_same_report_numbers(shipped):
    def first_table(seed):
        settings = RunSettings(
            shipped.scenarios[:1],
            shipped.profiles[:1],
            sensitivity=SensitivitySettings(samples=300, seed=seed),
        )
        return (
            build_sensitivity_report(compute_run(shipped, settings))
            .sheet("Acceptability")
            .tables[0]
            .rows
        )

    np.testing.assert_equal(first_table(5), first_table(5))  # NaN-aware
    with pytest.raises(AssertionError):
        np.testing.assert_equal(first_table(5), first_table(6))


def test_read_me_lists_every_sheet_of_the_file_and_the_terms(workbook):
    from engine.report.readme_sheet import TERMS

    ws = workbook["Read me"]
    column = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    visible = [n for n in workbook.sheetnames if workbook[n].sheet_state == "visible"]
    _, body = table_rows(ws, "The sheets of this report")
    assert [r[0] for r in body] == [n for n in visible if n != "Read me"]
    for term, _ in TERMS:
        assert term in column


def test_read_me_keys_the_short_names_to_the_full_names(workbook, shipped):
    """Tables and charts use short names ('Collective CT', 'Kabul cooperates'); the Read
    me says what each stands for, for every option and scenario that has one."""
    _, body = table_rows(workbook["Read me"], "Short names in tables and charts")
    key = {(r[0], r[1]): r[2] for r in body}
    options = [o for o in shipped.option_records if o.short_name]
    scenarios = [shipped.scenario(s) for s in shipped.scenarios]
    assert {("Option", o.short_name): o.name for o in options} | {
        ("Scenario", s.short_name): s.name for s in scenarios if s.short_name
    } == key
    assert key[("Option", "Collective CT")] == "Collective counter-terrorism cooperation"
