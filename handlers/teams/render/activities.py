"""Domain messages and replies as Teams activities: a card where there is something to press or fill in, else text.

A message with buttons is a card: posted in a channel (the weekly challenge) its buttons open
dialogs (`Surface.SHARED`); sent to a person, they are Universal Actions (`Surface.PERSONAL`).
A reply with a form is the form's card in the person's chat; a reply with buttons, a card; any
other message or reply, Teams markdown text (`handlers.teams.render.text`).
"""

from __future__ import annotations

from typing import Any

from bot.interaction.exchange import Reply
from bot.interaction.text import shorten
from bot.messaging.messenger import Message
from handlers.teams.render import text
from handlers.teams.render.card_text import NameOf
from handlers.teams.render.cards import Card, Surface, attachment
from handlers.teams.render.forms import form_card
from handlers.teams.render.messages import message_card, reply_card

SUMMARY = 120  # what a notification shows of a card


def card_activity(card: Card, summary: str = "") -> dict[str, Any]:
    activity: dict[str, Any] = {"type": "message", "attachments": [attachment(card)]}
    if summary:
        activity["summary"] = shorten(summary, SUMMARY)
    return activity


def message_activity(message: Message, name_of: NameOf, surface: Surface = Surface.SHARED) -> dict[str, Any]:
    if not message.buttons:
        return text.message_activity(message, name_of)
    return card_activity(message_card(message, surface, name_of), message.title or message.text)


def reply_activity(reply: Reply, name_of: NameOf) -> dict[str, Any]:
    """An answer to a person, in their chat with the bot."""
    if reply.form is not None:
        return card_activity(form_card(reply.form, Surface.PERSONAL, name_of=name_of), reply.form.title)
    if reply.buttons:
        return card_activity(reply_card(reply, Surface.PERSONAL, name_of), reply.text)
    return text.reply_activity(reply, name_of)
