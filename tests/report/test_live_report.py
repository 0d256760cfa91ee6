"""The live report: named weight cells, ranking tables, cached values equal to a real
spreadsheet's, and edits in the Weights sheet flowing through to every score and rank."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pytest
from conftest import REPO, build_report_of, recalculate, tamper_saved_value
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

import engine
from engine.io.report.excel_writer import write_report
from engine.io.workbooks.weights_layout import weight_name
from engine.report.labels import profile_label
from engine.results import RunSettings

SCENARIOS = ["s0_status_quo", "s4_ttp_escalation"]
PROFILES = ["equal_weights", "exfata_residents", "foreign_policy_establishment"]


def set_points(wb, profile: str, node: str, points: float) -> None:
    """Type ``points`` into a profile's swing-point cell of a node (by its defined name)."""
    sheet, ref = next(iter(wb.defined_names[weight_name(profile, node)].destinations))
    wb[sheet][ref.replace("$", "")] = points


@pytest.fixture(scope="module")
def shipped():
    return engine.load_study(REPO)


@pytest.fixture(scope="module")
def report(shipped, tmp_path_factory):
    target = tmp_path_factory.mktemp("live") / "report.xlsx"
    settings = RunSettings(SCENARIOS, PROFILES, sensitivity=None)
    write_report(build_report_of(shipped, settings), target)
    return target


def tab(scenario: str) -> str:
    """A scenario's sheet: named by its short name (else its name), not its id."""
    return engine.load_study(REPO).scenario(scenario).label


def ranking(wb, scenario: str, profile: str) -> dict[str, tuple[float, int]]:
    """Option -> (score, rank) read from the Excel table rank_<scenario>_<profile>."""
    ws = wb[tab(scenario)]
    ref = ws.tables[f"rank.{scenario}.{profile}"].ref
    rows = [[c.value for c in row] for row in ws[ref]]
    header = rows[0]
    option, score, rank = (header.index(h) for h in ("Option", "Score", "Rank"))
    return {r[option]: (r[score], r[rank]) for r in rows[1:]}


def test_every_ranked_sheet_has_its_named_tables_with_the_engine_results(shipped, report):
    wb = openpyxl.load_workbook(report, data_only=True)
    for scenario in SCENARIOS:
        assert set(wb[tab(scenario)].tables) == {f"rank.{scenario}.{p}" for p in PROFILES}
        for profile in PROFILES:
            expected = engine.evaluate(shipped, scenario=scenario, profile=profile)
            found = ranking(wb, scenario, profile)
            assert set(found) == set(shipped.options)
            for option, (score, rank) in found.items():
                assert score == pytest.approx(expected.loc[option, "score"])
                assert rank == expected.loc[option, "rank"]


def test_scores_and_ranks_are_formulas_on_named_weights(report):
    wb = openpyxl.load_workbook(report)
    ws = wb[tab("s0_status_quo")]
    ref = ws.tables["rank.s0_status_quo.exfata_residents"].ref
    first = list(ws[ref])[1]
    assert first[0].value.startswith("=SUMPRODUCT(")  # Rank
    assert first[3].value.startswith("=SUM(")  # Score
    assert "g.exfata_residents.sec_violence_reduction" in first[4].value  # a contribution
    for profile in PROFILES:
        for node in ("security", "sec_violence_reduction"):
            assert weight_name(profile, node) in wb.defined_names


def test_the_report_reads_back_as_a_weights_workbook(shipped, report):
    profiles = engine.load_weights(report, shipped)
    assert list(profiles) == PROFILES
    for profile in PROFILES:
        np.testing.assert_allclose(shipped.weights(profiles[profile]), shipped.weights(profile))


def test_cached_values_equal_what_libreoffice_computes(report, tmp_path):
    formulas = openpyxl.load_workbook(report)
    cached = openpyxl.load_workbook(report, data_only=True)
    computed = openpyxl.load_workbook(recalculate(report, tmp_path), data_only=True)
    checked = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                ours = cached[ws.title][cell.coordinate].value
                theirs = computed[ws.title][cell.coordinate].value
                assert ours is not None, f"{ws.title}!{cell.coordinate} has no cached value"
                if isinstance(ours, str):
                    assert theirs == ours, f"{ws.title}!{cell.coordinate}"
                else:
                    assert theirs == pytest.approx(ours, abs=1e-9), f"{ws.title}!{cell.coordinate}"
                checked += 1
    assert checked > 1000


def _first_score_cell(report) -> str:
    ws = openpyxl.load_workbook(report)[tab("s0_status_quo")]
    ref = ws.tables["rank.s0_status_quo.equal_weights"].ref
    header, first = list(ws[ref])[:2]
    return first[[c.value for c in header].index("Score")].coordinate


@pytest.mark.parametrize("force", [True, False])
def test_libreoffice_really_recalculates_saved_values(report, tmp_path, force):
    """The recalculation helper must compute, not echo the saved values.

    One saved score is tampered with (999). With the forcing profile LibreOffice
    computes the true score; with its default profile it keeps the tampered saved
    value, which is why the comparison above forces recalculation.
    """
    cell = _first_score_cell(report)
    tampered = tmp_path / "tampered.xlsx"
    tamper_saved_value(report, tampered, tab("s0_status_quo"), cell, 999.0)
    saved = openpyxl.load_workbook(tampered, data_only=True)[tab("s0_status_quo")][cell].value
    assert saved == 999.0
    computed = openpyxl.load_workbook(recalculate(tampered, tmp_path, force), data_only=True)
    value = computed[tab("s0_status_quo")][cell].value
    truth = openpyxl.load_workbook(report, data_only=True)[tab("s0_status_quo")][cell].value
    if force:
        assert value == pytest.approx(truth, abs=1e-9)
    else:
        assert value == 999.0  # LibreOffice's default: saved values are shown, not computed


def test_editing_a_weight_updates_every_score_rank_and_winner(shipped, report, tmp_path):
    wb = openpyxl.load_workbook(report)
    edits = {("exfata_residents", "security"): 400, ("equal_weights", "economy"): 0}
    for (profile, node), points in edits.items():
        set_points(wb, profile, node, points)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    study = shipped.replace_profiles(engine.load_weights(edited, shipped).values())
    assert study.profile("exfata_residents").weights["security"] == 400
    summary = [r for r in computed["Summary"].iter_rows(values_only=True)]
    for scenario in SCENARIOS:
        for profile in PROFILES:
            expected = engine.evaluate(study, scenario=scenario, profile=profile)
            for option, (score, rank) in ranking(computed, scenario, profile).items():
                assert score == pytest.approx(expected.loc[option, "score"], abs=1e-9)
                assert rank == expected.loc[option, "rank"]
            best = study.option(expected["score"].idxmax()).label
            row = next(
                r
                for r in summary
                if r[0] == study.scenario(scenario).label and r[1] == profile_label(study, profile)
            )
            assert row[2] == best
    before = engine.evaluate(shipped, scenario="s0_status_quo", profile="exfata_residents")
    after = engine.evaluate(study, scenario="s0_status_quo", profile="exfata_residents")
    assert not np.allclose(before["score"], after["score"])  # the edit mattered


def test_other_methods_write_values_not_formulas(shipped, tmp_path):
    target = tmp_path / "topsis.xlsx"
    settings = RunSettings(SCENARIOS[:1], PROFILES[:1], method="topsis", sensitivity=None)
    write_report(build_report_of(shipped, settings), target)
    wb = openpyxl.load_workbook(target)
    ws = wb[tab("s0_status_quo")]
    rows = list(ws[ws.tables["rank.s0_status_quo.equal_weights"].ref])
    assert isinstance(rows[1][3].value, float) and isinstance(rows[1][0].value, int)


def test_contributions_and_values_are_heatmaps(report):
    wb = openpyxl.load_workbook(report)
    for sheet in (tab("s0_status_quo"), "Evidence"):
        rules = [r for cf in wb[sheet].conditional_formatting for r in cf.rules]
        assert any(r.type == "colorScale" for r in rules), sheet
    ranges = [str(cf.sqref) for cf in wb[tab("s0_status_quo")].conditional_formatting]
    assert any(r.startswith("E") for r in ranges)  # the first contribution column


def test_names_cannot_collide_when_ids_contain_underscores(tmp_path, mini_files):
    """Issue 13, class 4: profiles 'a' and 'a_b' with criteria 'b_c' and 'c' gave one name
    g_a_b_c for two cells under the old pattern. Names join ids with a period, which ids
    cannot contain: every defined name and table name is distinct (ignoring case, as
    spreadsheets do), and each contribution reads its own profile's weight."""
    from conftest import add_criterion, write_study

    add_criterion(mini_files, "b_c")
    add_criterion(mini_files, "c")
    profiles = mini_files["criteria/profiles.yaml"]["profiles"]
    profiles[0]["id"], profiles[1]["id"] = "a", "a_b"
    study = engine.load_study(write_study(tmp_path / "s", mini_files))
    target = tmp_path / "r.xlsx"
    write_report(
        build_report_of(study, RunSettings(study.scenarios, study.profiles, sensitivity=None)),
        target,
    )
    wb = openpyxl.load_workbook(target)
    names = list(wb.defined_names)
    assert len({n.casefold() for n in names}) == len(names)
    assert "g.a.b_c" in names and "g.a_b.c" in names
    tables = [t for ws in wb.worksheets for t in ws.tables]
    assert len({t.casefold() for t in tables}) == len(tables)
    for profile in ("a", "a_b"):
        ws = wb["Base"]
        rows = list(ws[ws.tables[f"rank.base.{profile}"].ref])
        header = [c.value for c in rows[0]]
        for criterion in ("b_c", "c"):
            column = header.index(criterion.upper())
            assert all(f"g.{profile}.{criterion}" in r[column].value for r in rows[1:])


def test_ids_that_differ_only_in_case_are_refused(tmp_path, mini_files):
    """Spreadsheet names and MATCH ignore case: 'Opt_a' and 'opt_a' would share them."""
    options = mini_files["scenarios/options.yaml"]["options"]
    options.append(dict(options[0], id="OPT_A"))
    mini_files["scenarios/base.yaml"]["performance"]["OPT_A"] = mini_files["scenarios/base.yaml"][
        "performance"
    ]["opt_a"]
    from conftest import write_study

    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path / "s", mini_files))
    found = [i for i in caught.value.issues if i.code == "id-duplicate"]
    assert found and "differ only in case" in found[0].found


def test_computed_sheets_warn_only_after_a_weight_edit(report, tmp_path):
    """LibreOffice recalculates the report twice: as written (row 3 says the weights are
    those of the run) and with one swing point edited (every sheet computed at run time
    warns in row 3; the live Summary needs no banner)."""
    from engine.io.report.excel_writer import CURRENT, STALE

    computed = ["Methods", "Portfolio", "Inclusion frequency"]
    untouched = openpyxl.load_workbook(recalculate(report, tmp_path / "as-is"), data_only=True)
    assert all(untouched[name]["A3"].value == CURRENT for name in computed)
    wb = openpyxl.load_workbook(report)
    set_points(wb, "exfata_residents", "security", 400)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    recalculated = openpyxl.load_workbook(recalculate(edited, tmp_path / "edited"), data_only=True)
    assert all(recalculated[name]["A3"].value == STALE for name in computed)
    assert recalculated["Summary"]["A3"].value in (None, "")


def test_live_order_resorts_after_a_weight_edit(shipped, report, tmp_path):
    """The first table of a scenario sheet lists options best first by formulas: after a
    swing point edit and LibreOffice's recalculation it matches the engine's new order
    (and it differs from the order as written, so the edit mattered)."""
    wb = openpyxl.load_workbook(report)
    set_points(wb, "exfata_residents", "security", 900)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    study = shipped.replace_profiles(engine.load_weights(edited, shipped).values())
    ws = computed[tab("s0_status_quo")]
    header = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Position")
    names = [ws.cell(header, j).value for j in range(2, 2 + len(PROFILES))]
    for j, profile in enumerate(PROFILES, start=2):
        assert names[j - 2] == profile_label(study, profile)
        expected = engine.evaluate(study, scenario="s0_status_quo", profile=profile)
        order = expected.sort_values("rank", kind="stable").index
        live = [  # rows with a position: a part printed on the next page repeats the header
            ws.cell(r, j).value
            for r in range(header + 1, header + 3 * len(order))
            if isinstance(ws.cell(r, 1).value, int)
        ][: len(order)]
        assert live == [study.option(o).label for o in order]

    def order_of(of_study):
        result = engine.evaluate(of_study, scenario="s0_status_quo", profile="exfata_residents")
        return list(result.sort_values("rank", kind="stable").index)

    assert order_of(study) != order_of(shipped)  # the edit moved options


def test_compare_two_options_follows_the_picks_and_the_weights(shipped, report, tmp_path):
    """Pick two options and a pair other than the defaults, edit a swing point, let
    LibreOffice recalculate: each criterion's weighted values and their difference equal
    the engine's contributions under the edited weights, and they add up to the scores'
    difference. The edited file's formulas have no saved values, so LibreOffice made them."""
    from engine.report.compare_sheet import SHEET

    wb = openpyxl.load_workbook(report)
    ws = wb[SHEET]
    a, b = "youth_education_jobs", "intel_based_ops"
    scenario, profile = SCENARIOS[-1], "exfata_residents"
    labels = [r[0] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)]
    pair = next(x for x in labels if x.startswith(shipped.scenario(scenario).name + " x Ex-FATA"))
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Option A")
    ws.cell(header + 1, 1).value = shipped.option(a).name
    ws.cell(header + 1, 2).value = shipped.option(b).name
    ws.cell(header + 1, 3).value = pair
    set_points(wb, profile, "security", 900)
    edited = tmp_path / "picked.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    study = shipped.replace_profiles(engine.load_weights(edited, shipped).values())
    expected = engine.evaluate(study, scenario=scenario, profile=profile)
    ws = computed[SHEET]
    top = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Objective")
    count = len(shipped.criteria) + 1  # and the total
    rows = [[ws.cell(top + k, j).value for j in range(1, 6)] for k in range(1, count + 1)]
    by_name = {shipped.criterion(c).name: c for c in shipped.criteria}
    for _objective, criterion, part_a, part_b, difference in rows[:-1]:
        c = by_name[criterion]
        assert part_a == pytest.approx(expected.loc[a, c], abs=1e-9)
        assert part_b == pytest.approx(expected.loc[b, c], abs=1e-9)
        assert difference == pytest.approx(part_a - part_b, abs=1e-12)
    total = rows[-1]
    assert total[1] == "Score (the sum)"
    assert total[4] == pytest.approx(expected.loc[a, "score"] - expected.loc[b, "score"], abs=1e-9)
    before = engine.evaluate(shipped, scenario=scenario, profile=profile)
    assert abs(before.loc[a, "score"] - expected.loc[a, "score"]) > 1e-3  # the edit mattered


def test_map_places_each_option_by_the_objectives_picked(shipped, report, tmp_path):
    """Pick two objectives and a pair, edit a swing point, recalculate in LibreOffice:
    each option's coordinates are its weighted mean value on each objective's criteria,
    from the engine's contributions under the edited weights. The chart has one labelled
    point per option."""
    import zipfile

    from engine.report.compare_sheet import MAP
    from engine.report.palette import objective_of

    wb = openpyxl.load_workbook(report)
    ws = wb[MAP]
    objectives = list(dict.fromkeys(objective_of(shipped, c) for c in shipped.criteria))
    x, y = objectives[-1], objectives[2]
    scenario, profile = SCENARIOS[-1], "foreign_policy_establishment"
    labels = [r[0] for r in wb["Compare two options"].iter_rows(values_only=True)]
    pair = next(
        v
        for v in labels
        if isinstance(v, str)
        and v.startswith(f"{shipped.scenario(scenario).name} x {shipped.profile(profile).name}")
    )
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Across (x)")
    ws.cell(header + 1, 1).value = shipped.tree.node(x).name
    ws.cell(header + 1, 2).value = shipped.tree.node(y).name
    ws.cell(header + 1, 3).value = pair
    set_points(wb, profile, "security", 700)
    edited = tmp_path / "mapped.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    study = shipped.replace_profiles(engine.load_weights(edited, shipped).values())
    parts = engine.evaluate(study, scenario=scenario, profile=profile)
    weights = study.weights(profile)

    def on(objective, option):
        members = [c for c in shipped.criteria if objective_of(shipped, c) == objective]
        return parts.loc[option, members].sum() / weights[members].sum()

    ws = computed[MAP]
    top = next(r for r in range(1, 80) if ws.cell(r, 1).value == "Option name")
    by_name = {shipped.option(o).name: o for o in shipped.options}
    for k in range(1, len(shipped.options) + 1):
        name, _short, _label, across, up = (ws.cell(top + k, j).value for j in range(1, 6))
        assert across == pytest.approx(on(x, by_name[name]), abs=1e-9)
        assert up == pytest.approx(on(y, by_name[name]), abs=1e-9)
    _only_the_unbeaten_are_named(ws, top, len(shipped.options), 1, 1)
    with zipfile.ZipFile(report) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    mapped = next(c for c in charts if "Each option on the two picked axes" in c)
    assert len(re.findall(r"<(?:c:)?ser>", mapped)) == len(shipped.options)
    # the axis titles show the picks: linked to the two cells a reader picks in
    titles = re.findall(r"<(?:c:)?title>.*?</(?:c:)?title>", mapped, flags=re.S)
    linked = [re.search(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", t) for t in titles]
    picked = {f"'{MAP}'!${get_column_letter(j)}${header + 1}" for j in (1, 2)}
    assert {m.group(1) for m in linked if m} == picked
    assert len(re.findall(r'<(?:c:)?showSerName val="1"', mapped)) == len(shipped.options)


def test_map_shows_benefit_against_cost_for_a_study_with_resources(shipped, report, tmp_path):
    """The shipped study declares a budget: the Map opens on cost across and benefit over
    the baseline up; after a swing-point edit LibreOffice's values equal the portfolio
    benefits (engine.portfolio) under the edited weights and the scenario's costs."""
    from engine.portfolio import study_problems as sp
    from engine.report.compare_sheet import MAP

    wb = openpyxl.load_workbook(report)
    ws = wb[MAP]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Across (x)")
    across, up = ws.cell(header + 1, 1).value, ws.cell(header + 1, 2).value
    assert across.startswith("Cost: ") and up.startswith("Benefit over Business as usual")
    profile, scenario = PROFILES[0], SCENARIOS[0]
    set_points(wb, profile, "security", 800)
    edited = tmp_path / "money.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    study = shipped.replace_profiles(engine.load_weights(edited, shipped).values())
    benefit = sp.benefits(study, scenario, profile)
    cost = dict(zip(sp.measure_ids(study), sp.costs(study, scenario)[0][:, 0], strict=True))
    ws = computed[MAP]
    top = next(r for r in range(1, 80) if ws.cell(r, 1).value == "Option name")
    by_name = {shipped.option(o).name: o for o in shipped.options}
    checked = 0
    for k in range(1, len(shipped.options) + 1):
        option = by_name[ws.cell(top + k, 1).value]
        x, y = ws.cell(top + k, 4).value, ws.cell(top + k, 5).value
        if option == sp.portfolio_of(study).baseline:
            assert (x, y) == (pytest.approx(0.0), pytest.approx(0.0))
            continue
        assert x == pytest.approx(cost[option], abs=1e-9)
        assert y == pytest.approx(benefit[option], abs=1e-9)
        checked += 1
    assert checked == len(shipped.options) - 1
    _only_the_unbeaten_are_named(ws, top, len(shipped.options), -1, 1)  # less cost is better
    before = sp.benefits(shipped, scenario, profile)
    assert (before - benefit).abs().max() > 1e-3  # the edit mattered


def _only_the_unbeaten_are_named(ws, top, count, sx, sy):
    """The Map names (label column, computed by LibreOffice) exactly the options no other
    option beats on both axes (as good on both, better on one; ``sx``/``sy``: +1 where more
    is better, -1 for a cost), found here by brute force; the others are unnamed points."""
    rows = [[ws.cell(top + k, j).value for j in range(1, 6)] for k in range(1, count + 1)]
    points = [(sx * r[3], sy * r[4]) for r in rows]
    unbeaten = {
        r[0]
        for r, (a, b) in zip(rows, points, strict=True)
        if not any(c >= a and d >= b and (c > a or d > b) for c, d in points)
    }
    named = {r[0] for r in rows if str(r[2] or "").strip()}
    assert all(r[2] in (" ", r[1]) for r in rows)  # a label is the short name or blank
    assert named == unbeaten and 1 < len(named) < count


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=1, max_size=12))
def test_the_cached_map_names_are_the_unbeaten_points(points):
    """The names the report caches for the Map (before any recalculation) come from
    ``efficient``: checked against brute force on small grids with ties."""

    from engine.report.compare_sheet import efficient

    x, y = (np.array(v, dtype=float) for v in zip(*points, strict=True))
    expected = [
        not any(c >= a and d >= b and (c > a or d > b) for c, d in points) for a, b in points
    ]
    assert efficient(x, y).tolist() == expected
