"""Portfolio solver figures (issue 14): one optimum, a whole frontier, the inclusion frequency.

Run:  python benchmarks/portfolio_speed.py [SAMPLES] [--inclusion-only] [--full-frontier]

1. One optimum of a random problem of 200 measures x 5 resources with 20 exclusive
   groups and 20 prerequisites (target <= 1 s).
2. Its default frontier for the first resource: the optimum at the limit, the convex
   hull and every package within 10 % of the limit (issue 25: target <= 10 s), in this
   process and over a pool of as many processes as the machine has cores.
3. With ``--full-frontier``: its whole frontier, every package (issue 25: target <= 120 s
   on the 2-core project machine), its budget intervals over that pool, and how many
   packages came from the exact list-merging shortcut without a program.
3. The inclusion frequency of the shipped study with SAMPLES samples (default 2,000, spread
   over every scenario and profile as ``policyscore portfolio`` does), and how its samples
   were decided; where they were enumerated, one HiGHS program per sample for 100 samples
   of each scenario side by side, extrapolated, with the same package values checked.

Imports this checkout's engine (not an installed copy).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's engine

import engine
from engine.executor import cores, executor_for
from engine.portfolio.analysis import PortfolioSettings
from engine.portfolio.frontier import frontier
from engine.portfolio.inclusion import best_packages, per_sample
from engine.portfolio.pareto_dp import relaxed_frontier
from engine.portfolio.problem import make_problem
from engine.portfolio.scenario_samples import sample_chunks, spread
from engine.portfolio.solver import best_package
from engine.portfolio.study_problems import problem as study_problem


def large_problem():
    rng = np.random.default_rng(14)
    m, r = 200, 5
    costs = rng.integers(1, 30, (m, r)).astype(float)
    order = rng.permutation(m)
    return make_problem(
        rng.uniform(0, 20, m),
        costs,
        costs.sum(axis=0) * 0.3,
        exclusive=[list(order[3 * k : 3 * k + 3]) for k in range(20)],
        requires=[(int(order[60 + 2 * k]), int(order[61 + 2 * k])) for k in range(20)],
    )


def main() -> None:
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    samples = int(numbers[0]) if numbers else 2_000
    if "--inclusion-only" not in sys.argv:
        solve_large()
    if "--full-frontier" in sys.argv:
        full_frontier()
    inclusion_figures(samples)


def full_frontier() -> None:
    """The whole frontier of the 200 x 5 problem over a process pool, and how much of it
    the shortcut (the relaxed Pareto set's feasible packages) gave without a program."""
    problem = large_problem()
    workers = cores()
    limits = problem.limits.copy()
    limits[0] = np.inf
    free = problem.with_limits(limits)
    total = float(problem.costs[:, 0].sum())
    relaxed = relaxed_frontier(free, 0, total, 1e-7 * total)
    from_merge = int(free.feasible(relaxed.packages).sum()) if relaxed is not None else 0
    start = time.perf_counter()
    points = frontier(problem, 0, whole=True, executor=executor_for(workers))
    seconds = time.perf_counter() - start
    print(
        f"its full frontier: {len(points.packages)} packages in {seconds:.1f} s over {workers} "
        f"process(es) (target 120 s on 2 cores); {from_merge} of them from the list-merging "
        "shortcut, the rest by one program each over budget intervals"
    )


def solve_large() -> None:
    problem = large_problem()
    start = time.perf_counter()
    package = best_package(problem)
    seconds = time.perf_counter() - start
    print(
        f"one optimum, 200 x 5, 20 groups, 20 prerequisites: {seconds:.2f} s (target 1 s), "
        f"{package.status}"
    )
    at = (float(problem.limits[0]),)
    for workers in (1, cores()):
        start = time.perf_counter()
        points = frontier(problem, 0, at=at, executor=executor_for(workers))
        seconds = time.perf_counter() - start
        print(
            f"its default frontier (optimum at the limit + convex hull + every package within "
            f"10 % of the limit): {len(points.packages)} packages in {seconds:.1f} s over "
            f"{workers} process(es) (target 10 s)"
        )


def inclusion_figures(samples: int) -> None:
    """The study's inclusion frequency (SAMPLES spread over every scenario and profile, as
    ``policyscore portfolio`` does), and how its samples were decided. Where they are
    additive and enumerated, one program per sample for up to 100 samples of each scenario is
    timed beside it, extrapolated to SAMPLES, and the package values compared."""
    study = engine.load_study(".")
    settings = PortfolioSettings(samples=samples, seed=1)
    counts = spread(samples, len(study.scenarios))
    drawn, seconds, method = {}, 0.0, ""
    for scenario, count in zip(study.scenarios, counts, strict=True):
        nominal = study_problem(study, scenario, study.profiles[0])
        start, decided = time.perf_counter(), []
        for found in sample_chunks(study, scenario, study.profiles, settings, count):
            fast, ok, method = best_packages(nominal, found.benefits, found.costs, found.outcomes)
            decided.append((found, fast, ok))
        seconds += time.perf_counter() - start
        drawn[scenario] = (nominal, *decided[0])  # its first chunk: one profile's samples
    print(
        f"inclusion frequency of the shipped study, {samples:,} samples over "
        f"{len(study.scenarios)} scenarios x {len(study.profiles)} profiles: {seconds:.1f} s "
        f"by {method} ({1000 * seconds / samples:.1f} ms a sample)"
    )
    if method != "enumeration":
        return
    timed, per_program, same = 0, 0.0, True
    for nominal, found, fast, ok in drawn.values():
        start = time.perf_counter()
        slow, ok_slow = per_sample(nominal, found.benefits[:100], found.costs[:100])
        per_program += time.perf_counter() - start
        timed += len(slow)
        same &= bool((ok[: len(slow)] == ok_slow).all())
        for s in range(len(slow)):
            sample = nominal.with_benefit(found.benefits[s])
            same &= abs(sample.value(fast[s]) - sample.value(slow[s])) < 1e-9
    per_program *= samples / timed
    print(
        f"  one program per sample: {per_program:.1f} s ({timed} timed, extrapolated) -> "
        f"{per_program / seconds:.1f}x slower; same values on those: {same}"
    )


if __name__ == "__main__":
    main()
