"""The template chart XML is what openpyxl itself writes for the same chart."""

from __future__ import annotations

from xml.etree.ElementTree import Element, fromstring

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.xml.functions import tostring

from engine.io.charts import TemplateBarChart, bar_spec


def openpyxl_chart(ws, spec_args) -> BarChart:
    """The chart built the way openpyxl documents it (the engine's former code)."""
    title, categories, series, grouping, axis_title, number_format, header, last = spec_args
    bar = BarChart()
    bar.type = "bar"
    bar.title = title
    bar.grouping = grouping
    bar.overlap = 100
    for j in series:
        bar.add_data(Reference(ws, min_col=j, min_row=header, max_row=last), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=categories, min_row=header + 1, max_row=last))
    bar.x_axis.scaling.orientation = "maxMin"
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.x_axis.tickLblPos = "low"
    bar.x_axis.tickLblSkip = 1
    bar.y_axis.title = axis_title
    bar.y_axis.number_format = number_format
    bar.y_axis.majorGridlines = None
    bar.y_axis.crosses = "max"  # the value axis under the bars (categories run top down)
    return bar


def with_chart_text(chart_space: Element) -> Element:
    """openpyxl's chart space with the text properties the engine sets (11-point text,
    as the sheets' body text), which ``ChartBase`` cannot set: built with openpyxl's
    own classes and placed after the chart, where the schema puts ``c:txPr``."""
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=CharacterProperties(sz=1100)),
        endParaRPr=CharacterProperties(lang="en-US"),
    )
    paragraph.r = []
    text = RichText(p=[paragraph]).to_tree("txPr")
    children = list(chart_space)
    at = next(k for k, c in enumerate(children) if c.tag.endswith("chart")) + 1
    chart_space.insert(at, text)
    return chart_space


def tree(element: Element) -> tuple:
    """An element as nested tuples: namespaced tag, attributes, text, children."""
    text = (element.text or "").strip()
    return (element.tag, sorted(element.attrib.items()), text, [tree(c) for c in element])


@pytest.mark.parametrize(
    "args",
    [
        (
            "Score and its parts: A & B <c>",
            3,
            [5, 6, 7],
            "stacked",
            "contribution (0-100)",
            "0",
            14,
            35,
        ),
        ("Tornado: x", 1, [7, 8], "clustered", "change in margin", "0.0%", 13, 28),
        ("One series", 2, [4], "clustered", "score", "0.00", 5, 6),
    ],
)
def test_template_xml_equals_openpyxl_xml(args):
    ws = Workbook().active
    ws.title = "s0 status quo's"  # a name that needs quoting
    expected = tostring(with_chart_text(openpyxl_chart(ws, args)._write()))
    title, categories, series, grouping, axis_title, number_format, header, last = args
    spec = bar_spec(
        ws.title, title, categories, series, (header, last), grouping, axis_title, number_format
    )
    ours = tostring(TemplateBarChart(spec)._write())
    assert tree(fromstring(ours)) == tree(fromstring(expected))
    assert isinstance(TemplateBarChart(spec), ChartBase)


def test_coloured_series_and_a_bottom_legend_equal_openpyxl_xml():
    ws = Workbook().active
    args = ("Parts", 3, [5, 6], "stacked", "contribution", "0", 4, 9)
    bar = openpyxl_chart(ws, args)
    for series, colour in zip(bar.series, ("E69F00", "56B4E9"), strict=True):
        series.graphicalProperties.solidFill = colour
    bar.legend.position = "b"
    spec = bar_spec(
        ws.title,
        "Parts",
        3,
        [5, 6],
        (4, 9),
        "stacked",
        "contribution",
        "0",
        colours=("E69F00", "56B4E9"),
        legend="b",
    )
    ours = tostring(TemplateBarChart(spec)._write())
    assert tree(fromstring(ours)) == tree(fromstring(tostring(with_chart_text(bar._write()))))
