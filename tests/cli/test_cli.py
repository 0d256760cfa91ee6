"""The command line as a whole: exit codes, usage errors, help, a path that is not a study."""

from __future__ import annotations

import pytest

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main


def test_unknown_method_is_a_usage_error_listing_valid_methods(mini_study_path, capsys):
    assert main(["run", str(mini_study_path), "--method", "magic"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "invalid choice: 'magic'" in err and "additive" in err and "vikor" in err


def test_a_folder_that_is_not_a_study_gives_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("error [") == 1, err
    assert "[study-not-found]" in err and "no criteria/ and scenarios/" in err
    assert "run in a study folder or pass its path" in err
    assert not (tmp_path / "reports").exists()


def test_a_missing_path_gives_one_message(tmp_path, capsys):
    for path in (tmp_path / "nowhere", tmp_path / "nowhere.xlsx"):
        assert main(["validate", str(path)]) == EXIT_INPUT
        err = capsys.readouterr().err
        assert err.count("error [") == 1, err


def test_every_command_has_help_with_examples_and_defaults(capsys):
    for command in ("run", "sensitivity", "template", "convert", "validate"):
        assert main([command, "--help"]) == EXIT_OK
        out = capsys.readouterr().out
        assert "examples:" in out and f"policyscore {command}" in out
    main(["run", "--help"])
    out = capsys.readouterr().out
    assert "(default: 2000)" in out and "(default: additive)" in out
    assert "{additive,promethee_ii,topsis,vikor,weighted_product}" in out


def test_a_bad_number_is_a_usage_error(mini_study_path, capsys):
    assert main(["run", str(mini_study_path), "--samples", "many"]) == EXIT_USAGE
    assert "invalid int value" in capsys.readouterr().err


def test_an_output_name_the_system_refuses_is_an_output_error(mini_study_path, tmp_path, capsys):
    too_long = tmp_path / ("x" * 300 + ".xlsx")
    assert main(["run", str(mini_study_path), "--out", str(too_long)]) == EXIT_OUTPUT
    assert "File name too long" in capsys.readouterr().err
    assert main(["convert", str(mini_study_path), str(tmp_path / ("y" * 300))]) == EXIT_OUTPUT
    assert [p.name for p in tmp_path.iterdir()] == ["mini"]  # the study, nothing written


def test_sigterm_during_a_write_leaves_no_temporary_file(mini_study_path, tmp_path, monkeypatch):
    """Issue 13, class 14: the signal unwinds the write, whose cleanup then runs."""
    import os
    import signal

    import pytest

    import engine.io.cached_values

    def terminated_half_way(source, target, *args):
        target.write_bytes(b"partial")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(engine.io.cached_values, "fill_cached_values", terminated_half_way)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as exited:
            main(
                ["run", str(mini_study_path), "--no-sensitivity", "--out", str(tmp_path / "r.xlsx")]
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert exited.value.code == 128 + signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["mini"]


def test_template_never_replaces_a_workbook_without_force(mini_study_path, tmp_path, capsys):
    """Issue 27, item 5: a planner's edited workbook is never overwritten silently."""
    target = tmp_path / "weights.xlsx"
    assert main(["template", "weights", str(mini_study_path), "--out", str(target)]) == 0
    edited = target.read_bytes()
    code = main(["template", "weights", str(mini_study_path), "--out", str(target)])
    assert code == EXIT_OUTPUT
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == edited
    assert main(["template", "weights", str(mini_study_path), "--out", str(target), "--force"]) == 0


@pytest.mark.parametrize("command", ["run", "sensitivity", "portfolio", "template", "compare"])
def test_an_out_name_that_is_not_xlsx_is_refused(command, mini_study_path, tmp_path, capsys):
    """``--out x.csv`` would write an .xlsx under a .csv name: refused before any work."""
    target = tmp_path / "report.csv"
    argv = {
        "run": ["run", str(mini_study_path)],
        "sensitivity": ["sensitivity", str(mini_study_path)],
        "portfolio": ["portfolio", str(mini_study_path)],
        "template": ["template", "weights", str(mini_study_path)],
        "compare": ["compare", str(mini_study_path), str(mini_study_path)],
    }[command]
    assert main([*argv, "--out", str(target)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "does not end in .xlsx" in err and "report.xlsx" in err
    assert not target.exists()
