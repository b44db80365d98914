"""Quote bank: reflections whose authors agreed to be quoted, ready for a report, with no one named."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, select

from bot.export.cells import date_cell, text_cell
from bot.export.context import ExportContext
from bot.export.sheet import COHORT, Column, SheetSpec
from storage.models import Cohort, Person, Prompt, Reflection

QUOTE_COLUMNS = (
    COHORT,
    Column("Week", 7, "The programme week."),
    Column("Written", 17, "When it was written, in the cohort's timezone."),
    Column("Prompt", 30, "The weekly challenge it answers, if any."),
    Column("Quote", 90, "The reflection word for word, with every mention and known name replaced by [a colleague]."),
)


def quotes_query(ctx: ExportContext) -> Select[Any]:
    """Reflections in scope whose authors agreed to be quoted, by cohort and then oldest first."""
    return (
        select(Cohort.name, Cohort.timezone, Reflection.week, Reflection.created_at, Prompt.title, Reflection.text)
        .join(Cohort, Reflection.cohort_id == Cohort.id)
        .join(Person, Reflection.person_id == Person.id)
        .outerjoin(Prompt, Reflection.prompt_id == Prompt.id)
        .where(Reflection.open_content_consent.is_(True), Reflection.deleted_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(Reflection.cohort_id), *ctx.in_window(Reflection.created_at))
        .order_by(Cohort.name, Reflection.created_at, Reflection.id)
    )


def quotes_sheet(ctx: ExportContext, anonymise: Callable[[str], str]) -> SheetSpec:
    query = quotes_query(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for cohort, tz, week, written, prompt, text in ctx.stream(query):
            yield [
                text_cell(sheet, cohort),
                week,
                date_cell(sheet, written, tz),
                text_cell(sheet, prompt),
                text_cell(sheet, anonymise(text), wrap=True),
            ]

    return SheetSpec(
        "Quote bank",
        QUOTE_COLUMNS,
        rows,
        "Outcome 2: reflections whose authors agreed to them being quoted, anonymised, for the report and open content. "
        "Names the bot does not know (or a first name alone) are not replaced: read each quote before using it.",
    )
