"""``policyscore portfolio`` (issue 25): the full frontier over a pool of processes, its
settings checked, and each pair's line printed as soon as it is known on a terminal."""

from __future__ import annotations

import sys

import openpyxl
from conftest import REPO

from engine.cli import main

ARGS = ["portfolio", str(REPO), "--samples", "12", "--scenario", "s0_status_quo"]


def _frontier_rows(path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path)["Frontier"]
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def test_the_full_frontier_in_two_processes_equals_the_default_one(tmp_path, capsys):
    """The shipped study's frontier is small enough to be whole by default; asked for in
    full over two processes it is the same, row for row."""
    default, full = tmp_path / "d.xlsx", tmp_path / "f.xlsx"
    assert main([*ARGS, "--quiet", "--out", str(default)]) == 0
    assert main([*ARGS, "--quiet", "--frontier", "full", "--workers", "2", "--out", str(full)]) == 0
    capsys.readouterr()
    assert _frontier_rows(default) == _frontier_rows(full)
    assert len(_frontier_rows(full)) > 10


def test_bad_workers_are_refused_with_the_other_bad_settings(tmp_path, capsys):
    code = main([*ARGS, "--workers", "0", "--seed", "-1", "--out", str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert code != 0 and "workers-invalid" in err and "seed-invalid" in err
    assert "--workers" in err and "0 processes" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_each_pairs_line_is_printed_as_it_is_found_on_a_terminal(tmp_path, capsys, monkeypatch):
    """On a terminal the header and one line per pair come while the analysis runs (the
    library announces each pair; the command prints it at once), and once only; piped,
    the same lines come after the work, in the same words."""
    printed_during = []
    from engine.cli import output

    original = output.EarlyResults.__call__

    def spy(self, kind, payload):
        original(self, kind, payload)
        if kind == "package":
            printed_during.append(capsys.readouterr().out)

    monkeypatch.setattr(output.EarlyResults, "__call__", spy)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([*ARGS, "--out", str(tmp_path / "t.xlsx")]) == 0
    after = capsys.readouterr().out
    assert printed_during[0].startswith("\nBest package per scenario x profile")
    assert all("Tense status quo x " in text for text in printed_during)
    assert len(printed_during) == 6 and "Best package per scenario" not in after
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    printed_during.clear()
    assert main([*ARGS, "--out", str(tmp_path / "p.xlsx")]) == 0
    piped = capsys.readouterr().out
    assert printed_during == [""] * 6  # announced, not printed
    assert "".join(printed_during) == "" and piped.count("Tense status quo x ") == 6


def test_run_prints_its_table_of_winners_before_the_long_analyses(tmp_path, capsys, monkeypatch):
    """``run`` on a terminal: the table of winners as soon as every pair is ranked (before
    the sensitivity and package analyses), once."""
    from engine.cli import output

    seen = []
    original = output.EarlyResults.__call__

    def spy(self, kind, payload):
        original(self, kind, payload)
        seen.append((kind, capsys.readouterr().out))

    monkeypatch.setattr(output.EarlyResults, "__call__", spy)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    args = ["run", str(REPO), "--no-sensitivity", "--scenario", "s0_status_quo"]
    assert main([*args, "--samples", "50", "--out", str(tmp_path / "r.xlsx")]) == 0
    after = capsys.readouterr().out
    assert seen[0][0] == "ranked" and "Most often first, of 6 pairs" in seen[0][1]
    assert [kind for kind, _ in seen[1:]] == ["package"] * 6  # heard, not printed by run
    assert "Most often first" not in after and "Recommended package" in after


def test_a_partial_frontier_marks_what_each_package_is_in_table_and_chart(tmp_path, capsys):
    """A study of 45 measures (past the size traced whole by default): the Frontier table
    says what each package was found as, and its chart draws the hull, the packages near
    the limit and the chosen one as three series on a value axis."""
    import re
    import zipfile

    from generated_study import generated_records

    from engine.io.text.study_folder_writer import write_study_folder

    study = tmp_path / "study"
    records = generated_records(46, 4, futures=1, profiles=1, groups=2, portfolio=True)
    write_study_folder(records, study)
    out = tmp_path / "p.xlsx"
    assert main(["portfolio", str(study), "--samples", "10", "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    rows = _frontier_rows(out)
    header = next(r for r in rows if r[0] and str(r[0]).startswith("Cost"))
    assert "Found as" in header and "Supported (hull)" in header and "Near the limit" in header
    found_as = [r[header.index("Found as")] for r in rows[rows.index(header) + 1 :]]
    assert found_as and all(text for text in found_as)
    assert any("supported (convex hull)" in text for text in found_as)
    with zipfile.ZipFile(out) as book:
        charts = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/charts/")]
    frontier = next(c for c in charts if "Value against" in c)
    assert len(re.findall(r"<(?:c:)?ser>", frontier)) == 3
    assert re.search(r"<(?:a:)?t>Value</(?:a:)?t>", frontier)  # the value axis's title


def test_the_samples_and_frontier_run_on_a_dask_cluster_with_the_same_results(tmp_path, capsys):
    """``--scheduler``: the inclusion-frequency samples and the frontier's pieces on a Dask
    cluster (one started here, as a planner's would run elsewhere) give the same sheets."""
    import distributed

    here, there = tmp_path / "here.xlsx", tmp_path / "there.xlsx"
    assert main([*ARGS, "--quiet", "--frontier", "full", "--out", str(here)]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        args = [*ARGS, "--quiet", "--frontier", "full", "--scheduler", address]
        assert main([*args, "--out", str(there)]) == 0
    capsys.readouterr()
    assert _frontier_rows(here) == _frontier_rows(there)
    assert _rows(here, "Inclusion frequency") == _rows(there, "Inclusion frequency")


def _rows(path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def test_a_scheduler_that_does_not_answer_is_an_input_error(tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    code = main(
        [*ARGS, "--frontier", "full", "--scheduler", "tcp://127.0.0.1:9", "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 3 and "scheduler-unreachable" in err and not out.exists()
