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


def test_out_never_replaces_what_is_not_a_regular_file(mini_study_path, tmp_path, capsys):
    """Issue 28, class 7: a pipe, a folder or a symbolic link named by --out is refused and
    left as it is (as root, --out /dev/null used to replace the device); a path too long
    for the system is one message, not an internal error."""
    import os

    from engine.cli import EXIT_INPUT, EXIT_OUTPUT

    pipe, folder, link = tmp_path / "pipe.xlsx", tmp_path / "folder.xlsx", tmp_path / "link.xlsx"
    os.mkfifo(pipe)
    folder.mkdir()
    (tmp_path / "real.xlsx").write_bytes(b"kept")
    link.symlink_to(tmp_path / "real.xlsx")
    for target, said in ((pipe, "not a regular file"), (folder, "a folder"), (link, "link")):
        code = main(
            ["run", str(mini_study_path), "--quiet", "--no-portfolio", "--out", str(target)]
        )
        assert code == EXIT_OUTPUT
        assert said in capsys.readouterr().err
    assert pipe.is_fifo() and folder.is_dir() and link.is_symlink()
    assert (tmp_path / "real.xlsx").read_bytes() == b"kept"
    long = tmp_path / ("x" * 300)
    assert main(["validate", str(long)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "is too long" in err and "internal error" not in err
