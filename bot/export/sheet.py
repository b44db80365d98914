"""A sheet as data: its columns (which also feed the About sheet's data dictionary) and its rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    meaning: str


@dataclass(frozen=True)
class SheetSpec:
    title: str
    columns: Sequence[Column]
    rows: Callable[[WriteOnlyWorksheet], Iterable[Sequence[Any]]]
    meaning: str = ""
    freeze: str | None = "A2"
    filter: bool = True
    # Charts and the like, added before the first row; gets the sheet.
    prepare: Callable[[WriteOnlyWorksheet], None] | None = None


COHORT = Column("Cohort", 18, "The cohort's name.")
DELEGATE = Column("Delegate", 24, "The delegate's name as shown in Slack, or their pseudonym in a pseudonymised export.")
SLACK_ID = Column("Slack ID", 14, "The delegate's Slack user ID; blank in a pseudonymised export.")
PERSON = (COHORT, DELEGATE, SLACK_ID)


def new_sheet(workbook: Workbook, title: str, columns: Sequence[Column], freeze: str | None) -> WriteOnlyWorksheet:
    """A sheet with widths and frozen panes set, as write-only mode needs them before any row."""
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = freeze
    return sheet


def write_sheet(workbook: Workbook, spec: SheetSpec) -> int:
    """Write the header and stream the rows; returns how many rows were written under the header."""
    sheet = new_sheet(workbook, spec.title, spec.columns, spec.freeze)
    if spec.prepare is not None:
        spec.prepare(sheet)
    sheet.append([column.header for column in spec.columns])
    count = 0
    for row in spec.rows(sheet):
        sheet.append(row)
        count += 1
    if spec.filter:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{count + 1}"
    return count
