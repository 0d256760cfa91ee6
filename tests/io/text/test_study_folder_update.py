"""``convert WORKBOOK FOLDER`` into an existing study folder updates it in place: comments,
layout and quoting kept, so a study under version control gets a diff of the edits only."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from engine.errors import OutputError
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_update import update_study_folder
from engine.io.workbooks.study_workbook_reader import read_workbook
from engine.io.workbooks.study_workbook_writer import write_study_workbook


def _texts(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.glob("*/*.yaml"))
    }


def _changed_lines(before: dict[str, str], after: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(set(before) | set(after)):
        diff = difflib.unified_diff(
            before.get(name, "").splitlines(), after.get(name, "").splitlines(), n=0
        )
        lines += [d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    return lines


def _convert(*args: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", "convert", *map(str, args)],
        capture_output=True,
        text=True,
    )


def test_an_unedited_workbook_leaves_every_file_byte_for_byte(shipped_study_path, tmp_path):
    before = _texts(shipped_study_path)
    assert sum(t.count("\n#") for t in before.values()) > 10  # the study has comments
    workbook = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(shipped_study_path), workbook)
    update = update_study_folder(read_workbook(workbook), shipped_study_path)
    assert update.changed == update.added == update.removed == []
    assert _texts(shipped_study_path) == before


def test_edits_in_the_workbook_change_only_their_lines(shipped_study_path, tmp_path):
    """Four edits in four sheets: a range, a rationale with quotes, a weight, an option name.
    The folder's diff is exactly those lines, and the folder reads as the workbook does."""
    before = _texts(shipped_study_path)
    workbook, edited = tmp_path / "study.xlsx", tmp_path / "edited.xlsx"
    write_study_workbook(read_folder(shipped_study_path), workbook)
    book = openpyxl.load_workbook(workbook)
    performance = book["Performance"]
    assert performance["F2"].value == 5  # the high end of business as usual's violence
    performance["F2"] = 5.5
    performance["G3"] = "Judgment: edited, with 'single' and \"double\" quotes: # not a comment"
    weights = book["Profile weights"]
    assert weights["C2"].value == 3
    weights["C2"] = 4
    book["Options"]["B3"] = "0E0"  # a name YAML 1.2 would read as a number unless quoted
    book.save(edited)
    result = _convert(edited, shipped_study_path)
    assert result.returncode == 0, result.stderr
    assert "updated in place" in result.stdout and "changed" in result.stdout
    after = _texts(shipped_study_path)
    changed = _changed_lines(before, after)
    assert len(changed) == 8, changed  # four lines out, four in
    assert "security: 4" in "\n".join(changed)  # not 4.0: the file wrote counts as integers
    assert 'name: "0E0"' in "\n".join(changed)  # quoted as the old name was
    assert [t.count("#") for t in before.values()] <= [t.count("#") + 1 for t in after.values()]
    again, expected = read_folder(shipped_study_path), read_workbook(edited)
    assert again.issues == [] and expected.issues == []
    for part in ("options", "scenarios", "profiles", "sources", "nodes", "portfolio"):
        assert getattr(again, part) == getattr(expected, part), part


def test_added_and_removed_records_are_inserted_and_deleted_in_place(shipped_study_path):
    """A scenario dropped, an option added, a source removed: each file keeps its other
    lines; the folder reads back as exactly the new records."""
    records = read_folder(shipped_study_path)
    before = _texts(shipped_study_path)
    dropped = records.scenarios.pop()
    new_option = records.options[1].model_copy(update={"id": "new_measure", "name": "New"})
    records.options.insert(3, new_option)
    cited = set("\n".join(before.values()).split())
    unused = next(s for s in records.sources if sum(s.id in w for w in cited) <= 1)
    records.sources.remove(unused)
    update = update_study_folder(records, shipped_study_path)
    assert update.removed == [f"scenarios/{dropped.id}.yaml"]
    assert set(update.changed) == {"scenarios/options.yaml", "scenarios/sources.yaml"}
    after = _texts(shipped_study_path)
    for name in ("scenarios/options.yaml", "scenarios/sources.yaml"):
        changed = _changed_lines({name: before[name]}, {name: after[name]})
        if name.endswith("options.yaml"):  # only the new option's lines, nothing removed
            assert changed[0] == "+  - id: new_measure" and len(changed) >= 3
            assert all(line.startswith("+") for line in changed)
        else:  # only the source's block, nothing added
            assert changed[0] == f"-  - id: {unused.id}" and len(changed) >= 2
            assert all(line.startswith("-") for line in changed)
    again = read_folder(shipped_study_path)
    assert again.options == records.options
    assert again.sources == records.sources
    assert [s.id for s in again.scenarios] == [s.id for s in records.scenarios]


def test_a_toml_study_folder_is_not_updated_in_place(shipped_study_path):
    (shipped_study_path / "scenarios" / "extra.toml").write_text('id = "x"\n')
    before = _texts(shipped_study_path)
    with pytest.raises(OutputError, match="TOML"):
        update_study_folder(read_folder(shipped_study_path), shipped_study_path)
    assert _texts(shipped_study_path) == before


def test_new_text_that_reads_as_a_number_is_quoted_where_the_old_was_plain():
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    from engine.io.text.study_folder_update import _styled

    assert isinstance(_styled("1e3", "plain old text"), SingleQuotedScalarString)
    assert type(_styled("plain new text", "plain old text")) is str
    assert _styled(4.0, 3) == 4 and isinstance(_styled(4.0, 3), int)
    assert isinstance(_styled(4.0, 3.5), float)


def test_a_folder_written_by_convert_keeps_its_layout_when_updated(shipped_study_path, tmp_path):
    """A folder first written by ``convert`` (long text folded at 100 columns, unlike the
    shipped files): updating it from an edited workbook changes only the edited line, not
    the layout of the rest."""
    from engine.io.text.study_folder_writer import write_study_folder

    folder = tmp_path / "written"
    write_study_folder(read_folder(shipped_study_path), folder)
    before = _texts(folder)
    folded = [line for line in before["scenarios/options.yaml"].splitlines() if line[:5] == " " * 5]
    assert folded  # continuation lines of folded descriptions
    records = read_folder(folder)
    records.options[2] = records.options[2].model_copy(update={"name": "Renamed measure"})
    update = update_study_folder(records, folder)
    assert update.changed == ["scenarios/options.yaml"]
    changed = _changed_lines(before, _texts(folder))
    assert len(changed) == 2 and changed[1].endswith("name: Renamed measure"), changed
    assert read_folder(folder).options == records.options


def test_full_precision_numbers_survive_the_workbook_so_nothing_is_rewritten(tmp_path):
    """A generated study's values carry 17 significant digits (3.2454630008708243); the
    workbook keeps every one, so folder -> workbook -> the same folder changes no file."""
    from generated_study import generated_records

    from engine.io.text.study_folder_writer import write_study_folder

    folder, workbook = tmp_path / "generated", tmp_path / "generated.xlsx"
    write_study_folder(generated_records(8, 5, 2, profiles=2, portfolio=True), folder)
    before = _texts(folder)
    assert any(len(word) >= 18 for text in before.values() for word in text.split())
    write_study_workbook(read_folder(folder), workbook)
    assert read_workbook(workbook).scenarios == read_folder(folder).scenarios
    update = update_study_folder(read_workbook(workbook), folder)
    assert update.changed == [] and _texts(folder) == before
