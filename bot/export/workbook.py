"""Build the evaluator's workbook sheet by sheet, streaming rows in constant memory."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from bot import clock
from bot.context import Context
from bot.export.about import ABOUT_COLUMNS, write_about
from bot.export.coaching import coaching_sheet
from bot.export.confidence import confidence_sheet
from bot.export.context import AsNamed, ExportContext, Exporter, ExportScope, Identity
from bot.export.deliveries import deliveries_sheet
from bot.export.evaluation import evaluation_sheet
from bot.export.journal_sheets import evidence_sheet, reflections_sheet
from bot.export.participation import participation_sheet
from bot.export.pseudonyms import Mentions, Pseudonymiser, pseudonym_key
from bot.export.sessions import sessions_sheet
from bot.export.sheet import SheetSpec, new_sheet, write_sheet
from bot.export.summary import summary_sheet
from storage.models import ExportAudit

SHEETS = (
    summary_sheet,
    reflections_sheet,
    evidence_sheet,
    deliveries_sheet,
    confidence_sheet,
    evaluation_sheet,
    participation_sheet,
    sessions_sheet,
    coaching_sheet,
)


def identity_for(ctx: Context, scope: ExportScope) -> Identity:
    if not scope.pseudonymise:
        return AsNamed()
    return Pseudonymiser(pseudonym_key(ctx.db, ctx.settings), Mentions.of_everyone(ctx.db))


def export_workbook(ctx: Context, out: Path, scope: ExportScope, *, actor: Exporter) -> dict[str, int]:
    """Write the workbook to `out` and record the export in the audit log; returns rows per sheet."""
    timezone = ctx.settings.cohortbot_timezone
    identity = identity_for(ctx, scope)
    exported_at = clock.now()
    workbook = Workbook(write_only=True)
    about = new_sheet(workbook, "About", ABOUT_COLUMNS, freeze=None)
    counts: dict[str, int] = {}
    with ctx.db.read() as session:
        export = ExportContext.open(session, scope, identity, timezone)
        specs: list[SheetSpec] = []
        for build in SHEETS:
            spec = build(export)
            specs.append(spec)
            counts[spec.title] = write_sheet(workbook, spec)
        write_about(about, export, specs, counts, actor=str(actor), exported_at=exported_at, timezone=timezone)
    workbook.save(out)
    with ctx.db.write() as session:
        session.add(
            ExportAudit(
                actor=str(actor),
                kind="workbook",
                scope={**scope.describe(), "rows": counts},
                pseudonymised=scope.pseudonymise,
                created_at=exported_at,
            )
        )
    return counts
