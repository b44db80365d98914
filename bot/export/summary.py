"""Summary: each cohort, and all of them together, at a glance.

Rates divide by the delegate-weeks expected: weeks that ran for the cohort inside the
export's dates while each delegate was enrolled (see `bot.export.weeks`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import number_cell, percent_cell, text_cell
from bot.export.coaching import SUMMARY_COLUMNS as SUPPORT_COLUMNS
from bot.export.coaching import support_figures
from bot.export.context import ExportContext
from bot.export.instruments import evaluation_questions, label
from bot.export.participation import CohortActivity, activities, totals
from bot.export.scopes import ALL_COHORTS
from bot.export.sessions import SUMMARY_COLUMNS as ATTENDANCE_COLUMNS
from bot.export.sessions import attendance_totals
from bot.export.sheet import COHORT, Column, SheetSpec
from bot.export.survey_figures import EvaluationFigures, EvidenceFigures, evaluation_figures, evidence_figures


def summary_columns() -> tuple[Column, ...]:
    outcome_3 = []
    for question in evaluation_questions():
        outcome_3 += [
            Column(f"{label(question)} mean", 10, f"Mean evaluation rating (1-5): {question.question}"),
            Column(f"{label(question)} n", 7, f"How many delegates rated {label(question).lower()}."),
        ]
    return (
        COHORT,
        Column("First post", 11, "The day the first weekly challenge went out (a pause does not move it)."),
        Column("Weeks planned", 8, "Programme length in weeks."),
        Column("Weeks run", 7, "Weeks whose challenge went out inside the export's dates and had ended by their end."),
        Column("Weeks skipped", 8, "Weeks a facilitator skipped: they count against no one."),
        Column("Weeks missed", 8, "Weeks whose post did not go out (missed or failed): they count against no one."),
        Column("Weeks paused", 8, "Calendar weeks the cohort was paused between posts; no programme week is lost."),
        Column("Delegates", 9, "Delegates enrolled (erased people left out)."),
        Column("Delegate-weeks", 9, "Weeks run while each delegate was enrolled, added up: what every rate divides by."),
        Column("Reflections", 11, "Reflections written."),
        Column("Reflection rate", 10, "Share of delegate-weeks with at least one reflection."),
        Column("Evidence entries", 9, "Evidence entries logged (outcome 2)."),
        Column("Evidence rate", 9, "Share of delegate-weeks with evidence logged."),
        Column("Engagement rate", 10, "Share of delegate-weeks with a reflection or evidence."),
        Column("Used again", 8, "Share of answered evidence follow-ups saying it was used again."),
        Column("Evaluations", 10, "Evaluations received (outcome 3)."),
        Column("Response rate", 9, "Evaluations received divided by delegates."),
        *outcome_3,
        *SUPPORT_COLUMNS,
        *ATTENDANCE_COLUMNS,
    )


def _row(
    sheet: WriteOnlyWorksheet,
    name: str,
    parts: list[CohortActivity],
    evidence: EvidenceFigures,
    evaluation: EvaluationFigures,
    support: dict[int, tuple[int, int]],
    attendance: dict[int, tuple[int, int]],
) -> list[Any]:
    total = totals(parts)
    ids = [part.cohort.id for part in parts]
    held, supported = (sum(support.get(cohort_id, (0, 0))[k] for cohort_id in ids) for k in (0, 1))
    attended, invited = (sum(attendance.get(cohort_id, (0, 0))[k] for cohort_id in ids) for k in (0, 1))
    one = parts[0].calendar if len(parts) == 1 else None
    outcome_3 = []
    for question in evaluation_questions():
        figures = evaluation.questions.get(question.key)
        outcome_3 += [number_cell(sheet, figures.mean if figures else None), figures.n if figures else 0]
    return [
        text_cell(sheet, name),
        one.first_post() if one else None,
        one.cohort.weeks if one else None,
        total.ran,
        total.skipped,
        total.missed,
        total.paused,
        total.delegates,
        total.expected,
        total.reflections,
        percent_cell(sheet, total.rate(total.reflected)),
        evidence.entries,
        percent_cell(sheet, total.rate(total.evidence)),
        percent_cell(sheet, total.rate(total.engaged)),
        percent_cell(sheet, evidence.used_again_share),
        evaluation.received,
        percent_cell(sheet, evaluation.received / total.delegates if total.delegates else None),
        *outcome_3,
        held,
        supported,
        percent_cell(sheet, attended / invited if invited else None),
    ]


def summary_sheet(ctx: ExportContext) -> SheetSpec:
    cohort_activities = activities(ctx)
    evidence, evaluation = ctx.once(evidence_figures), ctx.once(evaluation_figures)
    support, attendance = support_figures(ctx), attendance_totals(ctx)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for activity in cohort_activities:
            name = activity.cohort.name
            figures = evidence.get(name, EvidenceFigures()), evaluation.get(name, EvaluationFigures())
            yield _row(sheet, name, [activity], *figures, support, attendance)
        if len(cohort_activities) > 1:
            yield _row(sheet, ALL_COHORTS, cohort_activities, evidence[ALL_COHORTS], evaluation[ALL_COHORTS], support, attendance)

    return SheetSpec(
        "Summary",
        summary_columns(),
        rows,
        "Each cohort, and all of them together: how the programme ran, participation over the weeks expected of "
        "delegates, evidence used again, the evaluation's response rate and means, 1-2-1 support and session attendance.",
        freeze="B2",
    )
