"""What a person typed to the bot in Teams, as the domain reads it: mentions become person references.

In a channel the bot sees only messages that @mention it, so a command comes as
`<at>cohortbot</at> cohortbot cohort enrol "Cohort 1" delegate <at>Sam Jones</at>` with one mention
entity for each `<at>` tag. The bot's own mention is dropped; every other becomes `@[29:…]`, which
the domain reads as that person (`bot.messaging.markup.person_id`). Teams' HTML entities are
undone, and curly quotes straightened, so a quoted cohort name reads as typed.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.messaging.markup import PERSON, person

# A Teams user id typed bare (29:…), as the command line also accepts.
USER_ID = re.compile(r"29:[\w\-.:]+")
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _mentions(activity: dict[str, Any]) -> list[tuple[str, str]]:
    """Each mention entity's `<at>` text and the id of the person it names."""
    found = []
    for entity in activity.get("entities") or ():
        mentioned = entity.get("mentioned") if isinstance(entity, dict) and entity.get("type") == "mention" else None
        if isinstance(mentioned, dict) and isinstance(entity.get("text"), str) and isinstance(mentioned.get("id"), str):
            found.append((entity["text"], mentioned["id"]))
    return found


def typed_text(activity: dict[str, Any]) -> str:
    """The message's text without the bot's own mention, with everyone else's as person references."""
    text = str(activity.get("text") or "")
    bot_id = (activity.get("recipient") or {}).get("id")
    for tag, user_id in _mentions(activity):
        text = text.replace(tag, "" if user_id == bot_id else person(user_id), 1)
    return html.unescape(text).translate(QUOTES).strip()


def person_named(word: str) -> str | None:
    """The Teams user a word of a command names: a mention (already a person reference) or a bare 29: id."""
    if match := PERSON.fullmatch(word):
        return match.group(1)
    return word if USER_ID.fullmatch(word) else None
