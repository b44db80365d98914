"""Answers to commands typed to the bot, in its personal chat or after @mentioning it in a channel, as Teams activities.

A reply's text is a message; a reply with buttons, a card; a form, a form card in the person's
chat with the bot. In a channel everyone sees the bot's answer, so what is the person's own
(a form, which may hold their earlier answers; their journal; an export) goes to their personal
chat instead, and the channel is told so. `journal` answers with the journal card.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.interaction import dispatch
from bot.interaction.exchange import Reply, Request
from bot.interaction.outcomes import reply_for
from bot.journal.home import publish_home
from handlers.teams.invokes.answers import Activity
from handlers.teams.invokes.journal_capture import JournalCapture
from handlers.teams.render.card_text import CardText, NameOf, no_name
from handlers.teams.render.cards import Surface, attachment
from handlers.teams.render.forms import form_card
from handlers.teams.render.journal import journal_card
from handlers.teams.render.messages import reply_card
from handlers.teams.replies import FAILED

SENT_PRIVATELY = "I've sent that to you in our personal chat, where only you can see it."
EXPORT_IN_CHANNEL = (
    "Workbooks hold people's words, so I send them only in our personal chat. "
    "Open a chat with me (select my name, then **Chat**) and type `cohortbot export` there."
)


@dataclass(frozen=True)
class CommandAnswer:
    """What to send where: `here`, in the conversation the command came from; `privately`, in the
    person's chat with the bot. `reply` is the domain's, whose outbox rows are drained afterwards."""

    here: list[Activity] = field(default_factory=list)
    privately: list[Activity] = field(default_factory=list)
    reply: Reply = field(default_factory=Reply)


def text_message(text: str, name_of: NameOf = no_name) -> Activity:
    """Neutral markup as a Teams message: Markdown, with people as mentions."""
    rendered = CardText(name_of, keep_code=True)
    activity: Activity = {"type": "message", "text": rendered.markdown(text), "textFormat": "markdown"}
    if rendered.entities:
        activity["entities"] = rendered.entities
    return activity


def card_message(card: dict) -> Activity:
    return {"type": "message", "attachments": [attachment(card)]}


def reply_activity(reply: Reply, name_of: NameOf = no_name) -> Activity:
    """A reply in the person's chat with the bot: its form, its buttons as a card, or its text."""
    if reply.form is not None:
        return card_message(form_card(reply.form, Surface.PERSONAL, name_of=name_of))
    if reply.buttons:
        return card_message(reply_card(reply, Surface.PERSONAL, name_of))
    return text_message(reply.text, name_of)


def journal_activity(req: Request, page: int = 0, name_of: NameOf = no_name) -> Activity:
    capture = JournalCapture(req.ctx.messenger)
    publish_home(req.ctx.with_messenger(capture), req.actor.person, page)
    assert capture.home is not None
    return card_message(journal_card(capture.home, name_of=name_of))


def _is_export(command: str, text: str) -> bool:
    return command == "/cohortbot" and text.strip().lower().split()[:1] == ["export"]


def answer_command(req: Request, command: str, text: str, *, in_channel: bool, name_of: NameOf = no_name) -> CommandAnswer:
    """Run a typed command (`/reflect`, `/cohortbot`, …, as `dispatch` names them) and say what to send where."""
    if in_channel and _is_export(command, text):
        return CommandAnswer(here=[text_message(EXPORT_IN_CHANNEL)])
    if command == "/journal":
        journal = journal_activity(req, name_of=name_of)
        return CommandAnswer(here=[text_message(SENT_PRIVATELY)], privately=[journal]) if in_channel else CommandAnswer([journal])
    reply = reply_for(dispatch.run_command(req, command, text), failed=FAILED, their_words=text)
    if in_channel and reply.form is not None:
        return CommandAnswer(here=[text_message(SENT_PRIVATELY)], privately=[reply_activity(reply, name_of)], reply=reply)
    if in_channel and reply.buttons:
        return CommandAnswer(here=[card_message(reply_card(reply, Surface.SHARED, name_of))], reply=reply)
    return CommandAnswer(here=[reply_activity(reply, name_of)], reply=reply)
