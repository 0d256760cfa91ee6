"""The command line as a whole: exit codes, usage errors, help, a path that is not a study."""

from __future__ import annotations

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main


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
    assert "(default: 10000)" in out and "(default: additive)" in out
    assert "{additive,promethee_ii,topsis,vikor,weighted_product}" in out


def test_a_bad_number_is_a_usage_error(mini_study_path, capsys):
    assert main(["run", str(mini_study_path), "--samples", "many"]) == EXIT_USAGE
    assert "invalid int value" in capsys.readouterr().err
