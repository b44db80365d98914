"""What the bot does with each activity Teams sends: install events, commands typed as messages, invokes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.context import Context
from bot.delivery.drain import drain
from bot.interaction import dispatch
from bot.interaction.exchange import Actor, Reply, Request
from bot.interaction.outcomes import reply_for
from bot.interaction.text import NOT_SAVED
from bot.messaging.addresses import PersonRef
from handlers.after_answer import defer, run_steps
from handlers.teams import install
from handlers.teams.activity import CHANNEL, PERSONAL, Activity
from handlers.teams.commands import EXPORT_IN_CHANNEL, HELP, INTRO, JOURNAL, as_command, is_export
from handlers.teams.invokes import NOT_HANDLED, Answer, handle_invoke
from handlers.teams.journal import journal_card_for
from handlers.teams.messenger import TeamsMessenger
from handlers.teams.people import learn_name, person_named, recognise_admin
from handlers.teams.render import reply_activity
from handlers.teams.render.activities import card_activity
from handlers.teams.render.journal import TITLE as JOURNAL_TITLE
from handlers.teams.render.text import text_activity

FAILED = f"{NOT_SAVED} Please try again in a minute."
ANSWERED_PRIVATELY = "I've answered you in our personal chat."


@dataclass
class TeamsBot:
    """`ctx.messenger` reaches every platform the process speaks on; `teams` is its Teams messenger."""

    ctx: Context
    teams: TeamsMessenger
    _admins_seen: set[PersonRef] = field(default_factory=set)

    def handle(self, body: dict[str, Any]) -> Answer:
        activity = Activity(body)
        if activity.type == "invoke":
            return handle_invoke(self.ctx, self.teams, activity)
        if install.is_install(activity):
            install.installed(self.ctx.db, self.teams, activity)
        elif install.is_removal(activity):
            install.removed(self.ctx.db, activity)
        elif activity.type == "conversationUpdate":
            install.channel_event(self.ctx.db, activity)
        elif activity.type == "message":
            self.message(activity)
        return NOT_HANDLED

    def message(self, activity: Activity) -> None:
        person = activity.sender
        if person is None or (activity.kind != PERSONAL and not activity.mentions_bot):
            return  # in a channel or group chat, only what is said to the bot
        install.learn(self.ctx.db, activity)
        learn_name(self.ctx, activity, person)
        recognise_admin(self.ctx, self.teams, activity, person, self._admins_seen)
        text = activity.typed_text()
        req = Request(
            ctx=self.ctx,
            actor=Actor(person=person, place=activity.place, display_name=activity.sender_name or None),
            source_key=f"teams:activity:{activity.id}" if activity.id else None,
            person_named=person_named,
        )
        command = as_command(text)
        if activity.kind != PERSONAL and is_export(command):
            reply = Reply(text=EXPORT_IN_CHANNEL)
        else:
            reply = reply_for(dispatch.run_command(req, *(command or HELP)), failed=FAILED, their_words=text)
        if command is None:
            reply = Reply(text=f"{INTRO}\n\n{reply.text}")
        name_of = self.teams.name_of(person.workspace)
        journal = command is not None and command[0] == JOURNAL

        def rendered() -> dict[str, Any]:
            """The reply; for `journal`, the journal card (Teams has no home screen to show it on)."""
            if journal:
                return card_activity(journal_card_for(req, name_of=name_of), JOURNAL_TITLE)
            return reply_activity(reply, name_of)

        defer(lambda: self.after_answer(req, reply, lambda: self.answer(activity, person, rendered())))

    def answer(self, activity: Activity, person: PersonRef, rendered: dict[str, Any]) -> None:
        """In the personal chat, there; from a channel, privately in the personal chat, and a pointer in the thread."""
        if activity.kind == PERSONAL:
            self.teams.reply_activity(activity.place, {**rendered, "replyToId": activity.id} if activity.id else rendered)
            return
        self.teams.dm_activity(person, rendered)
        if activity.kind == CHANNEL and activity.channel:
            thread = activity.conversation.partition(";messageid=")[2] or activity.id
            pointer = text_activity(ANSWERED_PRIVATELY, self.teams.name_of(person.workspace))
            self.teams.reply_activity(activity.workspace.place(activity.channel, thread), pointer)

    @staticmethod
    def after_answer(req: Request, reply: Reply, answer: Callable[[], object]) -> None:
        """Answer the person, then do the outbox rows the reply queued; each failure is logged, not raised."""
        run_steps(req.actor.person, (answer, (lambda: drain(req.ctx, reply.queued)) if reply.queued else None))
