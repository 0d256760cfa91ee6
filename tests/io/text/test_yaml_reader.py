"""Characters YAML refuses are located by line, and an unreadable file is one issue."""

from __future__ import annotations

import pytest
from conftest import write_study

import engine

OPTIONS = "scenarios/options.yaml"


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        (b"\xef\xbf\xbe", "start"),  # U+FFFE
        (b"\xc2\x86", "start"),  # a C1 control character (NEL, U+0085, is a line break)
        (b"\x00", "late"),  # a NUL past the first 4 kB, which the binary sniffing reads
        (b"\x1b", "start"),
    ],
)
def test_a_refused_character_is_one_located_issue(tmp_path, mini_files, bad, where):
    root = write_study(tmp_path / "s", mini_files)
    path = root / OPTIONS
    text = path.read_bytes()
    padding = b"# " + b"x" * 5000 + b"\n" if where == "late" else b""
    line = text.count(b"\n", 0, 40) + 1 + (1 if padding else 0)
    path.write_bytes(padding + text[:40] + bad + text[40:])
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(root)
    [issue] = caught.value.issues  # no follow-on "no options" or "unknown option" errors
    assert issue.code == "yaml-syntax"
    assert issue.location.file == OPTIONS and issue.location.line == line


@pytest.mark.parametrize(
    "relative", ["criteria/value_tree.yaml", "criteria/profiles.yaml", "scenarios/options.yaml"]
)
def test_an_unreadable_catalogue_is_not_reported_again_as_empty(tmp_path, mini_files, relative):
    root = write_study(tmp_path / "s", mini_files)
    (root / relative).write_text("format_version: 1\n: :\n", encoding="utf-8")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(root)
    assert [i.code for i in caught.value.issues] == ["yaml-syntax"]
