"""Confidence: one row per delegate and instrument item, baseline to final (outcome 1)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, case, select

from bot.export.context import Cells, ExportContext
from bot.export.instruments import PHASES, confidence_items
from bot.export.sheet import PERSON, Column, SheetSpec
from storage.models import Cohort, ConfidenceRating, Person

CONFIDENCE_COLUMNS = (
    *PERSON,
    Column("Item", 22, "The instrument item's stable key (bot/content/confidence.yaml)."),
    Column("Measure", 12, "confidence or competence."),
    Column("Statement", 60, "The statement the delegate rated, 1 (strongly disagree) to 5 (strongly agree)."),
    *(Column(phase.capitalize(), 10, f"The delegate's current rating at {phase}.") for phase in PHASES),
    Column("Change", 9, "Final minus baseline; blank unless both were given."),
)


def change(first: float | None, last: float | None) -> float | None:
    return None if first is None or last is None else last - first


def ratings_query(ctx: ExportContext) -> Select[Any]:
    """Current ratings in scope, by cohort, delegate and the instrument's own item order."""
    keys = [item.key for item in confidence_items()]
    item_order = case({key: index for index, key in enumerate(keys)}, value=ConfidenceRating.item_key, else_=len(keys))
    return (
        select(
            Cohort.name,
            Person.id,
            Person.platform_user_id,
            Person.display_name,
            ConfidenceRating.item_key,
            ConfidenceRating.phase,
            ConfidenceRating.rating,
        )
        .join(Cohort, ConfidenceRating.cohort_id == Cohort.id)
        .join(Person, ConfidenceRating.person_id == Person.id)
        .where(ConfidenceRating.superseded_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(ConfidenceRating.cohort_id), *ctx.in_window(ConfidenceRating.created_at))
        .order_by(Cohort.name, Person.id, item_order, ConfidenceRating.item_key, ConfidenceRating.created_at)
    )


def confidence_sheet(ctx: ExportContext) -> SheetSpec:
    items = {item.key: item for item in confidence_items()}
    query = ratings_query(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        for (cohort, _, user_id, name, key), answers in groupby(ctx.stream(query), key=lambda row: tuple(row[:5])):
            by_phase = {phase: rating for *_, phase, rating in answers}
            item = items.get(key)
            ratings = [by_phase.get(phase) for phase in PHASES]
            yield [
                cells.text(cohort),
                *cells.person(user_id, name),
                cells.text(key),
                item.measure if item else None,
                cells.text(item.statement if item else None),
                *ratings,
                change(ratings[0], ratings[-1]),
            ]

    return SheetSpec(
        "Confidence",
        CONFIDENCE_COLUMNS,
        rows,
        "Outcome 1: each delegate's self-rated confidence and competence, item by item, at baseline, midpoint and final.",
    )
