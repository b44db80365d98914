"""Summary: the four outcomes per cohort at a glance, with native Excel charts.

Everything here is an aggregate (a row per cohort, a row per week), computed before the
sheet is written so the charts can point at cells whose places are already known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import func, select

from bot.export.cells import percent_cell, text_cell
from bot.export.coaching import SUMMARY_COLUMNS as SUPPORT_COLUMNS
from bot.export.coaching import support_figures
from bot.export.confidence import change
from bot.export.context import ExportContext
from bot.export.evaluation import evaluations_query, rating_of
from bot.export.instruments import MEASURES, PHASES, confidence_items, evaluation_questions, label
from bot.export.participation import EVIDENCE, REFLECTED, CohortActivity, activities
from bot.export.sessions import SUMMARY_COLUMNS as ATTENDANCE_COLUMNS
from bot.export.sessions import attendance_rates
from bot.export.sheet import COHORT, Column, SheetSpec
from storage.models import ConfidenceRating, Evidence, Person, Reflection

CHART_ROWS = 18  # rows each chart takes up, stacked under the tables
WEEKLY_HEADERS = ("Week", "Delegates", "Reflected", "Logged evidence", "Engaged")


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def summary_columns() -> tuple[Column, ...]:
    outcome_1 = [
        Column(f"{measure.capitalize()} {phase}", 11, f"Mean {measure} rating (1-5) at {phase}, over every item and delegate.")
        for measure in MEASURES
        for phase in (*PHASES, "change")
    ]
    outcome_3 = [
        Column(f"{label(question)} mean", 10, f"Mean evaluation rating (1-5): {question.question}")
        for question in evaluation_questions()
    ]
    return (
        COHORT,
        Column("Start", 11, "The programme's first day."),
        Column("Weeks", 7, "Programme length in weeks."),
        Column("Weeks run", 8, "Whole weeks that had ended by the export (or the --to date)."),
        Column("Delegates", 9, "Delegates enrolled (erased people left out)."),
        Column("Reflections", 11, "Reflections written."),
        Column("Reflection rate", 11, "Share of delegate-weeks run with at least one reflection."),
        Column("Evidence entries", 10, "Evidence entries logged (outcome 2)."),
        Column("Evidence rate", 10, "Share of delegate-weeks run with evidence logged."),
        Column("Engagement rate", 11, "Share of delegate-weeks run with a reflection or evidence."),
        *outcome_1,
        Column("Evaluations", 11, "Evaluations received (outcome 3)."),
        *outcome_3,
        *SUPPORT_COLUMNS,
        *ATTENDANCE_COLUMNS,
    )


@dataclass
class Weekly:
    """Delegates counted in each week that has run, and how many of them took part."""

    delegates: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))

    def add(self, activity: CohortActivity) -> None:
        for week in range(1, activity.weeks_run + 1):
            self.delegates[week] += len(activity.delegates)
            for delegate in activity.delegates:
                kinds = delegate.kinds.get(week, set())
                self.counts[week, REFLECTED] += REFLECTED in kinds
                self.counts[week, EVIDENCE] += EVIDENCE in kinds
                self.counts[week, "engaged"] += bool(kinds)

    def rows(self) -> list[list[Any]]:
        return [
            [week, count, *(self.counts[week, kind] / count for kind in (REFLECTED, EVIDENCE, "engaged"))]
            for week, count in sorted(self.delegates.items())
            if count
        ]


def _counts(ctx: ExportContext, model: Any) -> dict[int, int]:
    query = (
        select(model.cohort_id, func.count())
        .join(Person, model.person_id == Person.id)
        .where(model.deleted_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(model.cohort_id), *ctx.in_window(model.created_at))
        .group_by(model.cohort_id)
    )
    return {cohort_id: count for cohort_id, count in ctx.session.execute(query)}


def _confidence_means(ctx: ExportContext) -> dict[tuple[int, str, str], float | None]:
    """(cohort id, measure, phase) -> mean of current ratings."""
    measure_of = {item.key: item.measure for item in confidence_items()}
    query = (
        select(
            ConfidenceRating.cohort_id,
            ConfidenceRating.phase,
            ConfidenceRating.item_key,
            func.sum(ConfidenceRating.rating),
            func.count(),
        )
        .join(Person, ConfidenceRating.person_id == Person.id)
        .where(ConfidenceRating.superseded_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(ConfidenceRating.cohort_id), *ctx.in_window(ConfidenceRating.created_at))
        .group_by(ConfidenceRating.cohort_id, ConfidenceRating.phase, ConfidenceRating.item_key)
    )
    sums: dict[tuple[int, str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for cohort_id, phase, key, total, count in ctx.session.execute(query):
        if key in measure_of:
            running = sums[cohort_id, measure_of[key], phase]
            running[0] += total
            running[1] += count
    return {key: _mean(total, int(count)) for key, (total, count) in sums.items()}


def _evaluation_means(ctx: ExportContext) -> tuple[dict[int, int], dict[tuple[int, str], float | None]]:
    """Evaluations per cohort, and (cohort id, question key) -> mean rating."""
    received: dict[int, int] = defaultdict(int)
    sums: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for cohort_id, *_, answers in ctx.stream(evaluations_query(ctx)):
        received[cohort_id] += 1
        for question in evaluation_questions():
            rating = rating_of((answers or {}).get(question.key))
            if rating is not None:
                sums[cohort_id, question.key][0] += rating
                sums[cohort_id, question.key][1] += 1
    return received, {key: _mean(total, int(count)) for key, (total, count) in sums.items()}


def _cohort_rows(ctx: ExportContext, weekly: Weekly) -> list[list[Any]]:
    reflections, evidence = _counts(ctx, Reflection), _counts(ctx, Evidence)
    confidence = _confidence_means(ctx)
    received, evaluation = _evaluation_means(ctx)
    support, attendance = support_figures(ctx), attendance_rates(ctx)
    rows = []
    for activity in activities(ctx):
        weekly.add(activity)
        cohort, run = activity.cohort, activity.weeks_run
        outcome_1 = []
        for measure in MEASURES:
            means = [confidence.get((cohort.id, measure, phase)) for phase in PHASES]
            outcome_1 += [*means, change(means[0], means[-1])]
        rows.append(
            [
                cohort.name,
                cohort.start_date,
                cohort.weeks,
                run,
                len(activity.delegates),
                reflections.get(cohort.id, 0),
                activity.rate(sum(d.did(REFLECTED, run) for d in activity.delegates)),
                evidence.get(cohort.id, 0),
                activity.rate(sum(d.did(EVIDENCE, run) for d in activity.delegates)),
                activity.rate(sum(d.engaged(run) for d in activity.delegates)),
                *outcome_1,
                received.get(cohort.id, 0),
                *(evaluation.get((cohort.id, question.key)) for question in evaluation_questions()),
                *support.get(cohort.id, (0, 0)),
                attendance.get(cohort.id),
            ]
        )
    return rows


def _bar_chart(sheet: WriteOnlyWorksheet, title: str, first_col: int, cohorts: int) -> BarChart:
    chart = BarChart()
    chart.title = title
    chart.y_axis.title = "Mean rating (1-5)"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 1, 5
    chart.add_data(
        Reference(sheet, min_col=first_col, max_col=first_col + len(PHASES) - 1, min_row=1, max_row=cohorts + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=cohorts + 1))
    chart.width, chart.height = 24, 8
    return chart


def _weekly_chart(sheet: WriteOnlyWorksheet, header_row: int, weeks: int) -> LineChart:
    chart = LineChart()
    chart.title = "Weekly participation (share of delegates)"
    chart.y_axis.title = "Share of delegates"
    chart.y_axis.number_format = "0%"
    chart.x_axis.title = "Programme week"
    chart.add_data(
        Reference(sheet, min_col=3, max_col=len(WEEKLY_HEADERS), min_row=header_row, max_row=header_row + weeks),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + weeks))
    chart.width, chart.height = 24, 8
    return chart


def summary_sheet(ctx: ExportContext) -> SheetSpec:
    columns = summary_columns()
    weekly = Weekly()
    cohort_rows = _cohort_rows(ctx, weekly)
    weekly_rows = weekly.rows()
    weekly_header_row = len(cohort_rows) + 3
    percent_columns = {index for index, column in enumerate(columns) if column.header.endswith("rate")}

    def prepare(sheet: WriteOnlyWorksheet) -> None:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(cohort_rows) + 1}"
        below = weekly_header_row + len(weekly_rows) + 2
        if cohort_rows:
            for offset, measure in enumerate(MEASURES):
                first = next(i for i, c in enumerate(columns, 1) if c.header == f"{measure.capitalize()} {PHASES[0]}")
                chart = _bar_chart(sheet, f"{measure.capitalize()} by phase", first, len(cohort_rows))
                sheet.add_chart(chart, f"A{below + offset * CHART_ROWS}")
        if weekly_rows:
            chart = _weekly_chart(sheet, weekly_header_row, len(weekly_rows))
            sheet.add_chart(chart, f"A{below + len(MEASURES) * CHART_ROWS}")

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for row in cohort_rows:
            yield [
                text_cell(sheet, value) if index == 0 else percent_cell(sheet, value) if index in percent_columns else value
                for index, value in enumerate(row)
            ]
        yield []
        yield list(WEEKLY_HEADERS)
        for week, delegates, *shares in weekly_rows:
            yield [week, delegates, *(percent_cell(sheet, share) for share in shares)]

    return SheetSpec(
        "Summary",
        columns,
        rows,
        "Each cohort at a glance: participation, confidence and competence from baseline to final, and the "
        "evaluation means; below, the share of delegates taking part week by week (columns Week, Delegates, "
        "Reflected, Logged evidence, Engaged), and charts of both.",
        freeze="B2",
        filter=False,
        prepare=prepare,
    )
