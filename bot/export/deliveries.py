"""Prompts delivered: every scheduled post, planned against posted, with its status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, select

from bot.delivery.jobs import COHORT_WEEK
from bot.export.context import Cells, ExportContext
from bot.export.sheet import COHORT, Column, SheetSpec
from storage.models import Cohort, Delivery, Prompt

DELIVERY_COLUMNS = (
    COHORT,
    Column("Week", 7, "The programme week."),
    Column("Kind", 10, "prompt, reminder, survey, evaluation or digest."),
    Column("Prompt", 30, "The weekly challenge posted, for prompts."),
    Column("Author", 20, "Who wrote the challenge, as the prompt library records it."),
    Column("Licence", 12, "The challenge's licence; only openly licensed ones go into the open guide."),
    Column("Planned", 17, "When it was due, in the cohort's timezone."),
    Column("Posted", 17, "When it was actually posted (blank if not posted)."),
    Column("Minutes late", 9, "Posted minus planned, in minutes."),
    Column("Status", 10, "pending, sent, skipped, missed or failed, as the scheduler left it."),
    Column("Attempts", 9, "How many times the bot tried to post it."),
    Column("Error", 30, "Why the last attempt failed, if it did."),
)


def deliveries_query(ctx: ExportContext) -> Select[Any]:
    return (
        select(
            Cohort.name,
            Cohort.timezone,
            Delivery.week,
            Delivery.kind,
            Prompt.title,
            Prompt.author,
            Prompt.licence,
            Delivery.due_at,
            Delivery.sent_at,
            Delivery.status,
            Delivery.attempts,
            Delivery.error,
        )
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .outerjoin(Prompt, Delivery.prompt_id == Prompt.id)
        .where(*ctx.in_scope(Delivery.cohort_id), *ctx.in_window(Delivery.due_at), Delivery.subject_id == COHORT_WEEK)
        .order_by(Cohort.name, Delivery.due_at, Delivery.week, Delivery.kind)
    )


def deliveries_sheet(ctx: ExportContext) -> SheetSpec:
    query = deliveries_query(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        for cohort, tz, week, kind, prompt, author, licence, due, sent, status, attempts, error in ctx.stream(query):
            late = round((sent - due).total_seconds() / 60, 1) if sent else None
            yield [
                cells.text(cohort),
                week,
                kind,
                cells.text(prompt),
                cells.text(author),
                cells.text(licence),
                cells.date(due, tz),
                cells.date(sent, tz),
                late,
                status,
                attempts,
                cells.text(error),
            ]

    return SheetSpec(
        "Prompts delivered",
        DELIVERY_COLUMNS,
        rows,
        "How the programme ran: each scheduled post, when it was planned and when it went out.",
    )
