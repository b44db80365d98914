"""Rating distributions: how many delegates gave each rating, for each survey, phase and question."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import number_cell, text_cell
from bot.export.confidence_figures import RATINGS, confidence_figures
from bot.export.context import ExportContext
from bot.export.instruments import MEASURES, PHASES, evaluation_questions, label
from bot.export.scopes import scopes
from bot.export.sheet import COHORT, Column, SheetSpec
from bot.export.survey_figures import evaluation_figures

DISTRIBUTION_COLUMNS = (
    COHORT,
    Column("Survey", 12, "confidence or competence (outcome 1: every item of the measure), or evaluation (outcome 3)."),
    Column("Phase or question", 16, "baseline, midpoint or final; for the evaluation, the question."),
    Column("Ratings", 8, "How many ratings were given."),
    Column("Mean", 7, "Their mean, 1 to 5."),
    *(Column(f"Rated {value}", 8, f"How many ratings were {value}.") for value in RATINGS),
)


def distribution_cells(sheet: WriteOnlyWorksheet, counts: dict[int, int]) -> list[Any]:
    n = sum(counts.values())
    mean = sum(value * count for value, count in counts.items()) / n if n else None
    return [n, number_cell(sheet, mean), *(counts[value] for value in RATINGS)]


def distributions_sheet(ctx: ExportContext) -> SheetSpec:
    confidence, evaluation = ctx.once(confidence_figures), ctx.once(evaluation_figures)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for scope in scopes(ctx):
            for measure in MEASURES:
                group = confidence.get(scope, measure)
                for phase in PHASES:
                    yield [text_cell(sheet, scope), measure, phase, *distribution_cells(sheet, group.distribution[phase])]
            figures = evaluation.get(scope)
            for question in evaluation_questions():
                answers = figures.questions.get(question.key) if figures else None
                counts = answers.distribution() if answers else dict.fromkeys(RATINGS, 0)
                yield [text_cell(sheet, scope), "evaluation", label(question), *distribution_cells(sheet, counts)]

    return SheetSpec(
        "Rating distributions",
        DISTRIBUTION_COLUMNS,
        rows,
        "Outcomes 1 and 3: how many ratings of each value were given, per cohort and overall, for confidence and "
        "competence at each phase and for each evaluation question.",
        freeze="D2",
    )
