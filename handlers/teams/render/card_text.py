"""The domain's neutral markup (see `bot.messaging.markup`) as the Markdown an Adaptive Card's TextBlock shows.

Adaptive Cards read **bold**, _italic_, bullet lines and [links](https://…) as the domain writes them;
`code` has no style there, so it shows as the words alone. A person reference becomes a Teams mention:
`<at>Name</at>` in the text and a mention entity on the card, so Teams shows their name. Text typed
as `<at>…</at>` has no entity, so it notifies nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.messaging.markup import CODE, PERSON

NameOf = Callable[[str], str]


def no_name(user_id: str) -> str:
    """The name shown for a person whose name is not known here."""
    return "a colleague"


@dataclass
class CardText:
    """Markdown for a card's text blocks, collecting the mention entities that the card must carry."""

    name_of: NameOf = no_name
    entities: list[dict[str, Any]] = field(default_factory=list)

    def markdown(self, text: str) -> str:
        text = CODE.sub(r"\1", text)
        return PERSON.sub(lambda match: self._mention(match.group(1)), text)

    def _mention(self, user_id: str) -> str:
        tag = f"<at>{self.name_of(user_id)}</at>"
        if not any(entity["mentioned"]["id"] == user_id for entity in self.entities):
            self.entities.append({"type": "mention", "text": tag, "mentioned": {"id": user_id, "name": self.name_of(user_id)}})
        return tag
