"""Binding constraints found by group testing (issue 28, class 1): the same answer as
removing each constraint alone, in far fewer programs when few constraints bind."""

import numpy as np
import pytest
from cost_study import cost_study

import engine
from engine.portfolio import binding
from engine.portfolio import study_problems as sp
from engine.portfolio.solver import best_package


def _random_constraints(rng: np.random.Generator, measures: int, count: int) -> list[dict]:
    """Exclusive pairs, at-most counts over three measures and acyclic prerequisites
    (a measure may need one declared before it), some declared more than once."""
    made = []
    for n in range(count):
        a, b, c = rng.choice(measures, 3, replace=False)
        kind = rng.choice(["exclusive", "at_most", "requires"])
        entry = {"id": f"c{n}", "kind": str(kind)}
        if kind == "exclusive":
            entry["options"] = [f"m{a}", f"m{b}"]
        elif kind == "at_most":
            entry |= {"options": [f"m{a}", f"m{b}", f"m{c}"], "count": int(rng.integers(1, 3))}
        else:
            entry |= {"options": [f"m{max(a, b)}"], "requires": [f"m{min(a, b)}"]}
        made.append(entry)
        if rng.random() < 0.3:  # the same rule twice: neither copy binds alone
            made.append(entry | {"id": f"c{n}_again"})
    return made


def _one_by_one(study, pair) -> list[str]:
    """The definition: a constraint binds when the best value rises as it alone is left out."""
    value = best_package(sp.problem(study, *pair)).value
    return [
        binding.constraint_words(study, c)
        for c in sp.portfolio_of(study).constraints
        if best_package(sp.problem(study, *pair, drop=c.id)).value > value + 1e-9
    ]


@pytest.mark.parametrize("seed", range(30))
def test_group_testing_finds_exactly_the_constraints_that_bind_alone(tmp_path, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 20, 10)
    costs = rng.integers(1, 5, 10)
    constraints = _random_constraints(rng, 10, int(rng.integers(1, 12)))
    root = cost_study(tmp_path, 10, lambda k: int(values[k]), lambda k: int(costs[k]), constraints)
    study = engine.load_study(root)
    pair = (study.scenarios[0], study.profiles[0])
    problem = sp.problem(study, *pair)
    value = best_package(problem).value
    found = binding.binding(study, pair, {}, problem, value)
    limit = "the limit on staff"
    assert [w for w in found if w != limit] == _one_by_one(study, pair)


def test_many_constraints_of_which_few_bind_cost_few_programs(tmp_path, monkeypatch):
    """2,000 at-most constraints over 20 pairs of measures, each declared 100 times: no
    copy binds alone, and the group test says so in a handful of programs (one program
    per constraint took 115 s on the 2-core machine)."""
    constraints = [
        {
            "id": f"c{n}",
            "kind": "at_most",
            "options": [f"m{n % 20}", f"m{(n + 1) % 20}"],
            "count": 1,
        }
        for n in range(2000)
    ]
    root = cost_study(tmp_path, 20, lambda k: 1 + (k * 7) % 9, lambda k: 1 + k % 4, constraints)
    study = engine.load_study(root)
    pair = (study.scenarios[0], study.profiles[0])
    problem = sp.problem(study, *pair)
    value = best_package(problem).value
    programs = []
    better = binding._better
    monkeypatch.setattr(binding, "_better", lambda p, v, *d: programs.append(1) or better(p, v, *d))
    found = binding.binding(study, pair, {}, problem, value)
    assert not [w for w in found if "limit" not in w]
    assert 1 <= len(programs) <= 5
    # with one constraint that binds (m7 is worth buying), group testing narrows to it
    lone = [*constraints[:1999], {"id": "lone", "kind": "exclude", "options": ["m7"]}]
    root = cost_study(tmp_path / "lone", 20, lambda k: 1 + (k * 7) % 9, lambda k: 1 + k % 4, lone)
    study = engine.load_study(root)
    problem = sp.problem(study, *pair)
    value = best_package(problem).value
    programs.clear()
    found = binding.binding(study, pair, {}, problem, value)
    words = [w for w in found if "limit" not in w]
    exclusion = binding.constraint_words(study, sp.portfolio_of(study).constraints[-1])
    assert best_package(sp.problem(study, *pair, drop="lone")).value > value + 1e-9
    assert words == [exclusion]
    assert len(programs) <= 2 * 11 + 2  # about 2 log2(2000) programs, not 2,000
