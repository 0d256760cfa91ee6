"""The hostile-input corpus (tests/corpus.py): every case gets its expected issue code and
location, within 5 s and 400 MB, and no input file is ever written."""

from __future__ import annotations

import hashlib
import time
import tracemalloc
from pathlib import Path

import pytest
from corpus import Case, all_cases

import engine
from engine.cli import EXIT_INPUT, main

SECONDS, MEGABYTES = 5.0, 400
CASES = all_cases()


def digests(path: Path) -> dict[str, str]:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def load(case: Case, path: Path):
    if case.loader == "weights":
        study = engine.load_study(path.parent / "study")
        return engine.load_weights(path, study)
    return engine.load_study(path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gets_its_expected_outcome_within_bounds(case: Case, tmp_path):
    path = case.build(tmp_path)
    before = digests(path)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        load(case, path)
        issues = None
    except engine.InputError as exc:
        issues = exc.issues
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert peak < MEGABYTES * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    assert digests(path) == before
    if case.code is None:
        assert issues is None, [str(i) for i in issues]
        return
    assert issues is not None, "the input was accepted"
    matching = [i for i in issues if i.code == case.code]
    assert matching, [str(i) for i in issues]
    assert any(_located(i, case.where) for i in matching), [str(i) for i in matching]


def _located(issue, where: dict) -> bool:
    location = issue.location
    for key, value in where.items():
        found = getattr(location, key)
        if key == "file":
            if not str(found).endswith(value):
                return False
        elif found != value:
            return False
    return True


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.code and c.loader == "study"], ids=lambda c: c.name
)
def test_the_cli_prints_located_issues_and_exits_with_the_input_code(case, tmp_path, capsys):
    path = case.build(tmp_path)
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert f"[{case.code}]" in err and "Traceback" not in err


@pytest.mark.parametrize("how", ["same path", "relative path", "symlink", "hard link"])
def test_a_report_target_that_is_an_input_is_refused(how, mini_study_path, tmp_path, monkeypatch):
    from engine.cli import EXIT_OUTPUT

    source = mini_study_path / "scenarios" / "options.yaml"
    before = digests(mini_study_path)
    if how == "same path":
        target = source
    elif how == "relative path":
        monkeypatch.chdir(mini_study_path)
        target = Path("criteria") / ".." / "scenarios" / "options.yaml"
    elif how == "symlink":
        target = tmp_path / "link.xlsx"
        target.symlink_to(source)
    else:
        target = tmp_path / "hard.xlsx"
        target.hardlink_to(source)
    assert main(["run", str(mini_study_path), "--out", str(target), "--quiet"]) == EXIT_OUTPUT
    assert digests(mini_study_path) == before
    assert not list(tmp_path.glob(".~policyscore-*"))
