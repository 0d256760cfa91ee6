"""Writing a study folder never loses a record: scenario files cannot overwrite catalogues."""

from __future__ import annotations

from conftest import REPO

import engine
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_writer import scenario_file_names, write_study_folder
from engine.model import Scenario


def test_scenario_ids_that_name_catalogue_files_get_other_file_names():
    scenarios = [
        Scenario(id=i, name=i)
        for i in ("options", "Sources", "scenario_options", "base", "BASE_2", "base_2")
    ]
    names = scenario_file_names(scenarios)
    assert names[0] != "options.yaml" and names[1].casefold() != "sources.yaml"
    assert len({n.casefold() for n in names}) == len(names)
    assert names[3] == "base.yaml"


def test_a_study_with_scenarios_called_options_and_sources_survives_a_round_trip(
    tmp_path, mini_files
):
    from conftest import write_study

    base = mini_files.pop("scenarios/base.yaml")
    derived = mini_files.pop("scenarios/derived.yaml")
    base["id"], derived["id"], derived["base"] = "options", "sources", "options"
    mini_files["scenarios/a.yaml"], mini_files["scenarios/b.yaml"] = base, derived
    source = engine.load_study(write_study(tmp_path / "src", mini_files))
    written = write_study_folder(read_folder(tmp_path / "src"), tmp_path / "copy")
    assert len(written) == 6  # tree, profiles, options, sources and two scenario files
    again = engine.load_study(tmp_path / "copy")
    assert again.scenarios == source.scenarios == ["options", "sources"]
    assert again.options == source.options
    assert again.performance("sources").equals(source.performance("sources"))


def test_a_failed_write_leaves_nothing_behind(tmp_path, mini_study_path, monkeypatch):
    """A disk that fills up half-way: no partial study folder, no temporary folder."""
    from pathlib import Path

    import pytest

    from engine.errors import OutputError

    records = read_folder(mini_study_path)
    calls = []
    original = Path.write_text

    def fill_up(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", fill_up)
    with pytest.raises(OutputError, match="No space left"):
        write_study_folder(records, tmp_path / "out" / "copy")
    assert len(calls) == 3
    assert list((tmp_path / "out").iterdir()) == []


def test_an_empty_target_folder_is_filled(tmp_path, mini_study_path):
    (tmp_path / "copy").mkdir()
    written = write_study_folder(read_folder(mini_study_path), tmp_path / "copy")
    assert all(path.is_file() for path in written)
    assert engine.load_study(tmp_path / "copy").options == ["opt_a", "opt_b", "opt_c"]


def test_names_that_yaml_1_2_reads_as_numbers_are_quoted_and_read_back_as_text(tmp_path):
    """PyYAML's dumper (YAML 1.1) leaves ``0E0`` or ``1e3`` plain; the reader (YAML 1.2
    core) would take them for numbers. Written by the study writer, they stay names."""
    import yaml

    from engine.io.text.study_folder_writer import StudyDumper
    from engine.io.text.yaml_reader import plain_reads_as_text

    names = ["0E0", "1e3", "-5", "true", "null", ".5", "0x1F", "Plain name", "3 options"]
    text = yaml.dump({"names": names}, Dumper=StudyDumper)
    assert not plain_reads_as_text("0E0") and plain_reads_as_text("0x1F")
    assert "'0E0'" in text and "'1e3'" in text and "Plain name" in text
    source = engine.load_study(REPO)
    options = source.option_records
    renamed = [o.model_copy(update={"name": n}) for o, n in zip(options, names, strict=False)]
    records = read_folder(REPO)
    records.options[: len(renamed)] = renamed
    write_study_folder(records, tmp_path / "copy")
    again = engine.load_study(tmp_path / "copy")
    assert [again.option(o.id).name for o in renamed] == names
