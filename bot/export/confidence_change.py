"""Confidence change: outcome 1 per cohort and overall, paired delegate by delegate, with unpaired means as context."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import number_cell, percent_cell, text_cell
from bot.export.confidence_figures import BASELINE, FINAL, Group, confidence_figures
from bot.export.context import ExportContext
from bot.export.instruments import MEASURES, PHASES, confidence_items
from bot.export.paired import CONFIDENCE_LEVEL
from bot.export.scopes import scopes
from bot.export.sheet import COHORT, Column, SheetSpec

CI = f"{CONFIDENCE_LEVEL:.0%} CI"
CHANGE_COLUMNS = (
    COHORT,
    Column("Measure", 12, "confidence or competence."),
    Column("Item", 22, "The instrument item's key; blank for the whole measure (all its items)."),
    Column("Statement", 44, "The statement delegates rated, 1 (strongly disagree) to 5 (strongly agree)."),
    *(Column(f"{phase.capitalize()} n", 9, f"Delegates who rated this at {phase}.") for phase in PHASES),
    Column("Paired n", 8, f"Delegates who rated this at both {BASELINE} and {FINAL}: the paired figures are theirs."),
    Column(
        "Mean change",
        9,
        f"Mean of each paired delegate's {FINAL} minus {BASELINE} (their mean over the items they rated both times).",
    ),
    Column(f"{CI} low", 9, f"Lower end of the {CI} of the mean change: t-interval, mean ± t × SD / √n (two or more pairs)."),
    Column(f"{CI} high", 9, f"Upper end of the {CI} of the mean change."),
    Column("Improved", 9, "Paired delegates whose rating went up."),
    Column("Same", 7, "Paired delegates whose rating did not change."),
    Column("Worse", 7, "Paired delegates whose rating went down."),
    Column("Share improved", 9, "Improved divided by paired n."),
    *(
        Column(f"Unpaired {phase} mean", 10, f"Context only: mean of every rating at {phase}, paired or not.")
        for phase in PHASES
    ),
)


def group_cells(sheet: WriteOnlyWorksheet, group: Group) -> list[Any]:
    paired, interval = group.paired, group.paired.interval
    return [
        *(group.answered[phase] for phase in PHASES),
        paired.n,
        number_cell(sheet, paired.mean, signed=True),
        number_cell(sheet, interval.low if interval else None, signed=True),
        number_cell(sheet, interval.high if interval else None, signed=True),
        paired.improved,
        paired.same,
        paired.worse,
        percent_cell(sheet, paired.improved / paired.n if paired.n else None),
        *(number_cell(sheet, group.unpaired_means[phase]) for phase in PHASES),
    ]


def confidence_change_sheet(ctx: ExportContext) -> SheetSpec:
    figures = ctx.once(confidence_figures)
    items = confidence_items()

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for scope in scopes(ctx):
            for measure in MEASURES:
                yield [text_cell(sheet, scope), measure, None, None, *group_cells(sheet, figures.get(scope, measure))]
                for item in items:
                    if item.measure == measure:
                        group = figures.get(scope, measure, item.key)
                        yield [text_cell(sheet, scope), measure, item.key, text_cell(sheet, item.statement, wrap=True),
                               *group_cells(sheet, group)]

    return SheetSpec(
        "Confidence change",
        CHANGE_COLUMNS,
        rows,
        "Outcome 1: how each delegate's own ratings moved from baseline to final, per cohort and overall, for each "
        "measure and item, with the 95% confidence interval of the mean change. Unpaired means are context only.",
        freeze="E2",
    )
