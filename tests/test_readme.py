"""The README's quick start holds the two commands CI and a newcomer rely on."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_start_has_the_two_commands_ci_relies_on():
    readme = ROOT.joinpath("README.md").read_text()
    assert "pip install . && policyscore run" in readme
    assert 'pip install ".[test]" && pytest' in readme


def test_ci_runs_the_readme_test_command():
    ci = ROOT.joinpath(".ci", "run").read_text()
    assert "\npytest" in ci and 'pip install --quiet ".[test]"' in ci
