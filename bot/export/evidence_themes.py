"""Evidence themes: outcome 2 by theme, per cohort and overall."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import text_cell
from bot.export.context import ExportContext
from bot.export.scopes import scopes
from bot.export.sheet import COHORT, Column, SheetSpec
from bot.export.survey_figures import evidence_figures

THEME_COLUMNS = (
    COHORT,
    Column("Theme", 26, "A theme delegates tagged their evidence with."),
    Column("Entries", 9, "Evidence entries tagged with it."),
    Column("Delegates", 9, "Delegates who logged such evidence."),
    Column("Used again", 9, "Entries whose follow-up answer says the delegate used it again."),
)


def evidence_themes_sheet(ctx: ExportContext) -> SheetSpec:
    figures = ctx.once(evidence_figures)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        for scope in scopes(ctx):
            evidence = figures.get(scope)
            if evidence is None:
                continue
            for theme, entries in sorted(evidence.themes.items(), key=lambda pair: (-pair[1], pair[0])):
                yield [
                    text_cell(sheet, scope),
                    text_cell(sheet, theme),
                    entries,
                    len(evidence.theme_authors[theme]),
                    evidence.theme_used_again[theme],
                ]

    return SheetSpec(
        "Evidence themes",
        THEME_COLUMNS,
        rows,
        "Outcome 2: evidence entries by theme, most used first, per cohort and over all cohorts.",
    )
