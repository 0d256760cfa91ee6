"""Portfolio solver figures (issue 14): one optimum, a whole frontier, the core index.

Run:  python benchmarks/portfolio_speed.py [SAMPLES]

1. One optimum of a random problem of 200 measures x 5 resources with 20 exclusive
   groups and 20 prerequisites (target <= 1 s).
2. Its whole efficient frontier for the first resource (target <= 10 s).
3. The core index of the shipped study's first scenario with SAMPLES samples (default
   10,000; target <= 30 s), and side by side in the same run one HiGHS program per
   sample for the first 500 samples, extrapolated (target: enumeration at least 5x faster).
   Both give the same package values sample for sample (checked on those 500).
"""

from __future__ import annotations

import sys
import time

import numpy as np

import engine
from engine.portfolio.analysis import PortfolioSettings, sample_pairs
from engine.portfolio.core_index import best_packages, per_sample
from engine.portfolio.frontier import frontier
from engine.portfolio.problem import make_problem
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
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    problem = large_problem()
    start = time.perf_counter()
    package = best_package(problem)
    seconds = time.perf_counter() - start
    print(
        f"one optimum, 200 x 5, 20 groups, 20 prerequisites: {seconds:.2f} s (target 1 s), "
        f"{package.status}"
    )
    start = time.perf_counter()
    points = frontier(problem, 0)
    seconds = time.perf_counter() - start
    print(f"its whole frontier: {len(points.packages)} packages in {seconds:.1f} s (target 10 s)")

    study = engine.load_study(".")
    scenario = study.scenarios[0]
    settings = PortfolioSettings(samples=samples, seed=1)
    nominal = study_problem(study, scenario, study.profiles[0])
    start = time.perf_counter()
    benefits, costs = sample_pairs(study, scenario, study.profiles, settings)
    fast, ok, method = best_packages(nominal, benefits, costs)
    enumerated = time.perf_counter() - start
    start = time.perf_counter()
    slow, ok_slow = per_sample(nominal, benefits[:500], costs[:500])
    per_program = (time.perf_counter() - start) / 500 * samples
    same = all(
        abs(
            nominal.with_benefit(benefits[s]).value(fast[s])
            - nominal.with_benefit(benefits[s]).value(slow[s])
        )
        < 1e-9
        for s in range(500)
    ) and bool((ok[:500] == ok_slow).all())
    print(
        f"core index, shipped study ({scenario}), {samples:,} samples: {enumerated:.1f} s by "
        f"{method} (target 30 s); one program per sample: {per_program:.1f} s "
        f"(500 timed, extrapolated) -> {per_program / enumerated:.1f}x faster (target 5x); "
        f"same values on the 500: {same}"
    )


if __name__ == "__main__":
    main()
