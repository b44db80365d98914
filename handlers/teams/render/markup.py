"""The domain's neutral markup (see `bot.messaging.markup`) as Teams markdown, with real mentions.

Teams reads `**bold**`, `_italic_`, `` `code` `` and `[text](url)` as the domain writes them; `<`,
`>` and `&` are escaped so a person's words are never read as HTML or a fake `<at>` mention.
A person reference becomes `<at>Name</at>` plus the mention entity that makes it notify them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.messaging.markup import LINK, PERSON

NameOf = Callable[[str], str]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


TOKEN = re.compile(f"{LINK.pattern}|{PERSON.pattern}")  # groups: a link's text and address, a person's id


def teams_markdown(text: str, name_of: NameOf) -> tuple[str, list[dict[str, Any]]]:
    """The text as Teams markdown, and the mention entities it needs. A link's address is left as written."""
    pieces: list[str] = []
    mentions: list[dict[str, Any]] = []
    at = 0
    for match in TOKEN.finditer(text):
        pieces.append(escape(text[at : match.start()]))
        link_text, address, user_id = match.groups()
        if user_id is None:
            pieces.append(f"[{escape(link_text)}]({address})")
        else:
            name = name_of(user_id)
            tag = f"<at>{escape(name)}</at>"
            mentions.append({"type": "mention", "text": tag, "mentioned": {"id": user_id, "name": name}})
            pieces.append(tag)
        at = match.end()
    pieces.append(escape(text[at:]))
    return "".join(pieces), mentions
