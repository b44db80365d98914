"""What every front end is handed: settings and the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import ArgumentError, OperationalError

from bot.config import ConfigError, Settings
from storage.db import Database, safe_url


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database

    @classmethod
    def start(cls, settings: Settings) -> Services:
        """Open the database and bring its schema up to date; a database that can't be used stops here."""
        try:
            db = Database(settings.database_url)
            db.migrate()
        except (ArgumentError, OperationalError) as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise ConfigError(
                f"Could not open the database at DATABASE_URL={safe_url(settings.database_url)} ({reason}). "
                "Check it in the environment or in .env; see .env.example."
            ) from None
        return cls(settings=settings, db=db)

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.cohortbot_admins
