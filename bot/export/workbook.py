"""Build the evaluator's workbook sheet by sheet, streaming rows in constant memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.cohorts import find_cohort
from bot.export.cells import date_cell, text_cell
from storage.db import Database
from storage.models import Cohort, ExportAudit, Person, Reflection

STREAM_BATCH = 2000


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    meaning: str


@dataclass(frozen=True)
class ExportScope:
    cohorts: tuple[str, ...] = ()
    pseudonymise: bool = False

    def describe(self) -> dict[str, Any]:
        return {"cohorts": list(self.cohorts) or "all", "pseudonymise": self.pseudonymise}


@dataclass
class SheetSpec:
    title: str
    columns: Sequence[Column]
    rows: Callable[[WriteOnlyWorksheet], Iterable[list[Any]]]
    meaning: str = ""
    freeze: str = "A2"


def write_sheet(workbook: Workbook, spec: SheetSpec) -> int:
    """Widths, frozen header and filter are set before the first row, as write-only mode needs."""
    sheet = workbook.create_sheet(spec.title)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = spec.freeze
    sheet.append([column.header for column in spec.columns])
    count = 0
    for row in spec.rows(sheet):
        sheet.append(row)
        count += 1
    last = get_column_letter(len(spec.columns))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


REFLECTION_COLUMNS = (
    Column("Cohort", 18, "The cohort the delegate belongs to."),
    Column("Delegate", 24, "The delegate's name as shown in Slack."),
    Column("Slack ID", 14, "The delegate's Slack user ID."),
    Column("Written", 18, "When the reflection was written, in the cohort's timezone."),
    Column("Week", 7, "The programme week it was written in (blank outside the programme)."),
    Column("Visibility", 11, "private: the delegate, facilitators and evaluators; cohort: the whole cohort."),
    Column("Reflection", 80, "The reflection, word for word."),
)


def _in_batches(session: Session, query: Any) -> Iterator[Any]:
    yield from session.execute(query.execution_options(yield_per=STREAM_BATCH))


def reflection_rows(session: Session, scope: ExportScope) -> Callable[[WriteOnlyWorksheet], Iterator[list[Any]]]:
    query = (
        select(
            Cohort.name,
            Cohort.timezone,
            Person.display_name,
            Person.platform_user_id,
            Reflection.created_at,
            Reflection.week,
            Reflection.visibility,
            Reflection.text,
        )
        .join(Cohort, Reflection.cohort_id == Cohort.id)
        .join(Person, Reflection.person_id == Person.id)
        .where(Reflection.deleted_at.is_(None), Person.erased_at.is_(None))
        .order_by(Cohort.name, Reflection.created_at, Reflection.id)
    )
    if scope.cohorts:
        query = query.where(Cohort.name.in_(scope.cohorts))

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for cohort, tz, name, user_id, created, week, visibility, text in _in_batches(session, query):
            yield [
                text_cell(sheet, cohort),
                text_cell(sheet, name),
                text_cell(sheet, user_id),
                date_cell(sheet, created, tz),
                week,
                visibility,
                text_cell(sheet, text, wrap=True),
            ]

    return rows


def export_workbook(db: Database, out: Path, scope: ExportScope, *, actor: str) -> dict[str, int]:
    """Write the workbook to `out` and record the export in the audit log; returns rows per sheet."""
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    with db.read() as session:
        for name in scope.cohorts:
            find_cohort(session, name)
        spec = SheetSpec("Reflections", REFLECTION_COLUMNS, reflection_rows(session, scope))
        counts[spec.title] = write_sheet(workbook, spec)
    workbook.save(out)
    with db.write() as session:
        session.add(ExportAudit(actor=actor, scope=scope.describe(), pseudonymised=scope.pseudonymise, created_at=clock.now()))
    return counts
