"""What a study reader returns: the records as read, before acceptance.

Every reader (study folder of YAML or TOML files, study workbook) fills one
:class:`StudyRecords`; :func:`engine.acceptance.accept_study` turns it into a
:class:`~engine.study.Study` or refuses it with every issue found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import Issue, SourceMap
from engine.model import (
    Criterion,
    Objective,
    Option,
    Portfolio,
    Profile,
    Scenario,
    Source,
    StudyInfo,
    ValueTree,
)


@dataclass
class StudyRecords:
    """A study's records as read, with every issue found reading them (lists may be partial).

    Attributes
    ----------
    root : Path
        The study folder or workbook read.
    info, nodes, options, sources, scenarios, profiles, portfolio
        Records in file order; profiles as written (elicitations not yet resolved).
    files : list of Path
        Every file read (hashed into reports).
    unreadable : set of (scenario, option, criterion)
        Performance cells already reported as unreadable.
    broken_ids : set of str
        Ids of records that failed to read (their absence is not reported again).
    issues : list of Issue
        Problems found while reading.
    where : SourceMap
        Where every record and value was read.
    """

    root: Path
    info: StudyInfo | None = None
    nodes: list[Objective | Criterion] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    portfolio: Portfolio | None = None
    """Baseline, resources, constraints and interactions, when the study declares them."""
    files: list[Path] = field(default_factory=list)
    unreadable: set[tuple[str, str, str]] = field(default_factory=set)
    broken_ids: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    where: SourceMap = field(default_factory=SourceMap)
    unread: set[str] = field(default_factory=set)
    """Sections ('criteria', 'options', 'scenarios', 'profiles') whose file or sheet could
    not be read: already reported, so not reported again as empty."""
    found: bool = True
    """False when the path is not a study at all (missing, or a folder without
    criteria/ and scenarios/): its one issue says so and nothing else is checked."""

    @property
    def tree(self) -> ValueTree:
        """The value tree of the nodes read (possibly partial)."""
        return ValueTree(nodes=tuple(self.nodes))
