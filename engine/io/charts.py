"""Native bar charts written from a template: the XML openpyxl would write, built as text.

openpyxl builds a chart from hundreds of descriptor objects (one series object per data
column, each with its references) and serialises them one by one; for the report's
dozens of charts with up to twenty series that is a noticeable share of a run. A
:class:`TemplateBarChart` is an openpyxl chart in every respect that matters for
packaging (anchor, size, drawing and relationships are openpyxl's), but its own XML is
the text :func:`bar_chart_xml` writes, element for element what openpyxl writes for the
same chart (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import Element, fromstring
from xml.sax.saxutils import escape

from openpyxl.chart import BarChart
from openpyxl.utils import get_column_letter, quote_sheetname

from engine.io.cells import clean_text

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


@dataclass(frozen=True)
class BarSpec:
    """A horizontal bar chart over one table: categories and one series per column.

    References are formulas without the ``=`` (e.g. ``'Sheet'!$C$5:$C$9``).
    """

    title: str
    categories: str
    series: Sequence[tuple[str, str]]
    """(title cell, values range) per series."""
    grouping: str  # "stacked" or "clustered"
    axis_title: str
    number_format: str
    colours: Sequence[str] = ()
    """Fill colour (RGB hex) per series; empty: the application's palette."""
    legend: str = "r"
    """Legend position: "r" (right) or "b" (bottom, the plot keeps the chart's width)."""


def bar_spec(
    sheet: str,
    title: str,
    categories: int,
    series: Sequence[int],
    rows: tuple[int, int],
    grouping: str,
    axis_title: str,
    number_format: str,
    colours: Sequence[str] = (),
    legend: str = "r",
) -> BarSpec:
    """The spec of a chart over columns of sheet ``sheet`` (1-based column numbers): series
    titles in the header row, data from the row below it to ``last`` (``rows`` is
    ``(header, last)``)."""
    header, last = rows
    quoted = quote_sheetname(sheet)

    def column(j: int) -> str:
        letter = get_column_letter(j)
        first = f"${letter}${header + 1}"
        return f"{quoted}!{first}" if last == header + 1 else f"{quoted}!{first}:${letter}${last}"

    titles = [(f"{quoted}!{get_column_letter(j)}{header}", column(j)) for j in series]
    return BarSpec(
        title, column(categories), titles, grouping, axis_title, number_format, colours, legend
    )


class TemplateBarChart(BarChart):
    """An openpyxl bar chart whose XML comes from :func:`bar_chart_xml`."""

    def __init__(self, spec: BarSpec) -> None:
        super().__init__()
        self.spec = spec

    def _write(self) -> Element:
        return fromstring(bar_chart_xml(self.spec))


def bar_chart_xml(spec: BarSpec) -> str:
    """The chart part of a horizontal bar chart, first category on top, no gridlines; the
    value axis crosses at the last category, so its numbers stand under the bars, with
    the axis title, not above them."""
    fills = [
        f'<a:solidFill><a:srgbClr val="{spec.colours[k]}" /></a:solidFill>'
        if k < len(spec.colours)
        else ""
        for k in range(len(spec.series))
    ]
    series = "".join(
        f'<ser><idx val="{k}" /><order val="{k}" />'
        f"<tx><strRef><f>{escape(title)}</f></strRef></tx>"
        f'<spPr>{fills[k]}<a:ln><a:prstDash val="solid" /></a:ln></spPr>'
        f"<cat><numRef><f>{escape(spec.categories)}</f></numRef></cat>"
        f"<val><numRef><f>{escape(values)}</f></numRef></val></ser>"
        for k, (title, values) in enumerate(spec.series)
    )
    return (
        f'<chartSpace xmlns:a="{DRAWING_NS}" xmlns="{CHART_NS}"><chart>{_title(spec.title)}'
        f'<plotArea><barChart><barDir val="bar" /><grouping val="{spec.grouping}" />{series}'
        '<gapWidth val="150" /><overlap val="100" /><axId val="10" /><axId val="100" />'
        '</barChart><catAx><axId val="10" /><scaling><orientation val="maxMin" /></scaling>'
        '<delete val="0" /><axPos val="l" /><majorTickMark val="none" />'
        '<minorTickMark val="none" /><tickLblPos val="low" /><crossAx val="100" />'
        '<lblOffset val="100" /><tickLblSkip val="1" /></catAx><valAx><axId val="100" />'
        '<scaling><orientation val="minMax" /></scaling><delete val="0" /><axPos val="l" />'
        f"{_title(spec.axis_title)}"
        f'<numFmt formatCode="{escape(spec.number_format, {chr(34): "&quot;"})}" '
        'sourceLinked="0" /><majorTickMark val="none" /><minorTickMark val="none" />'
        '<crossAx val="10" /><crosses val="max" /></valAx></plotArea>'
        f'<legend><legendPos val="{spec.legend}" /></legend>'
        '<plotVisOnly val="1" /><dispBlanksAs val="gap" /></chart>'
        f"{CHART_TEXT}</chartSpace>"
    )


CHART_TEXT = (
    '<txPr><a:bodyPr /><a:p><a:pPr><a:defRPr sz="1100" /></a:pPr>'
    '<a:endParaRPr lang="en-US" /></a:p></txPr>'
)
"""The chart's text at 11 points, as the sheet's body text: the application's default (10
points in LibreOffice) printed below 8 points on a sheet fitted to the page at 78 %."""


def _title(text: str) -> str:
    return (
        "<title><tx><rich><a:bodyPr /><a:p><a:pPr><a:defRPr /></a:pPr>"
        f"<a:r><a:t>{escape(clean_text(text))}</a:t></a:r></a:p></rich></tx></title>"
    )
