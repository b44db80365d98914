"""About: what was exported, when, by whom and how, and a data dictionary of every column.

The dictionary is generated from the sheets' own Column definitions, so it cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.export.cells import date_cell, label_cell, text_cell
from bot.export.context import ExportContext
from bot.export.sheet import Column, SheetSpec

ABOUT_COLUMNS = (
    Column("Sheet", 20, ""),
    Column("Column", 26, ""),
    Column("Meaning", 100, ""),
    Column("Rows", 9, ""),
)
TITLE = "cohortbot evaluation workbook"
PSEUDONYMISED = (
    "Yes: names and Slack IDs are replaced by keyed pseudonyms (P- and ten characters; the same person has "
    "the same pseudonym in every export made with the same key), and so is everyone the bot knows in people's "
    "words: mentions, IDs, usernames, names and each word of a name (first names and surnames), whole words, "
    "whatever the case. A name that is also an ordinary word (Will, Grace) is replaced wherever it stands, and "
    "a name several people share becomes [a colleague]. Names the bot never knew are left as written."
)
NAMED = "No: this workbook holds names and Slack IDs. Keep it safe and share it only as the privacy notice allows."


def _cohorts(ctx: ExportContext) -> str:
    return ", ".join(cohort.name for cohort in ctx.cohorts) if ctx.scope.cohorts else "All cohorts"


def _filters(ctx: ExportContext) -> list[tuple[str, Any]]:
    scope = ctx.scope
    return [
        ("From", scope.date_from or "The beginning"),
        ("To", scope.date_to or "The time of export"),
        ("Pseudonymised", PSEUDONYMISED if scope.pseudonymise else NAMED),
        ("Dates", "Real Excel dates in each cohort's own timezone; --from and --to are whole days, inclusive."),
        ("Left out", "Entries their authors deleted, and everything of people whose data was erased."),
        (
            "Text",
            "People's words are verbatim and stored as text, never as formulas. Text longer than an Excel "
            "cell holds is cut, with a note saying how much.",
        ),
    ]


def write_about(
    sheet: WriteOnlyWorksheet,
    ctx: ExportContext,
    specs: Sequence[SheetSpec],
    counts: Mapping[str, int],
    *,
    actor: str,
    exported_at: datetime,
    timezone: str,
) -> None:
    """Fill the About sheet, created first (so it opens first) and written last (so it has the counts)."""
    sheet.append([label_cell(sheet, TITLE)])
    sheet.append(["Exported", date_cell(sheet, exported_at, timezone), timezone])
    sheet.append(["Exported by", text_cell(sheet, actor)])
    sheet.append(["Cohorts", text_cell(sheet, _cohorts(ctx))])
    for label, value in _filters(ctx):
        sheet.append([label, label_cell(sheet, value) if isinstance(value, str) else value])
    sheet.append([])
    sheet.append([column.header for column in ABOUT_COLUMNS])
    for spec in specs:
        sheet.append([spec.title, None, label_cell(sheet, spec.meaning, wrap=True), counts.get(spec.title)])
        for column in spec.columns if spec.header else ():
            sheet.append([spec.title, label_cell(sheet, column.header), label_cell(sheet, column.meaning, wrap=True)])
