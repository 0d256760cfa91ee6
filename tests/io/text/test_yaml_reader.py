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


@pytest.mark.parametrize("spelling", ["[" + "1, " * 3000 + "1]", "\n" + "  - 1\n" * 3000])
def test_a_file_with_too_many_values_is_refused_as_it_is_read(
    tmp_path, mini_files, monkeypatch, spelling
):
    """The mechanism behind the 20 MB cases of benchmarks/hostile_inputs.py, at a small
    limit: reading stops at the limit, with a located error."""
    from engine.io.text import yaml_reader

    monkeypatch.setattr(yaml_reader, "MAX_NODES", 1000)
    root = write_study(tmp_path / "s", mini_files)
    (root / OPTIONS).write_text("format_version: 1\noptions: " + spelling + "\n")
    issue = _single(root)
    assert issue.code == "limit-exceeded" and issue.location.file == OPTIONS
    assert issue.location.line is not None


def test_a_toml_file_with_too_many_values_is_refused_before_parsing(tmp_path, monkeypatch):
    from conftest import minimal_study

    from engine.io.text import toml_reader

    monkeypatch.setattr(toml_reader, "MAX_NODES", 1000)
    files = minimal_study()
    del files["scenarios/options.yaml"]
    files["scenarios/options.toml"] = "format_version = 1\noptions = [" + "1, " * 3000 + "1]\n"
    issue = _single(write_study(tmp_path / "s", files))
    assert issue.code == "limit-exceeded" and issue.location.file == "scenarios/options.toml"


def _single(root):
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(root)
    [issue] = caught.value.issues
    return issue


def test_every_list_item_keeps_its_own_line_and_column(tmp_path):
    """Scalar items' positions are packed per list; mixed lists keep containers' own."""
    from engine.io.text.yaml_reader import read_yaml

    path = tmp_path / "f.yaml"
    path.write_text("block:\n  - a\n  - {k: 1}\n  - c\nflow: [x, [y], z]\n", encoding="utf-8")
    document, issues = read_yaml(path, "f.yaml")
    assert not issues and document.data == {
        "block": ["a", {"k": 1}, "c"],
        "flow": ["x", ["y"], "z"],
    }
    where = {
        p: (document.location(p).line, document.location(p).column)
        for p in [
            ("block", 0),
            ("block", 1),
            ("block", 2),
            ("flow", 0),
            ("flow", 1),
            ("flow", 2),
            ("block", 1, "k"),
            ("flow", 1, 0),
        ]
    }
    assert where == {
        ("block", 0): (2, 5),
        ("block", 1): (3, 5),
        ("block", 2): (4, 5),
        ("flow", 0): (5, 8),
        ("flow", 1): (5, 11),
        ("flow", 2): (5, 16),
        ("block", 1, "k"): (3, 6),
        ("flow", 1, 0): (5, 12),
    }
    assert document.location(("block", 7)).line == 1  # no such item: the list's key
