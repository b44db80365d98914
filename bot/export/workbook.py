"""Build the evaluator's workbook sheet by sheet, streaming rows in constant memory."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from bot import clock
from bot.context import Context
from bot.export.about import ABOUT_COLUMNS, TITLE, write_about
from bot.export.cells import ExportWorkbook
from bot.export.coaching import coaching_sheet
from bot.export.confidence import confidence_sheet
from bot.export.confidence_change import confidence_change_sheet
from bot.export.context import AsNamed, ExportContext, Exporter, ExportScope, Identity
from bot.export.deliveries import deliveries_sheet
from bot.export.distributions import distributions_sheet
from bot.export.evaluation import evaluation_sheet
from bot.export.evidence_themes import evidence_themes_sheet
from bot.export.journal_sheets import evidence_sheet, reflections_sheet
from bot.export.outcomes import outcomes_sheet
from bot.export.participation import participation_sheet
from bot.export.pseudonyms import Anonymiser, PeopleInText, Pseudonymiser, everyone, pseudonym_key
from bot.export.quotes import quotes_sheet
from bot.export.sessions import sessions_sheet
from bot.export.sheet import SheetSpec, new_sheet, write_sheet
from bot.export.summary import summary_sheet
from storage.models import ExportAudit

SheetBuilder = Callable[[ExportContext], SheetSpec]
# After Outcomes (first) and About: the figures per cohort, then one row per record.
SHEETS: tuple[SheetBuilder, ...] = (
    summary_sheet,
    confidence_change_sheet,
    distributions_sheet,
    evidence_themes_sheet,
    participation_sheet,
    reflections_sheet,
    evidence_sheet,
    confidence_sheet,
    evaluation_sheet,
    deliveries_sheet,
    sessions_sheet,
    coaching_sheet,
)


def identity_for(ctx: Context, scope: ExportScope, people: PeopleInText) -> Identity:
    if not scope.pseudonymise:
        return AsNamed()
    return Pseudonymiser(pseudonym_key(ctx.db, ctx.settings), people)


def new_workbook(identity: Identity) -> ExportWorkbook:
    """A write-only workbook whose text shows people as `identity` does, down to its document properties."""
    workbook = ExportWorkbook(identity.words)
    workbook.properties.creator = "cohortbot"
    workbook.properties.title = TITLE
    return workbook


SHEET_COUNT = len(SHEETS) + 3  # with Outcomes, About and the Quote bank


def export_workbook(
    ctx: Context,
    out: Path,
    scope: ExportScope,
    *,
    actor: Exporter,
    on_sheet: Callable[[str], None] = lambda title: None,
) -> dict[str, int]:
    """Write the workbook to `out` and record the export in the audit log; returns rows per sheet.

    `on_sheet` is told each sheet's title once it is written (a progress bar listens).
    """
    timezone = ctx.settings.cohortbot_timezone
    pseudonymised = scope.pseudonymise
    known = everyone(ctx.db)
    identity = identity_for(ctx, scope, PeopleInText(known, name_words=True))
    exported_at = clock.now()
    workbook = new_workbook(identity)
    counts: dict[str, int] = {}
    with ctx.db.read() as session:
        export = ExportContext.open(session, scope, identity, timezone)
        outcomes = outcomes_sheet(export)
        write_sheet(workbook, outcomes, pseudonymised=pseudonymised)
        on_sheet(outcomes.title)
        about = new_sheet(workbook, "About", ABOUT_COLUMNS, freeze=None, pseudonymised=pseudonymised, header=False)
        specs: list[SheetSpec] = [outcomes]
        anonymise = Anonymiser(PeopleInText(known, name_words=pseudonymised))
        builders = [*SHEETS[:6], partial(quotes_sheet, anonymise=anonymise), *SHEETS[6:]]
        for build in builders:
            spec = build(export)
            specs.append(spec)
            counts[spec.title] = write_sheet(workbook, spec, pseudonymised=pseudonymised)
            on_sheet(spec.title)
        write_about(about, export, specs, counts, actor=identity.exporter(actor), exported_at=exported_at, timezone=timezone)
        on_sheet("About")
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
