"""Frozen records of a study, as read from its files.

The records hold text and numbers exactly as a modeller wrote them; the numeric
view (arrays of values and weights) is built from them once, in
:mod:`engine.study`. Checks that need one record only live here as pydantic
validators raising :class:`pydantic_core.PydanticCustomError` whose type is the
engine's stable issue code; checks across records live in
:mod:`engine.validation`.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1
RANK_SCHEMES = ("rank_order_centroid", "rank_sum", "rank_reciprocal")
"""Rank-based weighting schemes (:func:`engine.elicitation.rank_weights`), defined once."""

Identifier = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64),
    Field(description="Identifier: a letter, then letters, digits or underscores (at most 64)."),
]
StudyIdentifier = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(description="Study identifier, used in report file names."),
]
# Bidirectional embedding, override and isolate controls make text display in another order
# than it is stored (a name can read reversed). They are refused in every name and text;
# the marks (U+200E, U+200F) and zero-width joiners that right-to-left scripts such as Urdu
# need are text like any other (docs/study-format.md).
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _no_reordering(text: str) -> str:
    found = _REORDERING.search(text)
    if found:
        raise PydanticCustomError(
            "text-reordering",
            "the text holds the invisible control U+{code} that makes it display in another "
            "order than it is written; delete it (right-to-left text needs no such control)",
            {"code": f"{ord(found.group(0)):04X}"},
        )
    return text


Name = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_no_reordering),
]
ShortName = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1, max_length=30, strip_whitespace=True),
    AfterValidator(_no_reordering),
]
Text = Annotated[
    str, Strict(), StringConstraints(max_length=20_000), AfterValidator(_no_reordering)
]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Flag = Annotated[bool, Strict()]
AnchorPoint = Annotated[int, Strict()]


class Record(BaseModel):
    """Base of all records: immutable, unknown keys are errors.

    Scalars are strict (text is never read as a number, nor a number as a
    yes/no); containers accept lists where tuples are stored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")


class Direction(str, enum.Enum):
    """Whether more of a criterion's performance is better (benefit) or worse (cost)."""

    BENEFIT = "benefit"
    COST = "cost"


class Scale(Record):
    """The measurement scale of a criterion.

    A *natural* scale has a unit and a declared range ``[min, max]``; a
    *constructed* scale runs from 0 to 10 with written anchors for at least 0, 5
    and 10.
    """

    kind: Literal["natural", "constructed"] = Field(description="natural or constructed")
    unit: Name = Field("0-10 scale", description="Unit of the performance values.")
    min: Number = Field(0.0, description="Lowest performance on the scale.")
    max: Number = Field(10.0, description="Highest performance on the scale.")
    anchors: dict[AnchorPoint, Name] = Field(
        default_factory=dict, description="Written meaning of scale points (0, 5 and 10 at least)."
    )

    def words(self) -> str:
        """The scale as '0-10 scale' or '65-100 percent of respondents' (the range once)."""
        span = f"{self.min:g}-{self.max:g}"
        return self.unit if span in self.unit else f"{span} {self.unit}"

    @model_validator(mode="after")
    def _check(self) -> Scale:
        if self.min >= self.max:
            raise PydanticCustomError(
                "scale-invalid",
                "scale min {min} is not below max {max}",
                {"min": self.min, "max": self.max},
            )
        if not math.isfinite(self.max - self.min):
            raise PydanticCustomError(
                "scale-invalid",
                "the scale from {min} to {max} is wider than a number can hold",
                {"min": self.min, "max": self.max},
            )
        if self.kind == "constructed":
            missing = [a for a in (0, 5, 10) if a not in self.anchors]
            if (self.min, self.max) != (0.0, 10.0):
                raise PydanticCustomError(
                    "scale-invalid", "a constructed scale runs from 0 to 10", {}
                )
            if missing:
                raise PydanticCustomError(
                    "anchor-missing",
                    "constructed scale has no written anchor for {missing}",
                    {"missing": ", ".join(map(str, missing))},
                )
        outside = [a for a in self.anchors if not self.min <= a <= self.max]
        if outside:
            raise PydanticCustomError(
                "anchor-outside-scale", "anchor {a} lies outside the scale", {"a": outside[0]}
            )
        return self


class ValueFunction(Record):
    """Piecewise-linear value function: (performance, value) points, value in 0-100."""

    points: tuple[tuple[Number, Number], ...] = Field(
        min_length=2, description="(performance, value) pairs, performance increasing."
    )


class PreferenceFunction(Record):
    """PROMETHEE preference function of a criterion, thresholds in the criterion's units."""

    function: Literal["usual", "u-shape", "v-shape", "level", "linear", "gaussian"] = "usual"
    q: Number = Field(0.0, description="Indifference threshold.")
    p: Number | None = Field(None, description="Preference threshold.")
    s: Number | None = Field(None, description="Gaussian inflection point.")

    @model_validator(mode="after")
    def _check(self) -> PreferenceFunction:
        needs = {
            "u-shape": self.q >= 0,
            "v-shape": self.p is not None and self.p > 0,
            "level": self.p is not None and 0 <= self.q < self.p,
            "linear": self.p is not None and 0 <= self.q < self.p,
            "gaussian": self.s is not None and self.s > 0,
        }
        if not needs.get(self.function, True):
            raise PydanticCustomError(
                "preference-invalid",
                "preference function {f} needs {what}",
                {"f": self.function, "what": _THRESHOLDS[self.function]},
            )
        return self


_THRESHOLDS = {
    "u-shape": "q >= 0",
    "v-shape": "p > 0",
    "level": "0 <= q < p",
    "linear": "0 <= q < p",
    "gaussian": "s > 0",
}


class Objective(Record):
    """An inner node of the value tree; its children are objectives or criteria."""

    id: Identifier
    name: Name
    description: Text = ""
    parent: Identifier | None = Field(None, description="Parent objective; None at the top.")


class Criterion(Record):
    """A leaf of the value tree."""

    id: Identifier
    name: Name
    description: Text = ""
    parent: Identifier | None = None
    direction: Direction = Field(description="benefit or cost")
    scale: Scale
    value_function: ValueFunction | None = Field(
        None, description="Piecewise-linear points; linear over the scale when absent."
    )
    preference: PreferenceFunction = Field(
        default_factory=PreferenceFunction, description="PROMETHEE preference function."
    )

    @model_validator(mode="after")
    def _check_value_function(self) -> Criterion:
        if self.value_function is None:
            return self
        xs = [x for x, _ in self.value_function.points]
        vs = [v for _, v in self.value_function.points]
        if xs[0] != self.scale.min or xs[-1] != self.scale.max:
            raise PydanticCustomError(
                "valuefn-outside-scale",
                "value function points run from {lo} to {hi}, not over the scale {smin} to {smax}",
                {"lo": xs[0], "hi": xs[-1], "smin": self.scale.min, "smax": self.scale.max},
            )
        if any(b <= a for a, b in pairwise(xs)):
            raise PydanticCustomError(
                "valuefn-not-monotone", "value function performances are not increasing", {}
            )
        if any(not 0 <= v <= 100 for v in vs):
            raise PydanticCustomError(
                "valuefn-outside-scale", "value function values must lie in 0-100", {}
            )
        steps = [b - a for a, b in pairwise(vs)]
        wrong = (
            any(s < 0 for s in steps)
            if self.direction is Direction.BENEFIT
            else any(s > 0 for s in steps)
        )
        if wrong:
            raise PydanticCustomError(
                "valuefn-not-monotone",
                "values of a {direction} criterion must {trend} with performance",
                {
                    "direction": self.direction.value,
                    "trend": "rise" if self.direction is Direction.BENEFIT else "fall",
                },
            )
        return self


Probability = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]


def _check_ranged(what: str, value: float, low: float | None, high: float | None) -> None:
    """``low <= value <= high`` (a missing end is the value itself), or ``range-invalid``."""
    low = value if low is None else low
    high = value if high is None else high
    if not low <= value <= high:
        raise PydanticCustomError(
            "range-invalid",
            "{what} low {low} <= value {value} <= high {high} does not hold",
            {"what": what, "low": low, "value": value, "high": high},
        )


class Delivery(Record):
    """The probability that an option is delivered as scored (its cells say what it does
    if it is). Its change over the baseline counts at its expected size, ``value`` times
    the change; the uncertainty analyses draw the probability within ``low``-``high``."""

    value: Probability = Field(description="Probability that it is delivered as scored.")
    low: Probability | None = Field(None, description="Low end of that probability.")
    high: Probability | None = Field(None, description="High end of that probability.")
    rationale: Text = Field("", description="Why this likelihood, in the analyst's words.")
    evidence: tuple[Identifier, ...] = Field((), description="Ids of sources supporting it.")

    @model_validator(mode="after")
    def _check_range(self) -> Delivery:
        _check_ranged("delivery range", self.value, self.low, self.high)
        return self

    @property
    def range(self) -> tuple[float, float]:
        return (
            self.value if self.low is None else self.low,
            self.value if self.high is None else self.high,
        )


class Option(Record):
    """A policy option (measure) to be scored."""

    id: Identifier
    name: Name
    description: Text = ""
    category: Identifier = Field(description="Option family, e.g. kinetic, justice, development.")
    short_name: ShortName | None = Field(
        None, description="A name of at most 30 characters, used where space is short."
    )
    delivery: Delivery | None = Field(
        None,
        description="Probability that it is delivered as scored (default 1); needs a baseline "
        "(scenarios/portfolio.yaml).",
    )

    @property
    def likelihood(self) -> float:
        """The probability it is delivered as scored (1 when not declared)."""
        return 1.0 if self.delivery is None else self.delivery.value

    @property
    def label(self) -> str:
        """The short name where one is given, else the name."""
        return self.short_name or self.name


class Source(Record):
    """An evidence source or a figure taken from one."""

    id: Identifier
    title: Name
    citation: Text = ""
    measures: Text = Field("", description="What the figure measures.")
    figure: Number | None = Field(None, description="The number, where the source gives one.")
    unit: Text = ""
    locator: Text = Field("", description="Where in the source, e.g. a line or page.")
    speaker: Text = Field(
        "",
        description="Who says it, for an interview or hearing: a speaker's initials (several "
        "joined by ' and '), 'interviewer' or 'editor'.",
    )


class Cell(Record):
    """One performance judgment: an option's performance on a criterion in a scenario."""

    value: Number = Field(description="Performance on the criterion's scale.")
    rationale: Text = Field("", description="Why this value, in the analyst's words.")
    evidence: tuple[Identifier, ...] = Field((), description="Ids of sources supporting it.")
    low: Number | None = Field(None, description="Low end of the uncertainty range.")
    high: Number | None = Field(None, description="High end of the uncertainty range.")

    @model_validator(mode="after")
    def _check_range(self) -> Cell:
        _check_ranged("uncertainty range", self.value, self.low, self.high)
        return self


class Scenario(Record):
    """A context scenario: a performance table, possibly overriding a base scenario."""

    id: Identifier
    name: Name
    short_name: ShortName | None = Field(
        None,
        description="A name of at most 30 characters: the report's tab name and column groups.",
    )
    narrative: Text = ""
    base: Identifier | None = Field(None, description="Scenario this one derives from.")
    performance: dict[Identifier, dict[Identifier, Cell]] = Field(
        default_factory=dict, description="option -> criterion -> cell (overrides if derived)."
    )
    costs: dict[Identifier, dict[Identifier, Cell]] = Field(
        default_factory=dict,
        description="option -> resource -> cost (portfolio studies; overrides if derived).",
    )

    @property
    def label(self) -> str:
        """The short name where one is given, else the name."""
        return self.short_name or self.name


class RankElicitation(Record):
    """Weights of a node's children from a ranking (1 = most important; ties allowed)."""

    scheme: Literal[RANK_SCHEMES] = "rank_order_centroid"
    ranking: dict[Identifier, Annotated[int, Strict(), Field(ge=1)]] = Field(
        description="child -> rank"
    )


class PairwiseElicitation(Record):
    """AHP comparisons of a node's children on Saaty's 1-9 scale (full reciprocal matrix)."""

    method: Literal["eigenvector", "geometric"] = "eigenvector"
    order: tuple[Identifier, ...] = Field(min_length=2, description="Children, in matrix order.")
    matrix: tuple[tuple[Number | Annotated[str, Strict()], ...], ...] = Field(
        description="Row i, column j: how much more important order[i] is than order[j]; "
        "numbers or fractions such as '1/3'."
    )


class ObjectiveElicitation(Record):
    """Weights computed from one scenario's performance table (a reference, not a stakeholder)."""

    method: Literal["entropy", "critic"] = Field(description="entropy or critic")
    scenario: Identifier = Field(description="Scenario whose performance table is used.")


class Profile(Record):
    """A stakeholder's weights for every node of the value tree.

    Direct swing points in ``weights``; or, for the children of a node (``top``
    for the objectives at the top), a ranking in ``rankings`` or AHP comparisons
    in ``pairwise``; or, for the whole tree, objective weights (entropy, CRITIC) in
    ``objective``. :mod:`engine.profile_weights` and :mod:`engine.objective_profiles`
    turn all of them into points.
    """

    id: Identifier
    name: Name
    description: Text = ""
    illustrative: Flag = Field(False, description="True when the weights are analyst judgment.")
    weights: dict[Identifier, Number] = Field(
        default_factory=dict, description="node -> swing points, normalised among siblings."
    )
    rankings: dict[Identifier, RankElicitation] = Field(default_factory=dict)
    pairwise: dict[Identifier, PairwiseElicitation] = Field(default_factory=dict)
    objective: ObjectiveElicitation | None = None


Count = Annotated[int, Strict(), Field(ge=0)]
NonNegative = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]
CONSTRAINT_KINDS = ("exclusive", "requires", "at_most", "at_least", "include", "exclude")


class Resource(Record):
    """A resource the measures of a package consume (a budget, staff, political capital)."""

    id: Identifier
    name: Name
    unit: Name = "units"
    description: Text = ""
    limit: NonNegative | None = Field(None, description="Default limit; none = unlimited.")
    limits: dict[Identifier, NonNegative] = Field(
        default_factory=dict, description="scenario -> limit, where a scenario changes it."
    )
    criterion: Identifier | None = Field(
        None,
        description="A cost criterion whose performance cells are this resource's costs; it is "
        "left out of the benefit.",
    )
    funds: tuple[Identifier, ...] = Field(
        (),
        description="With ``criterion``: the measures this resource pays for (a funding "
        "source); the criterion's cells of other measures cost it nothing. Empty: every "
        "measure no other resource on the criterion names.",
    )
    funds_category: Identifier | None = Field(
        None, description="With ``criterion``: pays for every measure of this category."
    )

    @property
    def in_sentence(self) -> str:
        """The name inside a sentence: its first letter lowered unless the first word is an
        acronym ("Outstanding ex-FATA pledge" -> "outstanding ex-FATA pledge", "KP budget"
        stays), not the whole name lowered (which wrote ex-FATA in small letters)."""
        first = self.name.split(" ", 1)[0]
        if len(first) > 1 and first[1:2].isupper():
            return self.name
        return self.name[:1].lower() + self.name[1:]

    @property
    def names_funded(self) -> bool:
        """Whether the resource names the measures it pays for."""
        return bool(self.funds) or self.funds_category is not None


class PortfolioConstraint(Record):
    """A political or logical constraint on packages.

    ``exclusive``: at most one of ``options``; ``requires``: each of ``options`` only
    together with every one of ``requires``; ``at_most`` / ``at_least``: ``count`` of
    ``options`` (or of the options of ``category``); ``include`` / ``exclude``: every one
    of ``options`` must be / must not be in the package.
    """

    id: Identifier
    kind: Literal[CONSTRAINT_KINDS]
    options: tuple[Identifier, ...] = ()
    category: Identifier | None = None
    requires: tuple[Identifier, ...] = ()
    count: Count | None = None
    rationale: Text = ""
    evidence: tuple[Identifier, ...] = ()


def _named(constraint: PortfolioConstraint, least: int = 1) -> bool:
    return len(constraint.options) >= least and constraint.category is None


def _counted(constraint: PortfolioConstraint) -> bool:
    return bool(constraint.options or constraint.category) and constraint.count is not None


CONSTRAINT_NEEDS: dict[str, tuple[str, Callable[[PortfolioConstraint], bool]]] = {
    "exclusive": ("options (two or more)", lambda c: _named(c, 2)),
    "requires": ("options and requires", lambda c: _named(c) and bool(c.requires)),
    "at_most": ("options or category, and count", _counted),
    "at_least": ("options or category, and count", _counted),
    "include": ("options", _named),
    "exclude": ("options", _named),
}
"""What each constraint kind's declaration must give: the words of a located error and
the test (how the engine uses a kind: :mod:`engine.portfolio.constraint_kinds`)."""


class Interaction(Record):
    """What two or more measures do together that their own effects do not add up to.

    With ``value``: value points added (synergy) or removed (redundancy, negative) when
    both options of a pair are in a package. With ``criterion`` and ``change``: a change
    of that criterion's level, in its own units, when every one of ``options`` is in the
    package (measures that overlap or reinforce on one criterion); the package's level is
    then clipped to the scale like any other.
    """

    options: tuple[Identifier, ...] = Field(
        min_length=2,
        max_length=100,
        description="The measures (two to 100: the live Package builder tests them in one "
        "AND, which Excel allows 255 arguments).",
    )
    value: Number | None = Field(None, description="Value points when both are chosen.")
    criterion: Identifier | None = Field(
        None, description="The criterion whose level changes when all are chosen."
    )
    change: Number | None = Field(
        None, description="Change of that criterion's level (its units) when all are chosen."
    )
    rationale: Text = ""
    evidence: tuple[Identifier, ...] = ()

    @property
    def on_criterion(self) -> bool:
        return self.criterion is not None


class Portfolio(Record):
    """What a study needs for portfolio decisions (``scenarios/portfolio.yaml``)."""

    baseline: Identifier = Field(
        description="The option every measure is compared with (e.g. business as usual)."
    )
    resources: tuple[Resource, ...] = Field(min_length=1)
    constraints: tuple[PortfolioConstraint, ...] = ()
    interactions: tuple[Interaction, ...] = ()


class StudyInfo(Record):
    """What the study is."""

    id: StudyIdentifier
    name: Name
    description: Text = ""


class ValueTree(Record):
    """The value tree: objectives and leaf criteria, depth-first in file order."""

    nodes: tuple[Objective | Criterion, ...] = Field(
        description="Every node, depth-first in file order; each names its parent."
    )

    @cached_property
    def objectives(self) -> tuple[Objective, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Objective))

    @cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Criterion))

    def children(self, parent: str | None) -> list[str]:
        """Ids of the nodes directly under ``parent`` (None for the top), in file order."""
        return [node.id for node in self.nodes if node.parent == parent]

    def node(self, node_id: str) -> Objective | Criterion:
        """The node with this id (KeyError when absent)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)


def has_valid_base_chain(scenario_id: str, scenarios: Sequence[Scenario]) -> bool:
    """True when the scenario's bases all exist and form no cycle."""
    by_id = {s.id: s for s in scenarios}
    seen: set[str] = set()
    current: str | None = scenario_id
    while current is not None:
        if current not in by_id or current in seen:
            return False
        seen.add(current)
        current = by_id[current].base
    return True


def resolve_cells(
    scenarios: Mapping[str, Scenario], scenario_id: str, table: str = "performance"
) -> dict[tuple[str, str], tuple[Cell, str]]:
    """Cells of a scenario after applying its chain of base scenarios.

    Returns ``(option, criterion) -> (cell, id of the scenario that set it)`` (for
    ``table="costs"``: ``(option, resource) -> ...``). The caller guarantees the base
    chain is acyclic and every base exists.
    """
    chain: list[Scenario] = []
    current: str | None = scenario_id
    while current is not None:
        chain.append(scenarios[current])
        current = scenarios[current].base
    cells: dict[tuple[str, str], tuple[Cell, str]] = {}
    for scenario in reversed(chain):
        for option, row in getattr(scenario, table).items():
            for criterion, cell in row.items():
                cells[(option, criterion)] = (cell, scenario.id)
    return cells
