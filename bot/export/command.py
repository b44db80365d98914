"""`/cohortbot export [cohort] [pseudonymise]`: the workbook, sent by DM to the evaluator who asked.

Who may export what: admins, any cohort (all of them when none is named); evaluators, a cohort
they evaluate (all the cohorts they evaluate when none is named). Everyone else is refused.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from bot import clock
from bot.export.context import ExportScope
from bot.export.workbook import export_workbook
from bot.interaction.errors import NotAllowed
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.messaging.messenger import Message
from bot.messaging.refusals import MessengerError
from bot.people.roles import EVALUATOR, has_any_role, roles_in
from bot.programme.cohorts import cohorts_of, find_cohort

log = logging.getLogger(__name__)
PSEUDONYMISE = {"pseudonymise", "pseudonymize", "pseudonymised", "pseudonymized"}
BUILDING = "Building your workbook; I'll send it to you here shortly."
REFUSED = "Sorry, only the programme's evaluators and admins can export the workbook."
FAILED = "Sorry, I couldn't build your workbook. Please try again in a few minutes, or ask an admin to look at the logs."


def may_export(req: Request) -> bool:
    if req.ctx.is_admin(req.actor.person):
        return True
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, EVALUATOR)


def scope_for(req: Request, args: list[str]) -> ExportScope:
    """The cohorts this person asked for and may export; raises NotAllowed otherwise."""
    if not may_export(req):
        raise NotAllowed(REFUSED)
    pseudonymise = any(arg.lower() in PSEUDONYMISE for arg in args)
    name = " ".join(arg for arg in args if arg.lower() not in PSEUDONYMISE)
    person = req.actor.person
    admin = req.ctx.is_admin(person)
    with req.ctx.db.read() as session:
        if name:
            cohort = find_cohort(session, person.scope, name)
            if not admin and EVALUATOR not in roles_in(session, person, cohort):
                raise NotAllowed(f"Sorry, you can only export the cohorts you evaluate, and {cohort.name} isn't one of them.")
            cohorts: tuple[str, ...] = (cohort.name,)
        elif admin:
            cohorts = ()
        else:
            cohorts = tuple(cohort.name for cohort in cohorts_of(session, person, EVALUATOR))
    return ExportScope(cohorts=cohorts, pseudonymise=pseudonymise, workspace=person.scope)


def send_workbook(req: Request, scope: ExportScope) -> None:
    """Build the workbook in a temporary folder, DM it to the requester, and leave nothing behind."""
    person = req.actor.person
    name = f"cohortbot-export-{clock.now():%Y-%m-%d}.xlsx"
    try:
        with tempfile.TemporaryDirectory(prefix="cohortbot-export-") as folder:
            path = Path(folder) / name
            counts = export_workbook(req.ctx, path, scope, actor=person)
            comment = (
                f"Here is your workbook: {counts.get('Reflections', 0)} reflections and "
                f"{counts.get('Evidence', 0)} evidence entries"
                + (", pseudonymised." if scope.pseudonymise else ". It holds names: please keep it safe.")
            )
            req.ctx.messenger.send_file(person, path, title=name, comment=comment)
    except Exception:
        log.exception("export for %s failed", person)
        try:
            req.ctx.messenger.send_dm(person, Message(text=FAILED))
        except MessengerError:
            log.warning("could not tell %s that their export failed", person)


def export(req: Request, args: list[str]) -> Reply:
    scope = scope_for(req, args)
    return Reply(text=BUILDING, after=lambda: send_workbook(req, scope))


SUBCOMMANDS = (
    Subcommand(
        "export",
        "export [cohort] [pseudonymise]",
        "get the evaluation workbook by DM (evaluators and admins)",
        export,
        audience=may_export,
    ),
)
