"""The platform-neutral markup the domain writes, and every adapter renders.

It is a small subset of Markdown, plus a person reference:

    **bold**   _italic_   `code`   [text](https://example.org)
    - a bullet line (or "• a bullet line"; shown as it is everywhere)
    @[U0123ABCD]   a person, by their id on the platform the text goes to

Slack shows it in its own markup (`handlers/slack/render/markup.py`), the console as plain terminal
text (`handlers/console/markup.py`). Anything else is plain text: adapters escape whatever
their platform would otherwise read as markup. People's own words pass through as they typed
them, with the mentions their platform sent already turned into person references.
"""

from __future__ import annotations

import re

BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)")
PERSON = re.compile(r"@\[([^\[\]\s]+)\]")


WORD_JOINER = "\u2060"  # invisible: `@⁠[U…]` looks as typed but is no person reference


def their_words(text: str) -> str:
    """A person's own words inside a message: shown as they typed them, but never read as a person
    reference, so nobody can make the bot notify someone by typing `@[U…]`."""
    return text.replace("@[", "@" + WORD_JOINER + "[")


def bold(text: str) -> str:
    return f"**{text}**"


def person(user_id: str) -> str:
    """A reference to a person that each platform shows its own way: a mention, or their name."""
    return f"@[{user_id}]"


def person_id(word: str) -> str | None:
    """The id in a word that is exactly one person reference, e.g. `@[U0123ABCD]`."""
    match = PERSON.fullmatch(word)
    return match.group(1) if match else None
