"""The ``policyscore validate`` command."""

from __future__ import annotations

from engine.cli import EXIT_INPUT, EXIT_OK, main


def test_validate_lists_every_issue_with_location_and_exits_non_zero(mini_study_path, capsys):
    profiles = mini_study_path / "criteria/profiles.yaml"
    profiles.write_text(profiles.read_text().replace("crit_x: 100", "crit_x: -100"))
    assert main(["validate", str(mini_study_path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "criteria/profiles.yaml, line" in err and "[weight-negative]" in err
    assert "Traceback" not in err


def test_validate_reports_a_clean_study(mini_study_path, capsys):
    assert main(["validate", str(mini_study_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "no errors" in out
    # the ids --scenario and --profile take, with their names (issue 27, item 7)
    lines = out.splitlines()
    scenarios = lines.index("Scenarios (--scenario):")
    profiles = lines.index("Profiles (--profile):")
    assert [line.split()[0] for line in lines[scenarios + 1 : profiles]] == ["base", "derived"]
    assert [line.split()[0] for line in lines[profiles + 1 :]] == ["equal", "skewed"]
    assert "Skewed" in lines[-1]
