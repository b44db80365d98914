"""Messages and replies as plain Teams markdown activities; those with forms or buttons are cards (`activities`)."""

from __future__ import annotations

from typing import Any

from bot.interaction.exchange import Reply
from bot.messaging.messenger import Message
from handlers.teams.render.markup import NameOf, teams_markdown

LIMIT = 28_000  # Teams refuses messages over about 28 KB


def text_activity(text: str, name_of: NameOf) -> dict[str, Any]:
    body, mentions = teams_markdown(text, name_of)
    if len(body) > LIMIT:
        body = body[: LIMIT - 40] + " … (cut short: too long to show here)"
    activity: dict[str, Any] = {"type": "message", "textFormat": "markdown", "text": body}
    if mentions:
        activity["entities"] = mentions
    return activity


def message_activity(message: Message, name_of: NameOf) -> dict[str, Any]:
    """A domain message: its title in bold, its text, its footer in italics. Buttons need cards."""
    parts = [f"**{message.title}**"] if message.title else []
    parts.append(message.text)
    if message.footer:
        parts.append(f"_{message.footer}_")
    return text_activity("\n\n".join(part for part in parts if part), name_of)


def reply_activity(reply: Reply, name_of: NameOf) -> dict[str, Any]:
    """An answer to a person with no form or buttons (those are cards: `handlers.teams.render.activities`)."""
    return text_activity(reply.text, name_of)
