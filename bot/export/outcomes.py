"""Outcomes: the first sheet. The four outcomes in plain sentences, then native charts a report can lift.

The sentences fill the first printed page; each chart starts a page of its own, with the
table it plots under it, so no chart is ever cut by a page break. Everything is laid out
before the first row is written, as write-only sheets need.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart._chart import ChartBase
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from bot.export.cells import header_cell, heading_cell, number_cell, percent_cell, text_cell
from bot.export.confidence_figures import RATINGS, confidence_figures
from bot.export.context import ExportContext
from bot.export.instruments import MEASURES, PHASES, confidence_items, evaluation_questions, label
from bot.export.outcome_sentences import outcome_sections
from bot.export.participation import CohortActivity, activities
from bot.export.scopes import ALL_COHORTS
from bot.export.sheet import LINE_HEIGHT, Column, SheetSpec
from bot.export.survey_figures import EvaluationFigures, evaluation_figures

OUTCOME_COLUMNS = (
    Column("Outcome", 40, "Row labels: the outcome, the item, phase, question or week."),
    *(
        Column(f"Figure {n}", 10, "The figures behind the sentences and charts; each table has its own header row.")
        for n in range(1, 10)
    ),
)
LAST_COLUMN = "J"
CHART_ROWS = 17  # rows kept for a chart (8 cm high at 15 points a row), well inside one printed page
CHART_WIDTH, CHART_HEIGHT = 24.0, 8.0
CHARS_PER_LINE = 120  # of a sentence across columns A to J
MAX_LINES = 8  # cohorts drawn as their own line in the weekly chart; beyond that, all cohorts as one
Row = Callable[[WriteOnlyWorksheet], list[Any]]


@dataclass
class Layout:
    """Rows to write, and what goes where: merged sentence rows, page breaks, charts and their anchors."""

    rows: list[Row] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (row, lines)
    breaks: list[int] = field(default_factory=list)  # a page break after each of these rows
    table_headers: list[int] = field(default_factory=list)
    charts: list[tuple[Callable[[WriteOnlyWorksheet], ChartBase], int]] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def add(self, row: Row) -> int:
        self.rows.append(row)
        return len(self.rows)

    def sentence(self, text: str) -> None:
        row = self.add(lambda sheet: [text_cell(sheet, text, wrap=True)])
        self.sentences.append((row, math.ceil(len(text) / CHARS_PER_LINE)))

    def new_page(self) -> None:
        self.breaks.append(len(self.rows))

    def chart(self, heading: str, make: Callable[[WriteOnlyWorksheet, int], ChartBase], table: list[Row]) -> None:
        """A page: the heading, the chart, then its table (header first), whose first row `make` is told."""
        self.new_page()
        self.add(lambda sheet: [heading_cell(sheet, heading)])
        anchor = self.next_row
        for _ in range(CHART_ROWS):
            self.add(lambda sheet: [])
        header_row = self.next_row
        self.table_headers.append(header_row)
        for row in table:
            self.add(row)
        self.charts.append((lambda sheet: make(sheet, header_row), anchor))


def _header(*labels: str) -> Row:
    return lambda sheet: [header_cell(sheet, value) for value in labels]


def _sized(chart: ChartBase, title: str) -> ChartBase:
    chart.title = title
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _paired_items(ctx: ExportContext, layout: Layout) -> None:
    figures = ctx.once(confidence_figures)
    items = confidence_items()
    table: list[Row] = [_header("Item", "Measure", "Paired n", "Mean change", "95% CI low", "95% CI high")]
    for item in items:
        group = figures.get(ALL_COHORTS, item.measure, item.key)
        interval = group.paired.interval

        def row(sheet: WriteOnlyWorksheet, item: Any = item, group: Any = group, interval: Any = interval) -> list[Any]:
            return [
                text_cell(sheet, item.key),
                item.measure,
                group.paired.n,
                number_cell(sheet, group.paired.mean, signed=True),
                number_cell(sheet, interval.low if interval else None, signed=True),
                number_cell(sheet, interval.high if interval else None, signed=True),
            ]

        table.append(row)

    def make(sheet: WriteOnlyWorksheet, header: int) -> ChartBase:
        chart = _sized(BarChart(), "Paired change per item, baseline to final")
        chart.type = "bar"
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=4, min_row=header, max_row=header + len(items)), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + len(items)))
        chart.x_axis.scaling.orientation = "maxMin"  # first item at the top, as in the table
        chart.y_axis.title = "Mean change"
        return chart

    layout.chart("Paired change per item (delegates who rated an item at both baseline and final)", make, table)


def _stacked(title: str, header: int, count: int, sheet: WriteOnlyWorksheet) -> ChartBase:
    """Horizontal bars of the share of ratings 1 to 5 (columns B to F), one bar per table row."""
    chart = _sized(BarChart(), title)
    chart.type, chart.grouping, chart.overlap = "bar", "percentStacked", 100
    chart.add_data(Reference(sheet, min_col=2, max_col=6, min_row=header, max_row=header + count), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + count))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.number_format = "0%"
    return chart


def _shares(sheet: WriteOnlyWorksheet, counts: dict[int, int]) -> list[Any]:
    n = sum(counts.values())
    return [percent_cell(sheet, counts[value] / n if n else None) for value in RATINGS]


def _distributions(ctx: ExportContext, layout: Layout) -> None:
    figures = ctx.once(confidence_figures)
    table: list[Row] = [_header("Survey and phase", *(f"Rated {value}" for value in RATINGS), "Ratings")]
    for measure in MEASURES:
        for phase in PHASES:
            counts = figures.get(ALL_COHORTS, measure).distribution[phase]
            name = f"{measure.capitalize()}, {phase}"
            table.append(lambda sheet, name=name, counts=counts: [name, *_shares(sheet, counts), sum(counts.values())])
    rows = len(table) - 1
    layout.chart(
        "Confidence and competence ratings by phase (share of ratings)",
        lambda sheet, header: _stacked("Ratings by phase (1 low, 5 high)", header, rows, sheet),
        table,
    )


def _evaluation(ctx: ExportContext, layout: Layout) -> None:
    figures = ctx.once(evaluation_figures).get(ALL_COHORTS, EvaluationFigures())
    table: list[Row] = [_header("Question", *(f"Rated {value}" for value in RATINGS), "Ratings", "Mean")]
    for question in evaluation_questions():
        answers = figures.questions.get(question.key)
        counts = answers.distribution() if answers else dict.fromkeys(RATINGS, 0)
        mean = answers.mean if answers else None
        name = label(question)
        table.append(
            lambda sheet, name=name, counts=counts, mean=mean: [
                name, *_shares(sheet, counts), sum(counts.values()), number_cell(sheet, mean)
            ]
        )
    rows = len(table) - 1
    layout.chart(
        "The programme's evaluation (share of ratings)",
        lambda sheet, header: _stacked("Evaluation ratings (1 low, 5 high)", header, rows, sheet),
        table,
    )


def weekly_shares(parts: list[CohortActivity], weeks: int) -> list[float | None]:
    """Per programme week: the share of delegates expected that week who reflected or logged evidence."""
    shares: list[float | None] = []
    for week in range(1, weeks + 1):
        expected = [d for part in parts for d in part.delegates if week in d.expected]
        shares.append(sum(1 for d in expected if d.kinds.get(week)) / len(expected) if expected else None)
    return shares


def _weekly(ctx: ExportContext, layout: Layout) -> None:
    cohort_activities = [activity for activity in activities(ctx) if activity.expected()]  # no empty cohort drawn
    if not cohort_activities:
        return
    lines = [(a.cohort.name, [a]) for a in cohort_activities] if len(cohort_activities) <= MAX_LINES else []
    if len(cohort_activities) > 1:
        lines.append((ALL_COHORTS, cohort_activities))
    weeks = max(activity.cohort.weeks for activity in cohort_activities)
    shares = [weekly_shares(parts, weeks) for _, parts in lines]
    table: list[Row] = [_header("Programme week", *(ctx.identity.words(name) for name, _ in lines))]
    for week in range(1, weeks + 1):
        values = [line[week - 1] for line in shares]
        table.append(lambda sheet, week=week, values=values: [week, *(percent_cell(sheet, v) for v in values)])

    def make(sheet: WriteOnlyWorksheet, header: int) -> ChartBase:
        chart = _sized(LineChart(), "Weekly participation")
        chart.add_data(
            Reference(sheet, min_col=2, max_col=1 + len(lines), min_row=header, max_row=header + weeks), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + weeks))
        for series in chart.series:
            series.smooth = False  # straight lines between weeks: a curve would dip below 0% or over 100%
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.number_format = "0%"
        chart.x_axis.title, chart.y_axis.title = "Programme week", "Delegates who took part"
        chart.display_blanks = "gap"  # weeks that did not run are gaps, not zeros
        return chart

    layout.chart("Weekly participation per cohort (weeks that did not run are left out)", make, table)


def _layout(ctx: ExportContext) -> Layout:
    layout = Layout()
    layout.add(lambda sheet: [heading_cell(sheet, "Outcomes: what the programme achieved")])
    scope = ", ".join(cohort.name for cohort in ctx.cohorts) if ctx.scope.cohorts else "All cohorts"
    dates = f"from {ctx.scope.date_from or 'the start'} to {ctx.scope.date_to or 'the time of export'}"
    layout.sentence(f"{scope}, {dates}. The figures behind each sentence are in the tables below and in the other sheets.")
    for section in outcome_sections(ctx):
        layout.add(lambda sheet, heading=section.heading: [heading_cell(sheet, heading)])
        for sentence in section.sentences:
            layout.sentence(sentence)
    _paired_items(ctx, layout)
    _distributions(ctx, layout)
    _evaluation(ctx, layout)
    _weekly(ctx, layout)
    return layout


def outcomes_sheet(ctx: ExportContext) -> SheetSpec:
    layout = _layout(ctx)

    def prepare(sheet: WriteOnlyWorksheet) -> None:
        for row, lines in layout.sentences:
            sheet.merged_cells.add(f"A{row}:{LAST_COLUMN}{row}")
            sheet.row_dimensions[row].height = LINE_HEIGHT * max(lines, 1) + 3
        for row in layout.table_headers:
            sheet.row_dimensions[row].height = LINE_HEIGHT * 2  # "Mean change", "95% CI low" wrap
        for row in layout.breaks:
            sheet.row_breaks.append(Break(id=row))
        for make, anchor in layout.charts:
            sheet.add_chart(make(sheet), f"A{anchor}")

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for row in layout.rows:
            yield row(sheet)

    return SheetSpec(
        "Outcomes",
        OUTCOME_COLUMNS,
        rows,
        "The four outcomes in plain sentences with the figures behind them, and charts ready for a report: paired "
        "change per item, ratings by phase, the evaluation, and weekly participation per cohort.",
        freeze=None,
        filter=False,
        prepare=prepare,
        header=False,
    )
