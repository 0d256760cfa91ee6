"""Native charts of a report sheet: bars beside or below their table, scatter charts and
the option map, each reading its table's cells (so they follow a weight edit)."""

from __future__ import annotations

import math

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.data_source import StrData, StrRef, StrVal
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.cells import clean_text
from engine.io.charts import TemplateBarChart, bar_spec
from engine.report import Chart, Table


def render_chart(
    ws: Worksheet,
    chart: Chart,
    table: Table,
    position: tuple[int, int, int],
    at: int | None = None,
):
    """A native chart to the right of its table: horizontal bars (first row on top) or a
    scatter of markers."""
    top, header, last = position
    if last <= header:
        return
    if chart.style == "scatter":
        _render_scatter(ws, chart, table, position, at)
        return
    if chart.style == "map":
        _render_map(ws, chart, table, position, at)
        return
    if chart.rows is not None:
        last = min(last, header + chart.rows)
    spec = bar_spec(
        ws.title,
        chart.title,
        chart.categories + 1,
        [j + 1 for j in chart.series],
        (header, last),
        "stacked" if chart.style == "stacked" else "clustered",
        chart.axis_title,
        chart.number_format,
        chart.colours,
        chart.legend,
    )
    bar = TemplateBarChart(spec)
    bar.height, bar.width = chart_height(chart, table), (BELOW_WIDTH if chart.below else 22)
    if chart.below and at is not None:
        ws.add_chart(bar, ws.cell(at, 1).coordinate)
    else:  # the rows beside it were made tall enough (see _render_sheet)
        ws.add_chart(bar, ws.cell(top, len(table.columns) + 2).coordinate)


HIGHLIGHT = "C00000"
"""A scatter series in this colour (the chosen package) is drawn with larger markers."""

BELOW_WIDTH = 30.0
"""Width (cm) of a chart drawn under its table: the wide tables that put a chart below
them print at about 80 %, so the chart prints about 24 cm wide, with room for long bar
labels (at 24 cm LibreOffice shrank the tornado's labels of 78 characters to 7.8 points
in print)."""
ROW_CM = 0.53
"""Height of a 15-point row in centimetres (charts are sized in centimetres)."""


def chart_height(chart: Chart, table: Table) -> float:
    """Height (cm) of a chart: room for every bar's label (0.6 cm a bar), the title and
    axis, and a legend at the bottom (two entries a line); a scatter: 9 cm, a map 13."""
    if chart.style == "scatter":
        return 9.0
    if chart.style == "map":
        return 13.0
    bars = len(table.rows) if chart.rows is None else min(chart.rows, len(table.rows))
    legend = 0.5 * math.ceil(len(chart.series) / 2) if chart.legend == "b" else 0.0
    return max(7.5, 0.6 * bars + 3.5 + legend)


def chart_rows(chart: Chart, table: Table) -> int:
    """Rows kept free under a table for its chart (and one blank row after it)."""
    return int(chart_height(chart, table) / ROW_CM) + 2


def _render_map(
    ws: Worksheet,
    chart: Chart,
    table: Table,
    position: tuple[int, int, int],
    at: int | None = None,
):
    """One point per row, labelled with the row's label cell (the series' name): x from
    the categories column, y from the first series column."""
    top, header, last = position
    scatter = ScatterChart(scatterStyle="lineMarker")  # c:scatterStyle is required by Excel
    scatter.title = sized_title(chart.title, TITLE_SIZE)
    scatter.style = 13
    x_column, y_column = chart.categories + 1, chart.series[0] + 1
    if len(chart.axis_cells) == 2:  # titled by the cells a reader picks: they follow a pick
        scatter.x_axis.title = linked_title(*chart.axis_cells[0])
        scatter.y_axis.title = linked_title(*chart.axis_cells[1])
    else:
        scatter.x_axis.title = clean_text(table.columns[chart.categories].header)
        scatter.y_axis.title = clean_text(table.columns[chart.series[0]].header)
    for axis in (scatter.x_axis, scatter.y_axis):  # scaled to the points: they spread out
        axis.delete = False
        axis.crosses = "min"  # each axis on the low edge, not through negative values
    quoted = quote_sheetname(ws.title)
    places = label_places(table, chart.categories)
    for row in range(header + 1, last + 1):
        x = Reference(ws, min_col=x_column, min_row=row, max_row=row)
        y = Reference(ws, min_col=y_column, min_row=row, max_row=row)
        series = Series(y, x)
        label = f"{quoted}!${get_column_letter(x_column - 1)}${row}"
        series.tx = SeriesLabel(strRef=StrRef(label))
        _markers_only(series, "0072B2", 7)
        series.dLbls = DataLabelList(
            showSerName=True,
            showVal=False,
            showLegendKey=False,
            showCatName=False,
            showPercent=False,
            dLblPos=places[row - header - 1],
        )
        scatter.series.append(series)
    scatter.legend = None
    scatter.height, scatter.width = chart_height(chart, table), 20
    anchor = ws.cell(at, 1) if chart.below and at is not None else ws.cell(top, 6)
    ws.add_chart(scatter, anchor.coordinate)


def _markers_only(series: Series, colour: str, size: int) -> None:
    """Round markers of ``colour`` and ``size`` points, no line between them."""
    series.marker.symbol = "circle"
    series.marker.size = size
    series.marker.graphicalProperties.solidFill = colour
    series.marker.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.noFill = True


def label_places(table: Table, x_column: int) -> list[str]:
    """Where each point's label goes: above or below it (never on it), alternating
    along the x axis among the named points as the report opens, so two named
    neighbours do not print their names over each other."""
    places = ["t"] * len(table.rows)

    def cached(value):
        return getattr(value, "cached", value)

    named = [i for i, row in enumerate(table.rows) if cached(row[x_column - 1]) not in (None, "")]
    named.sort(key=lambda i: _number(cached(table.rows[i][x_column])))
    for k, i in enumerate(named):
        places[i] = "t" if k % 2 == 0 else "b"
    return places


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


TITLE_SIZE = 1200
"""Chart titles of scatter charts (hundredths of a point): the application's default (18
points in LibreOffice) took a third of the map's height for a two-line title."""


def sized_title(text: str, size: int) -> Title:
    """A chart or axis title of ``text`` in bold at ``size`` hundredths of a point."""
    run = RegularTextRun(rPr=CharacterProperties(sz=size, b=True), t=clean_text(text))
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size, b=True)))
    paragraph.r = [run]
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def linked_title(reference: str, text: str) -> Title:
    """An axis title that shows the cell ``reference`` (its ``text`` cached for readers that
    do not follow the link): the title changes when the cell does."""
    cache = StrData(ptCount=1, pt=[StrVal(idx=0, v=clean_text(text))])
    return Title(tx=Text(strRef=StrRef(f=reference, strCache=cache)), overlay=False)


def _render_scatter(
    ws: Worksheet,
    chart: Chart,
    table: Table,
    position: tuple[int, int, int],
    at: int | None = None,
):
    top, header, last = position
    scatter = ScatterChart(scatterStyle="lineMarker")  # c:scatterStyle is required by Excel
    scatter.title = clean_text(chart.title)
    scatter.style = 13
    scatter.x_axis.title = clean_text(chart.axis_title)
    scatter.y_axis.title = clean_text(chart.value_title or table.columns[chart.series[0]].header)
    scatter.x_axis.delete = scatter.y_axis.delete = False
    x = Reference(ws, min_col=chart.categories + 1, min_row=header + 1, max_row=last)
    colours = chart.colours or ("1F4E79", "C00000")
    for j, colour in zip(chart.series, colours, strict=True):
        y = Reference(ws, min_col=j + 1, min_row=header, max_row=last)
        series = Series(y, x, title_from_data=True)
        _markers_only(series, colour, 11 if colour == HIGHLIGHT else chart.marker)
        scatter.series.append(series)
    # each axis crosses the other at its lowest value: with negative x (a driver from -1 to
    # 0) the value axis would otherwise stand at x = 0, inside the plot, over the points
    scatter.x_axis.crosses = scatter.y_axis.crosses = "min"
    scatter.legend.position = "b"
    scatter.height, scatter.width = chart_height(chart, table), 18
    if chart.below and at is not None:
        ws.add_chart(scatter, ws.cell(at, 1).coordinate)
    else:
        ws.add_chart(scatter, ws.cell(top, len(table.columns) + 2).coordinate)
