"""Evaluation: one row per delegate, the four ratings and their comments (outcome 3)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, select

from bot.export.context import Cells, ExportContext
from bot.export.instruments import evaluation_questions, label
from bot.export.sheet import PERSON, Column, SheetSpec
from storage.models import Cohort, Evaluation, Person


def rating_of(answer: Any) -> int | None:
    """The 1-5 rating in a stored answer, or None when it is missing or not a number."""
    if not isinstance(answer, Mapping):
        return None
    try:
        return int(answer.get("rating"))
    except (TypeError, ValueError):
        return None


def comment_of(answer: Any) -> str | None:
    comment = answer.get("comment") if isinstance(answer, Mapping) else None
    return comment if isinstance(comment, str) else None


def evaluation_columns() -> tuple[Column, ...]:
    per_question = []
    for question in evaluation_questions():
        per_question += [
            Column(f"{label(question)} rating", 10, f"1 (low) to 5 (high): {question.question}"),
            Column(f"{label(question)} comment", 50, f"The delegate's comment on {label(question).lower()}, word for word."),
        ]
    return (*PERSON, Column("Submitted", 17, "When the evaluation was last saved, in the cohort's timezone."), *per_question)


def evaluations_query(ctx: ExportContext) -> Select[Any]:
    return (
        select(
            Cohort.id,
            Cohort.name,
            Cohort.timezone,
            Person.platform_user_id,
            Person.display_name,
            Evaluation.updated_at,
            Evaluation.answers,
        )
        .join(Cohort, Evaluation.cohort_id == Cohort.id)
        .join(Person, Evaluation.person_id == Person.id)
        .where(Person.erased_at.is_(None))
        .where(*ctx.in_scope(Evaluation.cohort_id), *ctx.in_window(Evaluation.updated_at))
        .order_by(Cohort.name, Person.id)
    )


def evaluation_sheet(ctx: ExportContext) -> SheetSpec:
    questions = evaluation_questions()

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        for _, cohort, tz, user_id, name, submitted, answers in ctx.stream(evaluations_query(ctx)):
            row = [cells.text(cohort), *cells.person(user_id, name), cells.date(submitted, tz)]
            for question in questions:
                answer = (answers or {}).get(question.key)
                row += [rating_of(answer), cells.words(comment_of(answer))]
            yield row

    return SheetSpec(
        "Evaluation",
        evaluation_columns(),
        rows,
        "Outcome 3: how delegates rated the programme's quality, relevance, effectiveness and applicability.",
    )
