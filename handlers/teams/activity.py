"""Reading a Bot Framework activity: who sent it, from where, and what they typed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.messaging.addresses import TEAMS, PersonRef, Place, Workspace
from bot.messaging.markup import person

PERSONAL = "personal"
CHANNEL = "channel"
TAG = re.compile(r"<[^>]+>")


def _get(value: Any, *path: str) -> Any:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


@dataclass(frozen=True)
class Activity:
    body: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.body.get("type") or "")

    @property
    def id(self) -> str | None:
        return self.body.get("id")

    @property
    def service_url(self) -> str:
        return str(self.body.get("serviceUrl") or "")

    @property
    def tenant(self) -> str:
        return str(_get(self.body, "conversation", "tenantId") or _get(self.body, "channelData", "tenant", "id") or "")

    @property
    def workspace(self) -> Workspace:
        return Workspace(TEAMS, self.tenant)

    @property
    def kind(self) -> str:
        """personal, channel or groupChat."""
        return str(_get(self.body, "conversation", "conversationType") or PERSONAL)

    @property
    def conversation(self) -> str:
        return str(_get(self.body, "conversation", "id") or "")

    @property
    def team(self) -> str | None:
        return _get(self.body, "channelData", "team", "id")

    @property
    def channel(self) -> str | None:
        """The channel a channel activity came from (its conversation id names the thread too)."""
        return _get(self.body, "channelData", "channel", "id") or (
            self.conversation.split(";")[0] if self.kind == CHANNEL else None
        )

    @property
    def bot_id(self) -> str:
        return str(_get(self.body, "recipient", "id") or "")

    @property
    def sender(self) -> PersonRef | None:
        user_id = _get(self.body, "from", "id")
        return self.workspace.person(str(user_id)) if user_id and self.tenant else None

    @property
    def sender_name(self) -> str:
        return str(_get(self.body, "from", "name") or "")

    @property
    def place(self) -> Place:
        """Where it was said: the channel, or the personal chat."""
        return self.workspace.place(self.channel or self.conversation)

    def _mentions(self) -> list[dict[str, Any]]:
        entities = self.body.get("entities") or []
        return [e for e in entities if isinstance(e, dict) and e.get("type") == "mention" and isinstance(e.get("text"), str)]

    @property
    def mentions_bot(self) -> bool:
        return any(_get(m, "mentioned", "id") == self.bot_id for m in self._mentions())

    def typed_text(self) -> str:
        """What the person typed, as the domain reads it: the bot's @mention gone, other people's mentions
        as person references, Teams' HTML left out."""
        text = str(self.body.get("text") or "")
        for mention in self._mentions():
            user_id = _get(mention, "mentioned", "id")
            text = text.replace(mention["text"], "" if user_id == self.bot_id or not user_id else person(str(user_id)), 1)
        return html.unescape(TAG.sub("", text)).strip()
