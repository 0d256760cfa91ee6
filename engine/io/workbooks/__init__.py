"""Workbooks planners fill in: the study and the weights workbook, read safely and written."""
