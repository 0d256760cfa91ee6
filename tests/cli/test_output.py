"""What the command line prints: user text can never drive the terminal."""

from __future__ import annotations

from conftest import write_study

from engine.cli import EXIT_OK, main
from engine.cli.output import visible


def test_control_and_bidirectional_characters_are_printed_as_escapes():
    assert visible("ok\x1b[31mred") == "ok\\x1b[31mred"
    assert visible("abc\u202edef") == "abc\\u202edef"
    assert visible("bell\x07 del\x7f c1\x9b") == "bell\\x07 del\\x7f c1\\x9b"
    assert visible("Ümlaut, 中文, emoji 🙂") == "Ümlaut, 中文, emoji 🙂"


def test_option_names_reach_the_terminal_escaped(tmp_path, mini_files, capsys):
    for option in mini_files["scenarios/options.yaml"]["options"]:
        option["name"] += "\x1b[2J\x07 \u0622\u200f"  # escape codes; Urdu with its mark
    root = write_study(tmp_path / "s", mini_files)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(root), "--no-sensitivity", "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out and "\x07" not in printed.out
    assert "\\x1b[2J\\x07 \u0622\u200f" in printed.out  # right-to-left text stays text
