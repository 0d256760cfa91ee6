"""The judgments that decide the recommended package (issue 23, part 5), against brute
force: every trial's study written to files and loaded afresh, every package enumerated
and its largest regret over the pairs computed; the recommended package is replaced
exactly when some package's largest regret falls below its own."""

import copy

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import minimal_study, write_study
from portfolio_cases import all_packages, case_of, feasible

import engine
from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import PortfolioSettings, analyse_portfolio
from engine.portfolio.package_judgments import package_judgments

MEASURES = 6


def _files(rng: np.random.Generator) -> dict:
    """A baseline and six measures on three criteria (one with a concave value function,
    one of cost direction), two scenarios (the second overrides some cells), two
    profiles, one resource, delivery likelihoods on some measures."""
    files = copy.deepcopy(minimal_study())
    ids = ["bau"] + [f"m{k}" for k in range(MEASURES)]
    options = []
    for k, o in enumerate(ids):
        record = {"id": o, "name": f"Option {o}", "category": "kinetic"}
        if k and rng.random() < 0.5:
            p = float(rng.uniform(0.4, 0.9))
            record["delivery"] = {"value": p, "low": p - 0.1, "high": min(p + 0.1, 1.0)}
        options.append(record)
    files["scenarios/options.yaml"]["options"] = options

    def cell(low, high):
        v = float(rng.uniform(low, high))
        width = float(rng.uniform(0.2, 2.0)) * (high - low) / 10
        return {"value": v, "low": max(v - width, 0), "high": v + width, "rationale": "r"}

    table = {}
    for o in ids:
        table[o] = {
            "crit_x": cell(2, 8),
            "crit_y": cell(20, 80),
            "crit_z": cell(2, 8),
        }
        for row in table[o].values():
            row["high"] = min(row["high"], 10 if row["value"] <= 10 else 100)
    files["scenarios/base.yaml"]["performance"] = table
    files["scenarios/base.yaml"]["costs"] = {
        f"m{k}": {"money": {"value": float(rng.integers(1, 6))}} for k in range(MEASURES)
    }
    files["scenarios/derived.yaml"]["performance"] = {
        f"m{k}": {"crit_x": cell(2, 8)} for k in range(0, MEASURES, 2)
    }
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "bau",
        "resources": [{"id": "money", "name": "Money", "limit": 9}],
        "constraints": [{"id": "one", "kind": "exclusive", "options": ["m0", "m1"]}],
    }
    return files


def _largest_regrets(study) -> tuple[np.ndarray, np.ndarray]:
    """Every package (rows of all_packages) and its largest regret over the pairs (inf
    where some pair cannot hold it), by enumeration."""
    x = all_packages(MEASURES)
    regrets = np.full(len(x), -np.inf)
    for scenario in study.scenarios:
        for profile in study.profiles:
            problem = sp.problem(study, scenario, profile)
            case = case_of(problem)
            ok = feasible(x, case)
            values = np.where(ok, problem.values(x), -np.inf)
            regrets = np.maximum(regrets, values.max() - values)
    return x, regrets


def _changed_files(files: dict, trial) -> dict:
    """The study files with one judgment at its tried value, in the file that states it."""
    changed = copy.deepcopy(files)
    if trial.criterion is None:
        for record in changed["scenarios/options.yaml"]["options"]:
            if record["id"] == trial.option:
                record["delivery"]["value"] = trial.tried
                record["delivery"].pop("low"), record["delivery"].pop("high")
        return changed
    name = f"scenarios/{trial.scenario}.yaml"
    row = changed[name]["performance"][trial.option][trial.criterion]
    row["value"] = trial.tried
    row.pop("low", None), row.pop("high", None)
    return changed


def _text(value) -> str | None:
    return None if pd.isna(value) else value


@pytest.mark.parametrize("seed", range(6))
def test_deciding_judgments_equal_brute_force(tmp_path, seed):
    from engine.portfolio import package_judgments as module

    rng = np.random.default_rng(seed)
    files = _files(rng)
    study = engine.load_study(write_study(tmp_path / "study", files))
    found = analyse_portfolio(study, study.scenarios, study.profiles, PortfolioSettings(samples=10))
    recommended = found.robust[1].package.selected
    judged = package_judgments(study, found)
    assert judged.checked == judged.trials
    deciding = {
        (_text(r.scenario), r.option, _text(r.criterion), round(r.tried, 9))
        for r in judged.table.itertuples()
    }
    x = all_packages(MEASURES)
    row = int(np.flatnonzero((x == recommended).all(axis=1))[0])
    changes = 0
    for k, trial in enumerate(module._trials(study)):
        changed = engine.load_study(write_study(tmp_path / f"t{k}", _changed_files(files, trial)))
        _, regrets = _largest_regrets(changed)
        mine, least = regrets[row], regrets.min()
        if abs(mine - least) < 1e-7 and mine != least:
            continue  # a tie within rounding: either answer is right
        key = (trial.scenario, trial.option, trial.criterion, round(trial.tried, 9))
        assert (key in deciding) == (least < mine - 1e-9), key
        changes += least < mine - 1e-9
    assert changes == len(deciding)
    SEEN.append((changes, judged.trials))


SEEN: list[tuple[int, int]] = []


def test_the_brute_force_cases_hold_both_answers():
    """Across the seeds above, some trials change the package and some do not."""
    assert len(SEEN) == 6
    assert sum(c for c, _ in SEEN) > 0
    assert sum(t - c for c, t in SEEN) > 0


def test_a_time_limit_stops_the_trials_and_says_so():
    study = engine.load_study(".")
    settings = PortfolioSettings(samples=10, time_limit=8.0, judgments=True)
    found = analyse_portfolio(study, study.scenarios[:2], study.profiles[:2], settings)
    judged = found.judgments
    assert judged is not None and 0 < judged.checked < judged.trials
    assert any("deciding judgments after" in s for s in found.stopped)


def test_trials_are_each_judgment_at_its_range_ends_and_a_fifth_of_its_scale(tmp_path):
    from engine.portfolio import package_judgments as module

    files = _files(np.random.default_rng(5))
    study = engine.load_study(write_study(tmp_path / "study", files))
    trials = list(module._trials(study))
    cells = {(t.scenario, t.option, t.criterion) for t in trials if t.criterion}
    # every measure's and the baseline's cell in base, and the three derived overrides
    assert len(cells) == (MEASURES + 1) * 3 + 3
    for t in trials:
        if t.criterion is None:
            ends = (0.0, 1.0)
        else:
            scale = study.criterion(t.criterion).scale
            ends = (scale.min, scale.max)
        step = 0.2 * (ends[1] - ends[0])
        expected = (
            {t.low, t.high}
            if t.within == "stated range"
            else {
                min(max(t.value - step, ends[0]), ends[1]),
                min(max(t.value + step, ends[0]), ends[1]),
            }
        )
        assert t.tried in expected and t.tried != t.value
    data = yaml.safe_load(yaml.safe_dump(files["scenarios/options.yaml"]))
    declared = [o["id"] for o in data["options"] if "delivery" in o]
    assert {t.option for t in trials if t.criterion is None} == set(declared)


def test_a_fifth_of_the_scale_counts_only_judgments_not_deciding_within_their_range():
    """The Summary says 'N within their stated range and M more at a fifth of their scale':
    a judgment deciding at both counts once, within its range."""
    from engine.portfolio.package_judgments import COLUMNS, PackageJudgments

    def row(scenario, option, criterion, within):
        return [scenario, option, criterion, 5, 4, 6, 7, within, False, "", ""]

    rows = [
        row("s0", "a", "c", "stated range"),
        row("s0", "a", "c", "a fifth of the scale"),
        row("s0", "b", "c", "a fifth of the scale"),
        row(None, "d", None, "stated range"),  # a delivery likelihood
        row(None, "d", None, "a fifth of the scale"),
        row(None, "e", None, "a fifth of the scale"),
    ]
    judged = PackageJudgments(pd.DataFrame(rows, columns=COLUMNS), 6, 6, 4)
    assert list(judged.deciding("stated range")["option"]) == ["a", "d"]
    assert list(judged.deciding("a fifth of the scale")["option"]) == ["b", "e"]
