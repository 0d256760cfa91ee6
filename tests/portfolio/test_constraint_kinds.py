"""Each constraint kind is described in one place; its parts agree with each other."""

import numpy as np
import pytest
from portfolio_cases import all_packages

from engine.model import CONSTRAINT_KINDS, CONSTRAINT_NEEDS
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.enumeration import bits_of
from engine.portfolio.problem import make_problem
from engine.portfolio.solver import best_package


def test_every_declared_kind_is_described_once():
    """A kind is named, with what its declaration needs, in engine/model.py and described
    in engine/portfolio/constraint_kinds.py."""
    assert tuple(KINDS) == CONSTRAINT_KINDS == tuple(CONSTRAINT_NEEDS)


def test_a_new_kind_described_in_one_place_works_everywhere(monkeypatch):
    """'exactly k of' added to the kinds alone: the solver, the feasibility test and the
    enumeration of candidates all honour it (checked against brute force)."""
    from dataclasses import replace

    from engine.portfolio import constraint_kinds
    from engine.portfolio.enumeration import candidates

    exactly = replace(
        constraint_kinds.AT_MOST,
        name="exactly",
        rows=lambda model, x, e: model.row(x[list(e[0])], 1.0, lower=e[1], upper=e[1]),
        holds=lambda packages, e: packages[:, list(e[0])].sum(axis=1) == e[1],
        holds_codes=lambda codes, e: constraint_kinds._count(codes, e[0]) == e[1],
    )
    monkeypatch.setitem(constraint_kinds.KINDS, "exactly", exactly)
    rng = np.random.default_rng(5)
    benefit = rng.normal(1, 3, 8)
    problem = make_problem(
        benefit, np.ones((8, 1)), [6], constraints=[("exactly", ((0, 2, 4, 6), 3))]
    )
    every = all_packages(8)
    ok = problem.feasible(every)
    assert np.array_equal(ok, (every[:, [0, 2, 4, 6]].sum(axis=1) == 3) & (every.sum(axis=1) <= 6))
    best = best_package(problem)
    assert best.selected[[0, 2, 4, 6]].sum() == 3
    assert best.value == pytest.approx((every[ok] @ benefit).max(), abs=1e-9)
    kept = candidates(problem, benefit[None])
    assert all(bin(int(c) & 0b1010101).count("1") == 3 for c in kept)


def _entries(kind, rng, m):
    members = sorted(rng.choice(m, int(rng.integers(1, m)), replace=False).tolist())
    needs = sorted(set(range(m)) - set(members))[:2]
    return kind.entries(members, needs, int(rng.integers(0, len(members) + 1)))


@pytest.mark.parametrize("name", CONSTRAINT_KINDS)
def test_the_feasibility_tests_agree_and_the_program_meets_them(name):
    """Booleans and bit codes give the same verdict on every package of 7 measures, and
    the best package under the constraint alone is the brute-force best of those it
    allows."""
    kind, rng, m = KINDS[name], np.random.default_rng(CONSTRAINT_KINDS.index(name)), 7
    codes = np.arange(1 << m, dtype=np.int64)
    packages = bits_of(codes, m)
    for _ in range(20):
        entries = _entries(kind, rng, m)
        allowed = np.ones(len(codes), dtype=bool)
        for entry in entries:
            by_bits = kind.holds(packages, entry)
            assert np.array_equal(by_bits, kind.holds_codes(codes, entry))
            allowed &= by_bits
        benefit = rng.normal(0, 3, m)
        problem = make_problem(
            benefit, np.zeros((m, 1)), [np.inf], constraints=[(name, e) for e in entries]
        )
        if not allowed.any():
            continue
        every = all_packages(m)
        ok = problem.feasible(every)
        assert ok.sum() == allowed.sum()
        best = best_package(problem)
        assert problem.feasible(best.selected)[0]
        assert best.value == pytest.approx((every[ok] @ benefit).max(), abs=1e-9)


@pytest.mark.parametrize("name", CONSTRAINT_KINDS)
def test_every_kind_has_words_and_a_live_test(name):
    kind = KINDS[name]
    words = kind.words("A, B", "C", 1)
    assert "A, B" in words
    formula = kind.violated(["INDEX(x,1)", "INDEX(x,2)"], ["INDEX(x,3)"], 1)
    assert "INDEX(x,1)" in formula and formula.count("(") == formula.count(")")
