"""The inclusion-frequency samples of a scenario: drawn per profile from seeded streams and
decided a chunk at a time, so memory does not grow with the number of samples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.executor import Executor
from engine.portfolio import study_problems as sp
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.inclusion import InclusionFrequency, inclusion_frequency
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.sampled import Samples, sampled_outcomes
from engine.portfolio.settings import PortfolioSettings
from engine.progress import Progress, part, tick
from engine.study import Study


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts that differ by at most one."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


CHUNK_CELLS = 2_000_000
"""Sampled performance cells held at once (16 MB of doubles; the samples' outcomes and
packages take a few times that): the inclusion-frequency samples are drawn and decided
in chunks of this many cells, so memory does not grow with ``--samples``."""


def inclusion_by_scenario(
    study: Study,
    scenarios: Sequence[str],
    profiles: Sequence[str],
    settings: PortfolioSettings,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
    executor: Executor | None = None,
) -> dict[str, InclusionFrequency]:
    """Each scenario's inclusion frequency, ``settings.samples`` spread over the
    scenarios. With an executor of several workers the chunks of every scenario are drawn
    here and decided in its processes (each sample is exact: the same shares whatever
    runs them, summed in chunk order); else one chunk after another in this process."""
    total = settings.samples
    counts = spread(total, len(scenarios))
    if executor is None or executor.workers <= 1:
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int)
        return {
            s: scenario_inclusion(
                study,
                s,
                profiles,
                settings,
                count,
                part(progress, int(st), settings.samples),
                deadline,
            )
            for s, count, st in zip(scenarios, counts, starts, strict=True)
        }
    nominal = {s: sp.problem(study, s, profiles[0], settings.budgets) for s in scenarios}
    owners: list[str] = []

    def jobs():
        for s, count in zip(scenarios, counts, strict=True):
            for drawn in sample_chunks(study, s, profiles, settings, count):
                owners.append(s)
                yield nominal[s], drawn, deadline

    found: dict[int, InclusionFrequency] = {}
    for index, result in executor.run(_decide, jobs()):
        found[index] = result
        done = sum(r.samples for r in found.values())
        tick(progress, done, total, "Inclusion frequency", "samples")
    return {
        s: _pooled([found[k] for k in sorted(found) if owners[k] == s], nominal[s].size)
        for s in scenarios
    }


def _decide(job) -> InclusionFrequency:
    """One chunk of samples decided (in a worker process, perhaps)."""
    nominal, drawn, deadline = job
    return inclusion_frequency(nominal, drawn, None, deadline)


def _pooled(parts: list[InclusionFrequency], size: int) -> InclusionFrequency:
    """Chunks' frequencies as one, weighted by their samples, summed in chunk order (a
    chunk the deadline cut counts what it decided; those after it, none)."""
    held, infeasible, done, method = np.zeros(size), 0.0, 0, "enumeration"
    for found in parts:
        held += found.share * found.samples
        infeasible += found.infeasible * found.samples
        done, method = done + found.samples, found.method
    return InclusionFrequency(held / max(done, 1), infeasible / max(done, 1), method, done)


def scenario_inclusion(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
) -> InclusionFrequency:
    """Inclusion frequency of every measure in one scenario over ``samples`` (default: the
    settings' number) spread across profiles (fewer when ``deadline`` passes), drawn and
    decided a chunk at a time."""
    nominal = sp.problem(study, scenario, profiles[0], settings.budgets)
    total = settings.samples if samples is None else samples
    parts: list[InclusionFrequency] = []
    for drawn in sample_chunks(study, scenario, profiles, settings, total):
        done = sum(p.samples for p in parts)
        found = inclusion_frequency(nominal, drawn, part(progress, done, total), deadline)
        parts.append(found)
        if found.samples < len(drawn):  # the deadline passed within the chunk
            break
    return _pooled(parts, nominal.size)


def sample_chunks(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int,
    chunk_cells: int | None = None,
):
    """Sampled problems of a scenario (benefits, costs and, where levels can reach a scale
    end or a value function's bend, each sample's outcomes), ``samples`` spread across
    ``profiles``, yielded in chunks of about ``chunk_cells`` (default :data:`CHUNK_CELLS`)
    sampled cells.

    Seeded per scenario and profile, with one stream each for weights, cells and costs, so
    the samples are the same whatever the chunk size."""
    from engine.sensitivity.acceptability import performance_sampler

    index = study.scenarios.index(scenario)
    counts = spread(samples, len(profiles))
    sampler, _ = performance_sampler(study, scenario, "uniform", None, False)
    limit = CHUNK_CELLS if chunk_cells is None else chunk_cells
    rows = max(1, limit // (len(study.options) * len(study.criteria)))
    fixed = _Fixed.of(study, scenario, profiles[0])
    for k, (profile, count) in enumerate(zip(profiles, counts, strict=True)):
        seed = np.random.SeedSequence([settings.seed, index, k])
        weights_rng, cells_rng, costs_rng = (np.random.default_rng(s) for s in seed.spawn(3))
        streams = (weights_rng, replace(sampler, rng=cells_rng), costs_rng)
        centre = settings.concentration * study.weight_vector(profile)
        for start in range(0, count, rows):
            yield fixed.sampled(centre, min(rows, count - start), streams)


@dataclass(frozen=True)
class _Fixed:
    """What every sample of a scenario shares: which rows are the measures and the
    baseline, which criteria count, the costs' ranges, the value functions and the
    criterion interactions."""

    study: Study
    measures: list[int]
    baseline: int
    mask: np.ndarray
    low: np.ndarray
    high: np.ndarray
    nominal: Outcomes

    @classmethod
    def of(cls, study: Study, scenario: str, profile: str) -> _Fixed:
        _, low, high = sp.costs(study, scenario)
        return cls(
            study,
            [study.options.index(o) for o in sp.measure_ids(study)],
            study.options.index(sp.portfolio_of(study).baseline),
            sp.benefit_mask(study),
            low,
            high,
            sp.outcomes(study, scenario, profile),  # its points and groups: any profile's
        )

    def sampled(self, centre: np.ndarray, size: int, streams) -> Samples:
        """``size`` sampled problems of one profile (Dirichlet ``centre``) from its three
        streams."""
        weights_rng, cells, costs_rng = streams
        drawn = weights_rng.standard_gamma(centre, (size, len(centre)))
        weights = sp.benefit_weights(self.study, drawn / drawn.sum(axis=1, keepdims=True))
        table = cells.draw(size)[:, :, self.mask]
        base = table[:, self.baseline]
        benefits, outcomes = sampled_outcomes(
            base,
            table[:, self.measures] - base[:, None, :],
            weights[:, self.mask],
            self.nominal.points,
            self.nominal.groups,
        )
        costs = self.low + costs_rng.random((size, *self.low.shape)) * (self.high - self.low)
        return Samples(benefits, costs, outcomes)
