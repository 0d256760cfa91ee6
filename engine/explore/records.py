"""Records of a study's uncertain drivers (``scenarios/uncertainties.yaml``), as written.

A **driver** is one uncertain force the study's futures differ by (Kabul's stance, aid
and fiscal room): a position from -1 to +1, with 0 the base scenario and each end
anchored to a named scenario of the study (an end without a scenario is not sampled).
A **combination** states a cell's value where several drivers sit at their ends
together, where the study knows better than adding their effects. A **threshold** is
what an option must reach on a criterion to count as acceptable in a future.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from engine.model import Identifier, Name, Number, Record, ShortName, Text


class DriverEnd(Record):
    """The scenario a driver's end stands for (the driver at -1 or +1)."""

    scenario: Identifier = Field(description="Scenario the driver reaches at this end.")
    label: Name = Field(description="What the end means, in a few words (e.g. 'Kabul acts').")


class Driver(Record):
    """An uncertain driver: position 0 is the base scenario, -1 and +1 its anchors."""

    id: Identifier
    name: Name
    short_name: ShortName | None = Field(None, description="Name in charts and sentences.")
    description: Text = ""
    low: DriverEnd | None = Field(None, description="The scenario at -1 (none: not sampled).")
    high: DriverEnd | None = Field(None, description="The scenario at +1 (none: not sampled).")
    rationale: Text = Field("", description="Why this driver, in the analyst's words.")
    evidence: tuple[Identifier, ...] = Field((), description="Ids of sources supporting it.")

    @model_validator(mode="after")
    def _one_end(self) -> Driver:
        if self.low is None and self.high is None:
            raise PydanticCustomError(
                "driver-unanchored",
                "the driver names no scenario at either end; give 'low', 'high' or both",
            )
        return self

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def range(self) -> tuple[float, float]:
        """The positions sampled: -1 where the low end has a scenario, +1 where the high."""
        return (-1.0 if self.low else 0.0, 1.0 if self.high else 0.0)


class Combination(Record):
    """Cells whose value is known where drivers sit at their ends together."""

    id: Identifier
    at: dict[Identifier, Literal[-1, 1]] = Field(
        description="Driver -> the end it sits at (-1 or +1); two drivers or more."
    )
    performance: dict[Identifier, dict[Identifier, Number]] = Field(
        description="Option -> criterion -> the cell's value at that combination."
    )
    rationale: Text = ""
    evidence: tuple[Identifier, ...] = ()


class Threshold(Record):
    """What an option must reach on a criterion to be acceptable in a future: a level
    on the criterion's scale, or no worse than another option in the same future."""

    criterion: Identifier
    at_least: Number | None = Field(None, description="Lowest acceptable level.")
    at_most: Number | None = Field(None, description="Highest acceptable level.")
    no_worse_than: Identifier | None = Field(
        None, description="An option (e.g. business as usual) to match or beat in each future."
    )
    rationale: Text = ""
    evidence: tuple[Identifier, ...] = ()

    @model_validator(mode="after")
    def _one_rule(self) -> Threshold:
        given = [
            k for k in ("at_least", "at_most", "no_worse_than") if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise PydanticCustomError(
                "threshold-invalid",
                "give exactly one of at_least, at_most or no_worse_than; found {found}",
                {"found": ", ".join(given) or "none"},
            )
        return self


class Uncertainties(Record):
    """The content of ``scenarios/uncertainties.yaml``."""

    base: Identifier = Field(description="The scenario at the origin (every driver at 0).")
    drivers: tuple[Driver, ...] = Field(min_length=1, max_length=32)
    combinations: tuple[Combination, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
