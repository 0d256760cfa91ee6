"""The efficient frontier of value against one resource, and the order of buy.

The frontier is traced exactly by the epsilon-constraint method: with the resource
capped at ``B`` (every other limit and constraint kept), solve
:math:`V^* = \\max V(x)` subject to :math:`c(x) \\le B`, then lower the cap to just below
the cost of the package found and repeat until nothing is feasible. When a step finds
the same value as the step before, at a lower cost, the earlier package was dominated
and is dropped; so each package kept is the cheapest of its value, and the packages
kept are the whole Pareto set of (value, cost) pairs (one package per pair), not a
sample of it. One integer program per step, the model passed to HiGHS once and only
the cap changed between steps.

Bounded work: the whole frontier is traced while it holds at most :data:`MAX_POINTS`
packages (the shipped study's: a few dozen, well under a second). A frontier with more
(2^m packages can all be efficient) is shown by the packages a decision needs, each exact:
the supported packages (its convex hull, found by weighted sums between neighbouring hull
points, Cohon 1978), the whole frontier within :data:`BAND` of each limit the report
shows, and the optimum at that limit. Steps are never smaller than :data:`MIN_STEP` (ten
times HiGHS's feasibility tolerance), so a cap is never met again by the package just
found within the solver's tolerance.

The order of buy (Phillips and Bana e Costa 2007; Equity) lists the measures by value
per unit cost, with cumulative cost and value. Since a measure's marginal value depends
on the package (levels clip at the scale's ends, value functions bend, measures
interact), it is built incrementally: each step adds the measure that adds most per unit
of cost to the package bought so far. It is the greedy path the convex hull of the
frontier follows when measures are independent, and a note marks where a constraint or
an interaction makes the optimum at that budget differ from the greedy package.

References
----------
Haimes, Y. Y., Lasdon, L. S. and Wismer, D. A. (1971). On a bicriterion formulation of
the problems of integrated system identification and system optimization. *IEEE
Transactions on Systems, Man, and Cybernetics* 1(3), 296-297.
Phillips, L. D. and Bana e Costa, C. A. (2007). *Annals of Operations Research* 154, 51-68.
Cohon, J. L. (1978). *Multiobjective Programming and Planning*. Academic Press (the
non-inferior set estimation method for the supported points).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from engine.executor import Executor, InProcess
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.highs import RowSweep
from engine.portfolio.highs import solve as run_highs
from engine.portfolio.pareto_dp import gaps, relaxed_frontier
from engine.portfolio.problem import Problem
from engine.portfolio.solver import Package, base_model, package_of
from engine.progress import Progress, tick

STEP = 1e-7
"""Relative step below the last cost when the cap is lowered (costs closer than this
count as equal)."""
MIN_STEP = 1e-6
"""The smallest step in cost units (HiGHS's primal feasibility tolerance is 1e-7)."""
MAX_POINTS = 1_000
"""Packages traced whole before the frontier is shown by its supported packages and a
band around each limit instead."""
WHOLE_MEASURES = 40
"""Problems of at most this many measures get their whole frontier (the shipped study has
29: a few dozen packages, under a second); larger ones the hull and bands at once (each
of their programs can take a second, and a whole frontier hundreds of them)."""
BAND = 0.1
"""Share of a limit either side of it within which a partial frontier is traced whole."""


WHOLE = "on the frontier"
SUPPORTED = "supported (convex hull)"
NEAR = "near the limit"
AT_LIMIT = "best at the limit"
PIECES_PER_WORKER = 16
"""Budget intervals per worker a whole frontier traced in parallel is split into: the
programs' times vary tenfold along the frontier, so many small intervals keep every worker
busy (each costs one program more than tracing on)."""
BAND_PIECES_PER_WORKER = 2
"""The same for the band around a limit: a few dozen packages whose programs each take the
longest (every limit binds there), so few intervals (each one program more)."""


@dataclass(frozen=True)
class Frontier:
    """Packages on the efficient frontier, cheapest first (values increase with cost)."""

    resource: int
    packages: tuple[Package, ...]
    band: float = 0.0
    """0 when the frontier is whole; else it holds too many packages to trace and holds the
    supported packages (its convex hull), every package whose cost lies within this share
    of a limit shown, and the optimum at each such limit."""
    shown_as: tuple[str, ...] = ()
    """Per package, what it was found as (:data:`WHOLE`, or for a partial frontier
    :data:`SUPPORTED`, :data:`NEAR`, :data:`AT_LIMIT`, joined by ", " when several)."""

    def costs(self) -> np.ndarray:
        return np.array([p.cost[self.resource] for p in self.packages])

    def values(self) -> np.ndarray:
        return np.array([p.value for p in self.packages])

    def chosen_at(self, budget: float) -> Package | None:
        """The best package whose cost in the resource is within ``budget``."""
        fitting = [p for p in self.packages if p.cost[self.resource] <= budget * (1 + 1e-12)]
        return fitting[-1] if fitting else None


def frontier(
    problem: Problem,
    resource: int,
    *,
    cap: float | None = None,
    most: int = MAX_POINTS,
    at: tuple[float, ...] = (),
    deadline: Deadline = NONE,
    whole: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Frontier:
    """Every non-dominated package of value against ``resource`` up to ``cap`` (default:
    no cap on that resource; the other limits stay) when ``whole``, or for a problem of
    at most :data:`WHOLE_MEASURES` measures whose frontier holds at most ``most``
    packages. Else the packages that matter for a decision, each exact:
    the **supported** packages (the frontier's convex hull, by the weighted-sum method
    between neighbours: Cohon 1978), the **whole frontier within** :data:`BAND` **of each
    budget in** ``at`` (the limits a report shows; at a resolution of the band over
    ``most`` if even the band holds more) and the optimum at each budget.

    Where the value is additive, the relaxed Pareto set (:mod:`engine.portfolio.pareto_dp`)
    gives every point where one resource binds without a program. The programs left are
    split over budget intervals run by ``executor`` (default: in this process), and
    ``progress`` hears of each interval."""
    limits = problem.limits.copy()
    limits[resource] = np.inf
    free = problem.with_limits(limits)
    total = float(np.abs(problem.costs[:, resource]).sum())
    top = total if cap is None else cap
    fine = max(STEP * max(1.0, total), MIN_STEP)
    runner = executor or InProcess()
    plan = _Plan(free, resource, fine, deadline)
    if whole or problem.size <= WHOLE_MEASURES:  # a small problem: its whole frontier is cheap
        found = plan.trace(
            top,
            None if whole else most,
            runner=runner if whole else None,  # a small frontier takes less than a pool starts
            progress=progress,
        )
        if found is not None:
            packages, labels = _non_dominated([(p, WHOLE) for p in found], resource)
            return Frontier(resource, packages, shown_as=labels)
    ranges = [(b * (1 - BAND), min(b * (1 + BAND), top)) for b in at]
    labelled, tasks, bands = [], [("hull", top), *(("best", b) for b in at)], {}
    for k, (low, high) in enumerate(ranges):
        known, pieces = plan.band_pieces(low, high, most, runner.workers)
        labelled += [(p, NEAR) for p in known]
        for piece in pieces:
            bands[len(tasks)] = k
            tasks.append(piece)
    crowded = set()  # bands holding more than ``most`` packages: traced at a resolution
    jobs = [(plan, task, most) for task in tasks]
    for done, (index, found) in enumerate(runner.run(_piece, jobs), start=1):
        tick(progress, done, len(jobs), "Frontier", "parts")
        if index not in bands:
            label = SUPPORTED if tasks[index][0] == "hull" else AT_LIMIT
            labelled += [(p, label) for p in found]
        elif found is None:
            crowded.add(bands[index])
        else:
            labelled += [(p, NEAR) for p in plan.within(found, *ranges[bands[index]])]
    for k in sorted(crowded):
        low, high = ranges[k]
        coarse = replace(plan, step=max((high - low) / most, fine))
        labelled += [(p, NEAR) for p in plan.within(coarse.trace(high, None, floor=low), low, high)]
    packages, labels = _non_dominated(labelled, resource)
    return Frontier(resource, packages, band=BAND, shown_as=labels)


@dataclass(frozen=True)
class _Plan:
    """How a frontier is traced: the problem without the resource's limit, the step below
    each package found, and the deadline."""

    free: Problem
    resource: int
    step: float
    deadline: Deadline

    def trace(
        self,
        top: float,
        most: int | None,
        *,
        floor: float = -np.inf,
        runner: Executor | None = None,
        progress: Progress | None = None,
    ) -> list[Package] | None:
        """Every frontier package from the cheapest at or below ``floor`` up to ``top``:
        the relaxed Pareto set's feasible packages, and the programs of
        :func:`_trace` over its gaps (over ``floor``..``top`` when the shortcut does
        not apply); None when more than ``most`` packages or programs would be needed."""
        known, intervals, density = self.relaxed(top, floor)
        if most is not None and len(known) > most:
            return None
        if runner is not None and runner.workers > 1 and intervals:
            pieces = _split(intervals, PIECES_PER_WORKER * runner.workers, density)
            found = list(known)
            tasks = [(self, ("trace", low, high), None) for low, high in pieces]
            for k, (_, traced) in enumerate(runner.run(_piece, tasks)):
                found += traced
                tick(progress, k + 1, len(tasks), "Frontier", "budget intervals")
            return found
        found = list(known)
        for k, (low, high) in enumerate(intervals):
            left = None if most is None else most - len(found)
            traced = _trace(self.free, self.resource, high, self.step, left, self.deadline, low)
            if traced is None:
                return None
            found += traced
            tick(progress, k + 1, len(intervals), "Frontier", "budget intervals")
        return found

    def within(self, packages: list[Package], low: float, high: float) -> list[Package]:
        """The packages of a band: a trace also returns the optimum just below its floor,
        which may not be the cheapest of its value (the trace below it would say), so it
        is not shown as near the limit."""
        return [p for p in packages if low - self.step <= p.cost[self.resource] <= high + self.step]

    def band_pieces(
        self, low: float, high: float, most: int, workers: int
    ) -> tuple[list[Package], list[tuple]]:
        """The packages of the band ``low``..``high`` the shortcut gives, and the tasks
        left: the whole band as one ('band', low, high) in one process, or its gaps cut
        into budget intervals ('trace', ...) for a pool."""
        if workers <= 1:
            return [], [("band", low, high)]
        known, intervals, density = self.relaxed(high, low)
        if len(known) > most:
            return [], [("band", low, high)]  # crowded: the band task says so
        pieces = _split(intervals, BAND_PIECES_PER_WORKER * workers, density) if intervals else []
        return known, [("trace", piece_low, piece_high) for piece_low, piece_high in pieces]

    def relaxed(self, top: float, floor: float):
        """The relaxed Pareto set's feasible packages at or above ``floor``, the cost
        intervals left to trace (all of ``floor``..``top`` when the shortcut does not
        apply) and the costs of its infeasible packages (where the frontier is dense)."""
        relaxed = relaxed_frontier(self.free, self.resource, top, self.step)
        if relaxed is None:
            return [], [(floor, top)], None
        feasible = self.free.feasible(relaxed.packages)
        known = [
            Package(x, self.free.value(x), self.free.cost(x))
            for x, ok, cost in zip(relaxed.packages, feasible, relaxed.costs, strict=True)
            if ok and cost >= floor - self.step
        ]
        intervals = [
            (max(low, floor), high)
            for low, high in gaps(relaxed, feasible, top, self.step)
            if high >= floor
        ]
        return known, intervals, relaxed.costs[~feasible]


def _piece(job) -> list[Package] | None:
    """One independent piece of a frontier (run by an executor, perhaps in another
    process): a budget interval traced, the hull, a band, or the optimum at a budget."""
    plan, task, most = job
    kind, *bounds = task
    if kind == "trace":
        low, high = bounds
        return _trace(plan.free, plan.resource, high, plan.step, most, plan.deadline, low)
    if kind == "hull":
        return _supported(plan.free, plan.resource, bounds[0], plan.step, MAX_POINTS, plan.deadline)
    if kind == "band":
        low, high = bounds
        return plan.trace(high, most, floor=low)
    return _best_at(plan.free, plan.resource, bounds[0], plan.deadline)


def _split(
    intervals: list[tuple[float, float]], pieces: int, points: np.ndarray | None = None
) -> list[tuple[float, float]]:
    """The intervals cut into about ``pieces`` holding as many of ``points`` each (the
    relaxed Pareto set's costs: where the frontier is dense, so are they, and a program
    costs about the same at each point), or of equal width when there are none (an
    interval without a floor is measured from 0, costs being non-negative). The lowest
    piece of an interval keeps its floor."""
    points = np.zeros(0) if points is None else np.sort(points)
    inside = [points[(points > low) & (points <= high)] for low, high in intervals]
    by_points = sum(len(p) for p in inside) >= pieces
    weights = [
        len(p) if by_points else max(high - max(low, 0.0), 0.0)
        for p, (low, high) in zip(inside, intervals, strict=True)
    ]
    total = sum(weights) or 1.0
    out = []
    for (low, high), weight, held in zip(intervals, weights, inside, strict=True):
        count = max(1, round(pieces * weight / total))
        if by_points and len(held):
            edges = np.quantile(held, np.linspace(0, 1, count + 1))
        else:
            edges = np.linspace(max(low, 0.0), high, count + 1)
        edges[0], edges[-1] = low, high
        out += [(float(a), float(b)) for a, b in itertools.pairwise(np.unique(edges))]
    return out


def _supported(
    free: Problem, resource: int, top: float, step: float, most: int, deadline: Deadline
) -> list[Package]:
    """The supported packages: each maximises value - lambda x cost for some lambda > 0.
    From the cheapest package and the cheapest of the best ones, each pair of neighbours
    A, B gives lambda = (v_B - v_A) / (c_B - c_A); a package above their line is new and
    splits the interval, else the hull between them is complete. Where the relaxed Pareto
    set (:mod:`engine.portfolio.pareto_dp`) exists and its best package for lambda is
    feasible, that package is the answer (nothing feasible beats it) and no program runs."""
    cheapest = _cheapest(free, resource, deadline)
    if cheapest is None:
        return []
    best = _top(free, resource, top, step, deadline)
    points = _non_dominated([(p, SUPPORTED) for p in (cheapest, *best)], resource)[0]
    if len(points) < 2:
        return list(points)
    model, x = base_model(free)
    costs = free.costs[:, resource]
    shortcut = _relaxed_weighted(free, resource, step)
    pending, found = [(points[0], points[1])], list(points)
    while pending and len(found) < most and not deadline.passed:
        a, b = pending.pop()
        slope = (b.value - a.value) / (b.cost[resource] - a.cost[resource])
        c = shortcut(slope) or _weighted(free, model, x, costs, slope, deadline)
        line = a.value - slope * a.cost[resource]
        if c is None or c.value - slope * c.cost[resource] <= line + 1e-9 * max(1.0, abs(line)):
            continue  # nothing above the segment: the hull is complete between a and b
        found.append(c)
        pending += [(a, c), (c, b)]
    return found


def _relaxed_weighted(free: Problem, resource: int, step: float):
    """A function of lambda giving the package that maximises value - lambda x cost
    when the relaxed Pareto set's best one is feasible (else None: a program decides)."""
    relaxed = relaxed_frontier(free, resource, np.inf, step)
    if relaxed is None or len(relaxed.costs) == 0:
        return lambda slope: None
    feasible = free.feasible(relaxed.packages)

    def best(slope: float) -> Package | None:
        k = int(np.argmax(relaxed.values - slope * relaxed.costs))
        if not feasible[k]:
            return None
        x = relaxed.packages[k]
        return Package(x, free.value(x), free.cost(x))

    return best


def _exact(outcome):
    """The solver's outcome when it holds a proven optimum (or proven infeasibility), else
    an outcome without a package: a program the deadline stopped adds no point."""
    if outcome.status in ("optimal", "infeasible"):
        return outcome
    return replace(outcome, x=None)


def _weighted(
    free: Problem, model, x, costs: np.ndarray, slope: float, deadline: Deadline = NONE
) -> Package | None:
    """The package that maximises value - slope x cost."""
    weighted = replace_costs(model, x, np.asarray(model.cost)[x] - slope * costs)
    outcome = _exact(run_highs(weighted, time_limit=deadline.left()))
    return None if outcome.x is None else package_of(free, outcome, x)


def _cheapest(free: Problem, resource: int, deadline: Deadline = NONE) -> Package | None:
    """The cheapest feasible package, the best of the cheapest ones."""
    model, x = base_model(free)
    plain = replace_costs(model, None, np.zeros(len(model.cost)))
    plain = replace_costs(plain, x, -free.costs[:, resource])
    outcome = _exact(run_highs(plain, time_limit=deadline.left()))
    if outcome.x is None:
        return None
    least = package_of(free, outcome, x).cost[resource]
    return next(iter(_best_at(free, resource, least, deadline)), None)


def _top(
    free: Problem, resource: int, top: float, step: float, deadline: Deadline = NONE
) -> list[Package]:
    """The cheapest of the best packages within ``top`` (none if the deadline stops its
    first program)."""
    model, x = base_model(free)
    row = model.row(x, free.costs[:, resource], upper=top)
    sweep = RowSweep(model, row)
    first = _exact(sweep.solve(top, deadline.left()))
    if first.x is None:
        return []
    best = package_of(free, first, x)
    while True:
        outcome = _exact(sweep.solve(best.cost[resource] - step, deadline.left()))
        if outcome.x is None:
            return [best]
        cheaper = package_of(free, outcome, x)
        if cheaper.value < best.value - 1e-9 * max(1.0, abs(best.value)):
            return [best]
        best = cheaper


def replace_costs(model, columns, costs: np.ndarray):
    """A copy of ``model`` whose objective coefficients of ``columns`` (None: all) are
    ``costs``."""
    objective = np.asarray(model.cost, dtype=float).copy()
    objective[slice(None) if columns is None else columns] = costs
    return replace(model, cost=list(objective))


def _best_at(
    free: Problem, resource: int, budget: float, deadline: Deadline = NONE
) -> list[Package]:
    """The optimum with ``resource`` capped at ``budget`` (none when nothing fits, or
    when the deadline stops its program)."""
    model, x = base_model(free)
    row = model.row(x, free.costs[:, resource], upper=budget)
    outcome = _exact(RowSweep(model, row).solve(budget, deadline.left()))
    return [] if outcome.x is None else [package_of(free, outcome, x)]


def _non_dominated(
    labelled: list[tuple[Package, str]], resource: int
) -> tuple[tuple[Package, ...], tuple[str, ...]]:
    """Cheapest first, each worth more than every cheaper one (one package per cost), with
    what each was found as (the labels of the same point found several ways joined)."""
    kept: list[Package] = []
    labels: list[list[str]] = []
    ordered = sorted(labelled, key=lambda pair: (pair[0].cost[resource], -pair[0].value))
    for package, label in ordered:
        if kept and _same(package, kept[-1], resource):
            if label not in labels[-1]:
                labels[-1].append(label)
            continue
        if not kept or package.value > kept[-1].value + 1e-9 * max(1.0, abs(package.value)):
            if kept and package.cost[resource] <= kept[-1].cost[resource]:
                continue
            kept.append(package)
            labels.append([label])
    order = (WHOLE, SUPPORTED, NEAR, AT_LIMIT)
    words = tuple(", ".join(sorted(set(found), key=order.index)) for found in labels)
    return tuple(kept), words


def _same(a: Package, b: Package, resource: int) -> bool:
    """Whether two packages are the same point (cost and value within tolerance)."""
    cost = abs(a.cost[resource] - b.cost[resource]) <= 1e-9 * max(1.0, abs(a.cost[resource]))
    return cost and abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))


def _trace(
    free: Problem,
    resource: int,
    top: float,
    step: float,
    most: int | None,
    deadline: Deadline = NONE,
    floor: float = -np.inf,
):
    """The packages found lowering the cap from ``top`` by at least ``step`` below each
    package found, cheapest first; None when more than ``most`` programs would be
    needed; those found so far once ``deadline`` passes (the frontier's upper part)."""
    model, x = base_model(free)
    row = model.row(x, free.costs[:, resource], upper=top)
    sweep = RowSweep(model, row)
    found: list[Package] = []
    budget, solved = top, 0
    while budget >= max(-step, floor) and not deadline.passed:
        if most is not None and solved >= most:
            return None
        outcome = _exact(sweep.solve(budget, deadline.left()))
        solved += 1
        if outcome.x is None:
            break
        package = package_of(free, outcome, x)
        if found and package.value >= found[-1].value - 1e-9 * max(1.0, abs(package.value)):
            found.pop()  # same value, cheaper: the earlier package was dominated
        found.append(package)
        budget = min(package.cost[resource], budget) - step  # strictly lower every step
    return tuple(reversed(found))


@dataclass(frozen=True)
class BuyStep:
    """One measure in the order of buy with the running totals; ``benefit`` is its
    marginal value (what it adds to the measures bought before it)."""

    measure: int
    benefit: float
    cost: float
    ratio: float
    cumulative_cost: float
    cumulative_value: float
    note: str


def order_of_buy(problem: Problem, resource: int, deadline: Deadline = NONE) -> list[BuyStep]:
    """The incremental order of buy: from the baseline, add at each step the measure
    whose **marginal** value (what it adds to the package bought so far: its benefit,
    less the overlap where levels reach a scale end or a value function flattens, plus
    its interactions with the package) per unit of ``resource`` is highest (free
    measures first, the most valuable of them first; other ties to the lower cost, then
    the larger gain, then the lower index), while some measure
    still adds value; with running totals, and a note where the package at that budget
    is infeasible or not optimal under the problem's constraints. The other resources'
    limits hold throughout: a measure that would take the package past one of them is
    not bought (a measure paid for from another funding source costs nothing in
    ``resource`` and is bought first, while that source lasts)."""
    costs = problem.costs[:, resource]
    steps, chosen = [], np.zeros(problem.size, dtype=bool)
    unconstrained = problem.with_limits(_without(problem.limits, resource))
    others = np.delete(np.arange(problem.costs.shape[1]), resource)
    value = 0.0
    while True:
        spent = problem.costs[:, others].T @ chosen
        room = problem.limits[others] - spent
        fits = np.all(problem.costs[:, others] <= room + 1e-9 * np.maximum(1.0, room), axis=1)
        step = _next_measure(problem, chosen, costs, value, fits)
        if step is None:
            return steps
        i, gain, ratio = step
        chosen[i] = True
        value = problem.value(chosen)
        total_cost = float(costs @ chosen)
        note = (
            ""
            if deadline.passed
            else _note(unconstrained, resource, chosen, total_cost, value, deadline)
        )
        steps.append(BuyStep(i, gain, float(costs[i]), ratio, total_cost, value, note))


def _next_measure(
    problem: Problem, chosen: np.ndarray, costs: np.ndarray, value: float, fits: np.ndarray
):
    """(measure, marginal value, ratio) of the best next purchase among the measures that
    ``fits`` the other resources' limits, or None."""
    left = np.flatnonzero(~chosen & fits)
    if len(left) == 0:
        return None
    trials = np.repeat(chosen[None], len(left), axis=0)
    trials[np.arange(len(left)), left] = True
    gains = problem.values(trials) - value
    adds = gains > 1e-9 * max(1.0, abs(value))
    if not adds.any():
        return None
    left, gains, cost = left[adds], gains[adds], costs[left[adds]]
    ratio = np.divide(gains, cost, out=np.full(len(gains), np.inf), where=cost > 0)
    # best ratio, then the lower cost, then the larger gain (free measures: the most
    # valuable first), then the lower index
    k = np.lexsort((left, -gains, cost, -ratio))[0]
    return int(left[k]), float(gains[k]), float(ratio[k])


def _without(limits: np.ndarray, resource: int) -> np.ndarray:
    out = limits.copy()
    out[resource] = np.inf
    return out


def _note(
    problem: Problem,
    resource: int,
    chosen: np.ndarray,
    budget: float,
    value: float,
    deadline: Deadline = NONE,
):
    """Why the greedy package is not the optimum at its own cost, if it is not."""
    if not problem.feasible(chosen)[0]:
        return "breaks a constraint: the optimum at this budget differs"
    limits = problem.limits.copy()
    limits[resource] = budget
    outcome = _exact(_solve_at(problem, limits, deadline.left()))
    if outcome.x is None:  # no package fits this budget level: nothing to compare
        return ""
    best = package_of(problem, outcome, np.arange(problem.size))
    if best.value > value + 1e-9 * max(1.0, abs(value)):
        return f"not optimal: a package of the same cost is worth {best.value:.2f}"
    return ""


def _solve_at(problem: Problem, limits: np.ndarray, time_limit: float | None = None):
    model, _ = base_model(problem.with_limits(limits))
    return run_highs(model, time_limit=time_limit)
