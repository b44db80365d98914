"""What every front end is handed: settings and the database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.db import Database


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database

    @classmethod
    def start(cls, settings: Settings) -> Services:
        """Open the database and bring its schema up to date."""
        db = Database(settings.database_url)
        db.migrate()
        return cls(settings=settings, db=db)

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.cohortbot_admins
