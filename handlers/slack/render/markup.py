"""The domain's neutral markup (see `bot.messaging.markup`) as Slack mrkdwn, and Slack's typed text back."""

from __future__ import annotations

import re

from bot.messaging.markup import BOLD, LINK, PERSON, person

# A mention as Slack sends it in a command's text (`<@U0123ABCD|sam>` or `<@U0123ABCD>`).
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# A Slack user ID typed bare: U or W, then 6 or more capital letters or digits.
USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: only &, < and > need it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of what a person typed (commands with `should_escape: true`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mrkdwn(text: str) -> str:
    """Neutral markup as mrkdwn: **bold** becomes *bold*, links <url|text>, people <@U…> mentions.

    _italic_, `code` and bullet lines are the same in both.
    """
    text = escape(text)
    text = LINK.sub(lambda match: f"<{match.group(2)}|{match.group(1)}>", text)
    text = PERSON.sub(lambda match: f"<@{match.group(1)}>", text)
    return BOLD.sub(r"*\1*", text)


def typed_text(text: str, *, escaped: bool) -> str:
    """What a person typed, as the domain reads it: Slack's mentions become person references.

    Slack sends mentions as `<@U…|name>` only in commands it escapes (`should_escape: true`);
    other commands come as typed, so anything like a mention there is the person's own text.
    Mentions are read before unescaping, so an escaped look-alike stays text too.
    """
    if not escaped:
        return text
    return unescape(MENTION.sub(lambda match: person(match.group(1)), text))


def person_named(word: str) -> str | None:
    """The Slack user a word of a command names: a mention (already a person reference) or a bare user ID."""
    match = PERSON.fullmatch(word) or USER_ID.fullmatch(word)
    if match is None:
        return None
    return match.group(1) if match.re is PERSON else match.group(0)
