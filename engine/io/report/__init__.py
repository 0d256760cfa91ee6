"""Report writing: a report (engine.report) rendered as an .xlsx workbook."""
