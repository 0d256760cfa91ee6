"""Issues name where they are, what was found and what was expected."""

from engine.errors import InputError, Location, SourceMap, error, format_path, warning


def test_a_location_reads_as_file_sheet_cell_line_and_path():
    assert str(Location("study.xlsx", sheet="Options", cell="B4")) == (
        "study.xlsx, sheet 'Options', cell B4"
    )
    assert str(Location("criteria/profiles.yaml", "profiles[0].weights", 12)) == (
        "criteria/profiles.yaml, line 12, at profiles[0].weights"
    )
    assert str(Location()) == "<input>"


def test_the_message_joins_found_expected_and_hint():
    issue = error("weight-negative", Location("f.yaml"), "weight -3", "zero or more", "fix it")
    assert issue.message == "weight -3; expected zero or more (fix it)"
    assert str(issue) == "f.yaml: error [weight-negative] weight -3; expected zero or more (fix it)"


def test_an_input_error_counts_errors_not_warnings():
    issues = [
        warning("rationale-missing", Location("a"), "no rationale"),
        error("value-missing", Location("b"), "no value"),
        error("weight-missing", Location("c"), "no weight"),
    ]
    text = str(InputError(issues))
    assert text.startswith("2 input error(s): b: error [value-missing]")
    assert "(and 1 more)" in text


def test_the_source_map_falls_back_to_the_nearest_registered_ancestor():
    where = SourceMap()
    where.register_file(("scenario", "s0"), "scenarios/s0.yaml")
    where.add(("scenario", "s0"), ("performance", "opt"), Location("scenarios/s0.yaml", line=7))
    found = where.locate(("scenario", "s0"), ("performance", "opt", "crit", "value"))
    assert found.line == 7 and found.path == "performance.opt.crit.value"
    unknown = where.locate(("scenario", "s0"), ("narrative",))
    assert unknown.file == "scenarios/s0.yaml" and unknown.line is None
    assert format_path(("a", 0, "b")) == "a[0].b"
