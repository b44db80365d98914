"""A sheet as data: its columns (which also feed the About sheet's data dictionary) and its rows."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import header_cell
from bot.export.printing import print_setup

LINE_HEIGHT = 15  # points: one line of text at the default size


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    meaning: str

    @property
    def fitted_width(self) -> float:
        """At least wide enough for the header's longest word, so wrapping never breaks a word."""
        return max(self.width, max((len(word) for word in self.header.split()), default=0) + 2)

    def header_lines(self) -> int:
        return len(textwrap.wrap(self.header, max(int(self.fitted_width) - 1, 1))) or 1


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
    header: bool = True  # False: the rows lay out the sheet themselves (the Outcomes sheet)


COHORT = Column("Cohort", 18, "The cohort's name.")
DELEGATE = Column("Delegate", 24, "The delegate's name as shown in Slack, or their pseudonym in a pseudonymised export.")
SLACK_ID = Column("Slack ID", 14, "The delegate's Slack user ID; blank in a pseudonymised export.")
PERSON = (COHORT, DELEGATE, SLACK_ID)


def header_lines(columns: Sequence[Column]) -> int:
    """How many lines the tallest header needs, wrapped word by word in its column."""
    return max((column.header_lines() for column in columns), default=1)


def new_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[Column],
    freeze: str | None,
    *,
    pseudonymised: bool,
    header: bool = True,
) -> WriteOnlyWorksheet:
    """A sheet with widths, frozen panes, a tall enough header row and print set-up, as write-only mode needs before any row."""
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.fitted_width
    sheet.freeze_panes = freeze
    if header:
        sheet.row_dimensions[1].height = LINE_HEIGHT * header_lines(columns)
    width = sum(column.fitted_width for column in columns)
    print_setup(sheet, width, pseudonymised=pseudonymised, title_rows="1:1" if header else None)
    return sheet


def header_row(sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> list[Any]:
    return [header_cell(sheet, column.header) for column in columns]


def write_sheet(workbook: Workbook, spec: SheetSpec, *, pseudonymised: bool) -> int:
    """Write the header and stream the rows; returns how many rows were written under the header."""
    sheet = new_sheet(workbook, spec.title, spec.columns, spec.freeze, pseudonymised=pseudonymised, header=spec.header)
    if spec.prepare is not None:
        spec.prepare(sheet)
    if spec.header:
        sheet.append(header_row(sheet, spec.columns))
    count = 0
    for row in spec.rows(sheet):
        sheet.append(row)
        count += 1
    if spec.filter:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{count + 1}"
    return count
