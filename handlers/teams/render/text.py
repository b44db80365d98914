"""Messages and replies as plain Teams markdown activities (cards come later, in this package)."""

from __future__ import annotations

from typing import Any

from bot.interaction.exchange import Form, Reply
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


def form_hint(form: Form) -> str:
    """What a form asks for, until cards show it: its title, its questions, and how to answer by typing."""
    lines = [f"**{form.title}**"]
    if form.intro:
        lines.append(form.intro)
    lines += [f"- {field.label}" + ("" if field.required else " (optional)") for field in form.fields]
    lines.append("To answer in words, type the command again with your text after it, e.g. `reflect What I tried this week`.")
    return "\n".join(lines)


def reply_activity(reply: Reply, name_of: NameOf) -> dict[str, Any]:
    """An answer to a person: its text, or what a form asks for."""
    text = reply.text if reply.form is None else "\n\n".join(part for part in (reply.text, form_hint(reply.form)) if part)
    return text_activity(text, name_of)
