"""`/cohortbot export [cohort] [pseudonymise]`: the workbook, sent by DM to the evaluator who asked.

Who may export what: admins, any cohort (all of them when none is named); evaluators, a cohort
they evaluate (all the cohorts they evaluate when none is named). Everyone else is refused.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlalchemy import select

from bot import clock
from bot.context import Context
from bot.delivery.jobs import NothingToSend
from bot.delivery.outbox import EXPORT, enqueue
from bot.export.context import ExportScope
from bot.export.names import export_name
from bot.export.workbook import export_workbook
from bot.interaction.errors import NotAllowed
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.messaging.addresses import PersonRef
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError
from bot.people.profiles import get_or_create_person, person_ref
from bot.people.roles import EVALUATOR, has_any_role, roles_in
from bot.programme.cohorts import cohorts_of, find_cohort
from storage.models import Cohort, Person

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


def _stored_scope(ctx: Context, person_id: int, cohort_ids: list[int], pseudonymise: bool) -> tuple[PersonRef, ExportScope]:
    """Who asked and what for, from the ids an outbox row keeps; NothingToSend if they are gone."""
    with ctx.db.read() as session:
        person = session.get(Person, person_id)
        names = tuple(session.scalars(select(Cohort.name).where(Cohort.id.in_(cohort_ids)).order_by(Cohort.name)))
        if person is None or person.erased_at is not None:
            raise NothingToSend("the person who asked is no longer known")
        asker = person_ref(person)
    if len(names) < len(cohort_ids):
        raise NothingToSend("a cohort asked for no longer exists")
    return asker, ExportScope(cohorts=names, pseudonymise=pseudonymise, workspace=asker.scope)


def workbook_title(request_id: int) -> str:
    """The file's title names the request (its outbox row), so a copy already sent can be found again."""
    return f"Your cohortbot workbook (request {request_id})"


def send_workbook(ctx: Context, request_id: int, person_id: int, cohort_ids: list[int], pseudonymise: bool) -> None:
    """Build the workbook in a temporary folder, DM it to the requester, and leave nothing behind.

    A refusal to deliver is raised, so the outbox tries again; a workbook that cannot be
    built is explained to the requester instead.
    """
    person, scope = _stored_scope(ctx, person_id, cohort_ids, pseudonymise)
    name = export_name(scope, clock.now(), ctx.settings.cohortbot_timezone)
    with tempfile.TemporaryDirectory(prefix="cohortbot-export-") as folder:
        path = Path(folder) / name
        try:
            counts = export_workbook(ctx, path, scope, actor=person)
        except Exception:
            log.exception("export for %s failed", person)
            _tell_failed(ctx, person)
            raise NothingToSend("the workbook could not be built") from None
        comment = (
            f"Here is your workbook: {counts.get('Reflections', 0)} reflections and "
            f"{counts.get('Evidence', 0)} evidence entries"
            + (", pseudonymised." if scope.pseudonymise else ". It holds names: please keep it safe.")
        )
        ctx.messenger.send_file(person, path, title=workbook_title(request_id), comment=comment)


def find_workbook(ctx: Context, request_id: int, person_id: int) -> Posted | None:
    """The workbook an interrupted try of request `request_id` sent, if it reached the person."""
    with ctx.db.read() as session:
        person = session.get(Person, person_id)
        asker = None if person is None else person_ref(person)
    return None if asker is None else ctx.messenger.find_file(asker, workbook_title(request_id))


def _tell_failed(ctx: Context, person: PersonRef) -> None:
    try:
        ctx.messenger.send_dm(person, Message(text=FAILED))
    except MessengerError:
        log.warning("could not tell %s that their export failed", person)


def export(req: Request, args: list[str]) -> Reply:
    scope = scope_for(req, args)
    with req.ctx.db.write() as session:
        person = get_or_create_person(session, req.actor.person)
        named = select(Cohort.id).where(Cohort.name.in_(scope.cohorts), Cohort.platform == req.actor.person.platform)
        cohort_ids = list(session.scalars(named.where(Cohort.workspace == req.actor.person.workspace)))
        queued = enqueue(
            session, EXPORT, req.actor.person.scope, person_id=person.id, cohort_ids=cohort_ids, pseudonymise=scope.pseudonymise
        )
    return Reply(text=BUILDING, queued=(queued,))


SUBCOMMANDS = (
    Subcommand(
        "export",
        "export [cohort] [pseudonymise]",
        "get the evaluation workbook by DM (evaluators and admins)",
        export,
        audience=may_export,
    ),
)
