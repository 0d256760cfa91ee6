"""TOML study files read into the same records as their YAML twins, located by line."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import minimal_study, write_study
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.io.text.study_folder import read_folder
from engine.io.text.toml_reader import read_toml


def inline(value) -> str:
    """A TOML value written inline (strings as JSON strings, which TOML accepts)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value)


def _key(key) -> str:
    return json.dumps(str(key))


def as_toml(data: dict) -> str:
    return "".join(f"{_key(k)} = {inline(v)}\n" for k, v in data.items())


def test_a_study_written_in_toml_reads_as_its_yaml_twin(tmp_path):
    files = copy.deepcopy(minimal_study())
    yaml_root = write_study(tmp_path / "yaml", files)
    toml_root = tmp_path / "toml"
    for name, data in files.items():
        path = toml_root / name.replace(".yaml", ".toml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(as_toml(data), encoding="utf-8")
    a, b = read_folder(yaml_root), read_folder(toml_root)
    assert not b.issues
    for part in ("info", "nodes", "options", "sources", "profiles"):
        assert getattr(a, part) == getattr(b, part), part
    assert sorted(a.scenarios, key=lambda s: s.id) == sorted(b.scenarios, key=lambda s: s.id)
    study = engine.load_study(toml_root)
    assert all(i.path.endswith(".toml") for i in study.inputs)


def test_keys_are_located_by_line(tmp_path):
    path = tmp_path / "options.toml"
    path.write_text(
        'format_version = 1\n\n[[options]]\nid = "a"\nname = "A"\n\n[[options]]\nid = "b"\n'
        'name = "B"\n',
        encoding="utf-8",
    )
    document, issues = read_toml(path, "options.toml")
    assert not issues
    assert document.location(("options", 1, "name")).line == 9
    assert document.location(("options", 0, "id")).line == 4
    assert document.location(("format_version",)).line == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_as_a_toml_file_gives_only_input_errors(tmp_path_factory, text):
    root = write_study(tmp_path_factory.mktemp("toml"), copy.deepcopy(minimal_study()))
    (root / "scenarios" / "options.yaml").unlink()
    (root / "scenarios" / "options.toml").write_text(text, encoding="utf-8")
    try:
        engine.load_study(root)
    except engine.InputError as exc:
        assert exc.issues


@pytest.mark.parametrize("text", ["a = 1\na = 2\n", "x = [1, 2", 'v = "unterminated\n'])
def test_syntax_errors_name_the_line(tmp_path, text):
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    document, issues = read_toml(path, "f.toml")
    assert document is None and issues[0].code == "toml-syntax"
    assert issues[0].location.line is not None


def test_keys_are_located_in_tables_dotted_keys_and_arrays(tmp_path):
    """The line index: table headers, dotted and quoted keys, arrays of tables, and inline
    values that fall back to their key's line."""
    path = tmp_path / "s.toml"
    path.write_text(
        "format_version = 1\n"
        'id = "s"\n'
        'performance.opt_b."crit x" = { value = 2 }\n'
        "[performance.opt_a.crit_x]\n"
        "value = 5\n"
        "[performance.opt_a.crit_y]\n"
        'evidence = ["src", "src2"]\n',
        encoding="utf-8",
    )
    document, issues = read_toml(path, "s.toml")
    assert not issues
    line = lambda *p: document.location(p).line  # noqa: E731
    assert line("performance", "opt_b", "crit x", "value") == 3
    assert line("performance", "opt_a", "crit_x", "value") == 5
    assert line("performance", "opt_a", "crit_y") == 6
    assert line("performance", "opt_a", "crit_y", "evidence", 1) == 7
    assert line("id") == 2


def test_whole_number_keys_are_located_and_brackets_in_text_are_not_nesting(tmp_path):
    """Scale anchors are read as numbers yet located by their text key; brackets inside
    strings, multi-line strings and comments do not count towards the nesting limit."""
    deep_text = "[" * 40
    path = tmp_path / "t.toml"
    path.write_text(
        f'note = "{deep_text}"\n'
        f"# {deep_text}\n"
        f"long = '''\n{deep_text}\n'''\n"
        "[scale.anchors]\n"
        '0 = "none"\n'
        '10 = "full"\n',
        encoding="utf-8",
    )
    document, issues = read_toml(path, "t.toml")
    assert not issues
    assert document.data["scale"]["anchors"] == {0: "none", 10: "full"}
    assert document.location(("scale", "anchors", 10)).line == 8
    assert document.location(("scale", "anchors", 0)).line == 7
    assert document.location(("scale", "anchors", 5)).line == 6  # missing: its table's line


def test_nesting_past_the_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 40 + "]" * 40 + "\n", encoding="utf-8")
    document, issues = read_toml(path, "deep.toml")
    assert document is None and [i.code for i in issues] == ["toml-too-deep"]
