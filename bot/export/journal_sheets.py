"""Reflections and Evidence: one row per journal entry, deleted and erased entries left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, select

from bot.export.context import Cells, ExportContext
from bot.export.sheet import PERSON, Column, SheetSpec
from storage.models import Cohort, Evidence, Person, Prompt, Reflection

WEEK = Column("Week", 7, "The programme week the entry belongs to (blank outside the programme).")
PROMPT = Column("Prompt", 30, "The weekly challenge the entry answers, if any.")

REFLECTION_COLUMNS = (
    *PERSON,
    Column("Written", 17, "When the reflection was written, in the cohort's timezone."),
    WEEK,
    PROMPT,
    Column("Visibility", 11, "private: the delegate, facilitators and evaluators; cohort: the whole cohort."),
    Column("Open content consent", 12, "yes if the delegate agreed to the reflection being reused, anonymised, as open content."),
    Column("Reflection", 80, "The reflection, word for word."),
)

EVIDENCE_COLUMNS = (
    *PERSON,
    Column("Logged", 17, "When the evidence was logged, in the cohort's timezone."),
    WEEK,
    PROMPT,
    Column("What they applied", 40, "The approach, technique or technology the delegate applied (outcome 2)."),
    Column("Where", 40, "The context they applied it in."),
    Column("Outcome", 40, "What happened as a result."),
    Column("Themes", 24, "Themes the delegate tagged, separated by commas."),
    Column("Link", 30, "A link the delegate gave to the work, as text."),
    Column("Quick entry", 8, "yes if logged with the one-line quick form."),
    Column("Follow-up asked", 17, "When the bot asked later what came of it."),
    Column("Follow-up answered", 17, "When the delegate answered the follow-up."),
    Column("Used again", 8, "The follow-up's answer to 'Did you use it again?': yes, not yet or no."),
    Column("Follow-up answer", 60, "What changed, in the delegate's words."),
)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def entries_query(ctx: ExportContext, model: type[Reflection] | type[Evidence], *columns: Any) -> Select[Any]:
    """A journal entry's cohort, author and prompt, then `columns`: in scope, not deleted, not erased, oldest first."""
    return (
        select(Cohort.name, Cohort.timezone, Person.platform_user_id, Person.display_name, model.created_at, model.week)
        .add_columns(Prompt.title, *columns)
        .join(Cohort, model.cohort_id == Cohort.id)
        .join(Person, model.person_id == Person.id)
        .outerjoin(Prompt, model.prompt_id == Prompt.id)
        .where(model.deleted_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(model.cohort_id), *ctx.in_window(model.created_at))
        .order_by(Cohort.name, model.created_at, model.id)
    )


def reflections_query(ctx: ExportContext) -> Select[Any]:
    return entries_query(ctx, Reflection, Reflection.visibility, Reflection.open_content_consent, Reflection.text)


def evidence_query(ctx: ExportContext) -> Select[Any]:
    return entries_query(
        ctx,
        Evidence,
        Evidence.technique,
        Evidence.context,
        Evidence.outcome,
        Evidence.themes,
        Evidence.link,
        Evidence.is_quick,
        Evidence.follow_up_sent_at,
        Evidence.follow_up_answered_at,
        Evidence.follow_up_used_again,
        Evidence.follow_up_answer,
    )


def reflections_sheet(ctx: ExportContext) -> SheetSpec:
    query = reflections_query(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        for cohort, tz, user_id, name, written, week, prompt, visibility, consent, text in ctx.stream(query):
            yield [
                cells.text(cohort),
                *cells.person(user_id, name),
                cells.date(written, tz),
                week,
                cells.text(prompt),
                visibility,
                _yes(consent),
                cells.words(text),
            ]

    return SheetSpec("Reflections", REFLECTION_COLUMNS, rows, "Outcomes 1 and 2: every reflection delegates wrote, one per row.")


def evidence_sheet(ctx: ExportContext) -> SheetSpec:
    query = evidence_query(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        for row in ctx.stream(query):
            (
                cohort,
                tz,
                user_id,
                name,
                logged,
                week,
                prompt,
                technique,
                where,
                outcome,
                themes,
                link,
                quick,
                asked,
                answered,
                used_again,
                answer,
            ) = row
            yield [
                cells.text(cohort),
                *cells.person(user_id, name),
                cells.date(logged, tz),
                week,
                cells.text(prompt),
                cells.words(technique),
                cells.words(where),
                cells.words(outcome),
                cells.text(", ".join(themes or ())),
                cells.text(link),
                _yes(quick),
                cells.date(asked, tz),
                cells.date(answered, tz),
                used_again,
                cells.words(answer),
            ]

    return SheetSpec(
        "Evidence",
        EVIDENCE_COLUMNS,
        rows,
        "Outcome 2: evidence that delegates applied new approaches in their work, with what came of it later.",
    )
