"""What every piece of domain work is handed: the settings, the database and a way to reach people."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.config import Settings
from bot.messaging.messenger import Messenger
from storage.db import Database


@dataclass(frozen=True)
class Context:
    settings: Settings
    db: Database
    messenger: Messenger

    def with_messenger(self, messenger: Messenger) -> Context:
        """The same context reaching people through another messenger (e.g. one request's Slack client)."""
        return replace(self, messenger=messenger)

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.cohortbot_admins
