"""What a package analysis is asked to do: budgets, samples, seed, time limit."""

from __future__ import annotations

from dataclasses import dataclass, field

TIME_LIMIT = 300.0
"""Seconds the package analysis may take by default (the shipped study's takes about 12 s,
the 200-measure benchmark's default frontier about 30 s): an integer program is NP-hard
and a generated 300 x 100 study's first program alone ran past five minutes, so without a
limit a run is not bounded. ``--time-limit`` sets another."""


@dataclass(frozen=True)
class PortfolioSettings:
    """Budgets (resource -> amount) overriding the study's limits, inclusion-frequency samples in
    all (spread over the scenarios), the seed, the Dirichlet concentration around each
    profile and the wall-clock limit of the whole analysis (seconds, default
    :data:`TIME_LIMIT`; None = none: each program gets what is left, and the stages past
    it stop and say so)."""

    budgets: dict[str, float] = field(default_factory=dict)
    samples: int = 2_000
    seed: int = 20250101
    concentration: float = 50.0
    time_limit: float | None = TIME_LIMIT
    frontier: str = "default"
    """'default': the whole frontier where it is small, else the optimum at the limit,
    the supported packages and every package near the limit; 'full': every package
    (:func:`engine.portfolio.frontier.frontier`)."""
    workers: int = 1
    """Processes that decide the inclusion-frequency samples and trace a large frontier's
    parts (1: this process; the results are the same for any number)."""
    scheduler: str | None = None
    """A Dask scheduler's address (``tcp://host:8786``): the pieces run on its cluster
    instead (the same results)."""
    judgments: bool = False
    """Whether to find the judgments that decide the recommended package
    (:mod:`engine.portfolio.package_judgments`; slow: one trial takes up to half a
    second on the shipped study, and it has about 4,500)."""
