"""Property-based fuzzing of the readers: whatever the bytes, only the engine's own
InputError may escape (never a traceback from PyYAML, openpyxl, zipfile or pydantic)."""

from __future__ import annotations

import copy
import datetime
import math

import openpyxl
import pytest
from conftest import digests, minimal_study, write_study
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

import engine
from engine.io.workbooks.weights_template import write_weights_template

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A valid study folder and its weights workbook, built once."""
    folder = tmp_path_factory.mktemp("fuzz")
    root = write_study(folder / "study", copy.deepcopy(minimal_study()))
    study = engine.load_study(root)
    workbook = folder / "weights.xlsx"
    write_weights_template(study, workbook)
    BASE_DIGESTS.update(digests(folder))
    return root, study, workbook


BASE_DIGESTS: dict[str, str] = {}


def only_input_errors(action) -> object:
    try:
        return action()
    except engine.InputError as exc:
        assert exc.issues, "an InputError always lists its issues"
        assert all(str(i) for i in exc.issues)
        return None


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_a_yaml_file(tmp_path_factory, text):
    target = tmp_path_factory.mktemp("yaml")
    copy_root = write_study(target, copy.deepcopy(minimal_study()))
    (copy_root / "scenarios" / "options.yaml").write_text(text, encoding="utf-8")
    only_input_errors(lambda: engine.load_study(copy_root))


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(min_value=datetime.datetime(1950, 1, 1)),
)


@FUZZ
@given(CELL_VALUES)
def test_any_cell_value_as_swing_points(base, tmp_path_factory, value):
    _, study, workbook = base
    wb = openpyxl.load_workbook(workbook)
    try:
        wb["Weights"]["E7"] = value
    except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values
        return
    target = tmp_path_factory.mktemp("cell") / "w.xlsx"
    wb.save(target)
    profiles = only_input_errors(lambda: engine.load_weights(target, study))
    node = wb["Weights"]["A7"].value
    if profiles is not None:
        points = profiles[wb["Weights"]["E3"].value].weights[node]
        assert isinstance(value, (int, float)) and not isinstance(value, bool)
        assert math.isfinite(value) and points == pytest.approx(float(value)) and points >= 0


def mutate(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, byte in flips:
        out[position % len(out)] = byte
    return bytes(out)


FLIPS = st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=8)


@FUZZ
@given(FLIPS)
def test_byte_mutations_of_a_workbook(base, tmp_path_factory, flips):
    _, study, workbook = base
    target = tmp_path_factory.mktemp("bytes") / "w.xlsx"
    target.write_bytes(mutate(workbook.read_bytes(), flips))
    only_input_errors(lambda: engine.load_weights(target, study))


@FUZZ
@given(FLIPS)
def test_byte_mutations_of_a_yaml_file(tmp_path_factory, flips):
    target = write_study(tmp_path_factory.mktemp("ybytes"), copy.deepcopy(minimal_study()))
    path = target / "criteria" / "value_tree.yaml"
    path.write_bytes(mutate(path.read_bytes(), flips))
    only_input_errors(lambda: engine.load_study(target))


def test_reading_workbooks_is_refused_without_defusedxml(base, monkeypatch, capsys):
    import openpyxl.xml

    root, _, workbook = base
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    from engine.cli import EXIT_INPUT, main

    assert main(["run", str(root), "--weights", str(workbook), "--out", "x.xlsx"]) == EXIT_INPUT
    assert "defusedxml" in capsys.readouterr().err


@FUZZ
@given(FLIPS)
def test_byte_mutations_of_a_study_workbook(tmp_path_factory, flips):
    from engine.io.text.study_folder import read_folder
    from engine.io.workbooks.study_workbook_writer import write_study_workbook

    folder = tmp_path_factory.mktemp("sbytes")
    source = write_study(folder / "study", copy.deepcopy(minimal_study()))
    target = folder / "study.xlsx"
    write_study_workbook(read_folder(source), target)
    target.write_bytes(mutate(target.read_bytes(), flips))
    only_input_errors(lambda: engine.load_study(target))


def test_fuzz_inputs_are_not_modified(base):
    """Runs last in this module: the study and workbook every fuzz test read are unchanged."""
    root, _, workbook = base
    assert BASE_DIGESTS, "the base inputs were hashed when built"
    assert digests(root.parent) == BASE_DIGESTS
    assert (
        str(workbook) in BASE_DIGESTS and str(root / "criteria" / "value_tree.yaml") in BASE_DIGESTS
    )
