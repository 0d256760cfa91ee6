"""The report as data (no openpyxl): sheets of tables and charts, built from a study.

:mod:`engine.report.layout` defines the building blocks, :mod:`engine.report.study_sheets`
the ranking sheets, :mod:`engine.report.sensitivity_sheets` the sensitivity sheets and
:mod:`engine.report.build` puts reports together; :mod:`engine.io.excel_writer` renders them.
"""

from engine.report.build import build_report, build_sensitivity_report
from engine.report.layout import Chart, Column, Report, Sheet, Table
from engine.report.settings import Results, RunSettings, SensitivitySettings, evaluate_pairs

__all__ = [
    "Chart",
    "Column",
    "Report",
    "Results",
    "RunSettings",
    "SensitivitySettings",
    "Sheet",
    "Table",
    "build_report",
    "build_sensitivity_report",
    "evaluate_pairs",
]
