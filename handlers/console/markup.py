"""The domain's neutral markup (see `bot.messaging.markup`) as plain terminal text."""

from __future__ import annotations

from collections.abc import Callable

from bot.messaging.markup import BOLD, CODE, ITALIC, LINK, PERSON


def plain(text: str, name_of: Callable[[str], str]) -> str:
    """No `*`, `_` or backticks: the words themselves; a link as `text (url)`, a person as `@Name`."""
    text = LINK.sub(lambda match: f"{match.group(1)} ({match.group(2)})", text)
    text = PERSON.sub(lambda match: "@" + name_of(match.group(1)), text)
    text = CODE.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    return ITALIC.sub(r"\1", text)
