"""The delegate's journal: /journal, and the Home screen with its paging, Delete and quoting buttons."""

from __future__ import annotations

import logging

from bot import clock
from bot.context import Context
from bot.delivery.outbox import SHARED_POST, enqueue
from bot.interaction.exchange import Reply, Request
from bot.interaction.text import shorten
from bot.journal import view
from bot.journal.entries import REFLECTION, EntryRef, own_entry
from bot.messaging.addresses import PersonRef
from bot.messaging.refusals import MessengerError
from storage.models import Reflection

log = logging.getLogger(__name__)
RECENT = 5


def publish_home(ctx: Context, person: PersonRef, page: int = 0) -> None:
    """Show the person their journal on the platform's home screen; best effort, never raises."""
    with ctx.db.read() as session:
        model = view.build_home(session, person, page=page, now=clock.now())
    try:
        ctx.messenger.publish_home(person, model)
    except MessengerError as error:
        log.warning("publishing the journal home for %s failed: %s", person, error)


def refresh_home(req: Request, page: int = 0) -> None:
    publish_home(req.ctx, req.actor.person, page)


def home_page(req: Request, value: str) -> Reply:
    """Older/Newer on the Home screen."""
    try:
        page = max(int(value), 0)
    except ValueError:
        page = 0
    refresh_home(req, page)
    return Reply()


def delete_entry(req: Request, value: str) -> Reply:
    """Delete one's own entry: a soft delete, so it leaves every view and export at once."""
    ref = EntryRef.parse(value)
    with req.ctx.db.write() as session:
        entry = own_entry(session, req.actor.person, ref)
        entry.deleted_at = clock.now()
        shared = isinstance(entry, Reflection) and entry.shared_message_id is not None
        queued = (enqueue(session, SHARED_POST, req.actor.person.scope, reflection_id=ref.id),) if shared else ()
    refresh_home(req, ref.page)
    return Reply(queued=queued)


def quote_entry(req: Request, value: str) -> Reply:
    """Opt one reflection in to (or back out of) being quoted in the programme's open content."""
    ref = EntryRef.parse(value)
    if ref.kind != REFLECTION:
        return Reply(text="Only reflections can be quoted in open content.")
    with req.ctx.db.write() as session:
        entry = own_entry(session, req.actor.person, ref)
        assert isinstance(entry, Reflection)
        entry.open_content_consent = not entry.open_content_consent
    refresh_home(req, ref.page)
    return Reply()


def journal(req: Request, text: str) -> Reply:
    """/journal: the most recent entries, privately, and a pointer to the Home tab for the rest."""
    with req.ctx.db.read() as session:
        model = view.build_home(session, req.actor.person, now=clock.now())
    if not model.enrolled:
        return Reply(
            text="Your journal is empty, and you're not enrolled in a cohort yet. Ask your programme facilitator to add you."
        )
    lines = ["**Your journal**"]
    if model.challenge:
        lines.append(f"Your challenge: {shorten(model.challenge, 300)}")
    lines += [f"Your 1-2-1 action: {shorten(action, 200)}" for action in model.actions]
    if not model.entries:
        lines.append("No entries yet. Use `/reflect` or `/evidence` to add your first.")
    for item in model.entries[:RECENT]:
        lines.append(f"• {item.label}: {shorten(item.text, 200)}")
    more = f" ({model.entry_count} entries in all)" if model.entry_count > RECENT else ""
    lines.append(f"Open cohortbot's **Home** tab to see everything{more}, edit or delete entries and set your challenge.")
    return Reply(text="\n".join(lines), home_page=0)
