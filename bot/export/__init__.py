"""The evaluator's workbook: streamed with openpyxl in write-only mode."""
