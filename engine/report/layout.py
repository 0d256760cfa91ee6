"""The report as data: ordered sheets of titled tables, charts and format hints.

Nothing here touches openpyxl; :mod:`engine.io.report.excel_writer` renders a
:class:`Report` to a workbook, and tests can inspect the data directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from engine.weights_data import WeightsData

Kind = Literal["text", "integer", "score", "weight", "number", "percent", "mark"]
"""How a column's cells are formatted: text (left), numbers (right, with a format), or a
mark (a tick or blank, centred under its header)."""


@dataclass(frozen=True)
class Column:
    """A column: header, kind (drives the number format) and width in characters."""

    header: str
    kind: Kind = "text"
    width: int | None = None
    span: int = 1
    """Sheet columns its cells are merged across (its width spread over them): lets a
    short table of long sentences line up with a wider table under it."""


@dataclass(frozen=True)
class Formula:
    """A live cell: a spreadsheet formula and the value the engine computed for it.

    The writer stores ``cached`` as the formula's saved result, so the file reads
    correctly before any recalculation. ``text`` may use these tokens:
    ``{row}`` (this cell's row), ``{first}`` and ``{last}`` (the table's first and
    last data rows), ``{cN}`` (the column letter of the table's N-th column, from 0)
    and ``{NAME|Column}`` (the absolute range of a column of the table named NAME,
    anywhere in the report; ``{NAME|First~Last}`` the block of its columns First to Last).
    """

    text: str
    cached: float | str


@dataclass
class Table:
    """A titled table; ``best_columns`` are rank columns whose 1s are highlighted."""

    title: str | None
    columns: list[Column]
    rows: list[list[Any]]
    groups: list[tuple[str, int]] = field(default_factory=list)
    best_columns: list[int] = field(default_factory=list)
    footer: list[list[Any]] = field(default_factory=list)
    """Summary rows under the table (numbers shown with two decimals, never highlighted)."""
    heat_columns: list[int] = field(default_factory=list)
    """Columns shaded as one heatmap (white = lowest, dark = highest)."""
    heat: Literal["good", "bad"] = "good"
    """Colour of high values in the heatmap: green (good) or red (bad, e.g. regret)."""
    name: str | None = None
    """When set, the header and rows become a filterable Excel table of this name."""
    inputs: list[int] = field(default_factory=list)
    """Columns a reader types into: 0 or 1 only (validated), shaded as input cells."""
    choices: dict[int, str] = field(default_factory=dict)
    """Columns a reader picks from a list: column -> ``{TABLE|Column}`` of the list's
    cells (validated, shaded as input cells)."""
    signed: tuple[int, tuple[int, ...]] | None = None
    """(value column, columns coloured by its sign): green above zero, red below."""
    continues: bool = False
    """A part after the first of a table split for print (the writer's page plan): titled
    '(continued)', left out of the sheet's table of links."""


@dataclass(frozen=True)
class Chart:
    """A native bar chart drawn from the cells of one table of the sheet.

    ``style`` is ``"tornado"`` (horizontal bars of each series drawn over one
    another, first row on top), ``"stacked"`` (horizontal stacked bars) or ``"scatter"``
    (markers: x from the ``categories`` column, one series per y column; blank cells
    are not drawn) or ``"map"`` (one labelled point per row: x from ``categories``, y
    from the first series column, the label from the column before ``categories``).
    ``categories`` and ``series`` are column indexes of the table; ``rows`` limits
    the chart to the first rows of the table.
    """

    title: str
    table: int
    categories: int
    series: list[int]
    style: Literal["tornado", "stacked", "scatter", "map"] = "tornado"
    rows: int | None = None
    axis_title: str = ""
    value_title: str = ""
    """A scatter's y axis title (empty: the first series' header)."""
    number_format: str = "0.0"
    colours: tuple[str, ...] = ()
    """Fill colour (RGB hex) of each series, in order (empty: the application's; a
    scatter's default is dark blue, then red)."""
    legend: Literal["r", "b"] = "r"
    """Legend on the right or at the bottom (a chart of many series: the plot keeps the
    chart's width)."""
    axis_cells: tuple[tuple[str, str], ...] = ()
    """The x and y axis titles linked to cells (``{TABLE|Column}`` of a one-row table) with
    their text as written: a map whose axes a reader picks is titled by the picks."""
    anchor: int | None = None
    """With ``below``: the table under which the chart is drawn (default: its own)."""
    marker: int = 7
    """A scatter's marker size in points (smaller for a cloud of many points)."""
    below: bool = False
    """Drawn under its table (rows kept free for it) rather than to its right: for a
    table too wide to print beside a chart."""


@dataclass
class Sheet:
    """A worksheet: a title, one line on how to read it, tables stacked downwards, charts."""

    name: str
    title: str
    note: str
    tables: list[Table]
    index: bool = False
    charts: list[Chart] = field(default_factory=list)
    weights: WeightsData | None = None
    """When set, the sheet is the editable Weights layout (tables are ignored)."""
    computed: bool = False
    """Its numbers were computed when the report was made and do not follow weight edits:
    in a report with a Weights sheet it carries a banner that says when the weights have
    changed since."""
    printed: int | None = None
    """How many of the leading tables print (None: all, 0: the title and note only);
    the rest of the sheet is on screen only (the Read me sheet says what prints)."""
    page_after: tuple[int, ...] = ()
    """Tables (by index) after which the printed sheet starts a new page."""
    stale: str = ""
    """For a ``computed`` sheet: what its banner says once the weights are edited, when
    only part of the sheet is stale (default: the whole sheet shows the weights as run).
    At most 255 characters (a text constant of a formula)."""
    key_columns: int = 2
    """Columns (id and name) repeated on every printed page when the sheet is too wide
    for one page."""
    user_named: bool = False
    """The sheet's name is user text (a scenario's short name): formulas on other sheets
    reach its tables through workbook names, so no formula holds the text."""

    @property
    def printed_tables(self) -> list[Table]:
        """The tables that print: the first ``printed`` (all when None)."""
        return self.tables if self.printed is None else self.tables[: self.printed]

    @property
    def screen_tables(self) -> list[Table]:
        """The tables shown on screen only."""
        return self.tables[len(self.printed_tables) :]


PAPERS = ("a4", "letter")


@dataclass
class Report:
    """An ordered list of sheets, the paper they print on and the study they are about
    (printed in every page header)."""

    sheets: list[Sheet]
    paper: Literal["a4", "letter"] = "a4"
    study: str = ""

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


def merge_groups(groups: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Join neighbouring column groups that carry the same label."""
    merged: list[tuple[str, int]] = []
    for label, span in groups:
        if merged and merged[-1][0] == label:
            merged[-1] = (label, merged[-1][1] + span)
        else:
            merged.append((label, span))
    return merged


def exact(value: str) -> str:
    """Formula: the lookup value ``value`` (a formula expression, never user text) with
    ``~``, ``*`` and ``?`` escaped, so ``MATCH(exact(x), range, 0)`` finds ``x`` itself and
    an option named ``~50%`` or ``a*b?`` is not read as a wildcard pattern (Excel's and
    LibreOffice's exact match treat those three as wildcards; ``~`` escapes them)."""
    escaped = value
    for char in ("~", "*", "?"):
        escaped = f'SUBSTITUTE({escaped},"{char}","~{char}")'
    return escaped
