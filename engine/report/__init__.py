"""The report as data (no openpyxl): sheets of tables and charts, built from a study.

:mod:`engine.report.layout` defines the building blocks, :mod:`engine.report.study_sheets`
the study sheets, :mod:`engine.report.ranking_sheets` the live ranking sheets,
:mod:`engine.report.sensitivity_sheets` the sensitivity sheets and :mod:`engine.report.build`
lays out a run's results (:mod:`engine.results`); :mod:`engine.io.report.excel_writer` renders them.
"""

from engine.report.build import build_portfolio_report, build_report, build_sensitivity_report
from engine.report.layout import Chart, Column, Report, Sheet, Table

__all__ = [
    "Chart",
    "Column",
    "Report",
    "Sheet",
    "Table",
    "build_portfolio_report",
    "build_report",
    "build_sensitivity_report",
]
