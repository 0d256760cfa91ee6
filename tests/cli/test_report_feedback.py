"""The planner's loop closes on real reports (issue 27, item 1): a fresh report of the
shipped study, and of a generated study larger than it, feeds back through
``run --weights``, ``compare`` and ``combine``; only the sheets a command reads count
toward the workbook limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from generated_study import generated_records

from engine.cli import main
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.weights_reader import load_weights
from engine.io.workbooks.workbook_files import sheet_parts
from engine.io.workbooks.workbook_parts import MAX_CELLS, count_part

REPO = Path(__file__).resolve().parents[2]


def report_cells(path: Path) -> int:
    """Filled cells of every sheet of a workbook (what the old whole-workbook bound counted)."""
    with zipfile.ZipFile(path) as package:
        return sum(
            count_part(package, part).counts.get("cells", 0) for part in sheet_parts(package)
        )


@pytest.fixture(scope="module")
def studies(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """(study, fresh report) of the shipped study and of a generated 60 x 30 study."""
    folder = tmp_path_factory.mktemp("feedback")
    generated = folder / "generated"
    write_study_folder(generated_records(60, 30), generated)
    found = {}
    for name, study in (("shipped", REPO), ("generated", generated)):
        report = folder / f"{name}-report.xlsx"
        assert main(["run", str(study), "--quiet", "--out", str(report)]) == 0
        found[name] = (study, report)
    return found


@pytest.mark.parametrize("name", ["shipped", "generated"])
def test_a_fresh_report_is_larger_than_the_old_whole_workbook_bound(studies, name):
    """The precondition of the tests below: the report holds more cells than a workbook
    was allowed in all (so they would fail under the old bound)."""
    assert report_cells(studies[name][1]) > MAX_CELLS


@pytest.mark.parametrize("name", ["shipped", "generated"])
def test_run_with_a_reports_weights_reproduces_its_weights(studies, name, tmp_path, capsys):
    study, report = studies[name]
    again = tmp_path / "again.xlsx"
    code = main(["run", str(study), "--quiet", "--no-portfolio", "--weights", str(report)])
    code = code or main(
        ["run", str(study), "--quiet", "--weights", str(report), "--out", str(again)]
    )
    assert code == 0, capsys.readouterr().err
    first, second = load_weights(report), load_weights(again)
    assert first.keys() == second.keys() and len(first) >= 3
    for profile_id, profile in first.items():
        assert profile.weights == pytest.approx(second[profile_id].weights, abs=1e-12)


@pytest.mark.parametrize("name", ["shipped", "generated"])
def test_compare_and_combine_read_reports(studies, name, tmp_path, capsys, monkeypatch):
    study, report = studies[name]
    monkeypatch.chdir(tmp_path)
    twin = tmp_path / "twin.xlsx"
    twin.write_bytes(report.read_bytes())
    compared = tmp_path / "compared.xlsx"
    code = main(["compare", str(report), str(twin), "--study", str(study), "--out", str(compared)])
    assert code == 0, capsys.readouterr().err
    assert compared.exists()
    group = tmp_path / "group.xlsx"
    code = main(["combine", str(report), str(twin), "--study", str(study), "--out", str(group)])
    assert code == 0, capsys.readouterr().err
    assert len(load_weights(group)) >= len(load_weights(report))


def test_a_report_given_as_the_study_says_to_use_weights(studies, capsys):
    report = studies["shipped"][1]
    assert main(["validate", str(report)]) != 0
    err = capsys.readouterr().err
    assert "a policyscore report" in err and "--weights" in err
    assert err.count("error [") == 1
