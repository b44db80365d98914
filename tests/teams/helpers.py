"""Small helpers for the Teams tests: what the database holds, and waiting for work done after the answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.config import Settings
from handlers.after_answer import finish_after_ack_work
from storage.db import Database
from storage.models import TeamsConversation
from tests.fakes.teams import CLIENT_ID, CLIENT_SECRET, TENANT_ID, FakeTeams


def conversations(db: Database) -> dict[str, dict[str, Any]]:
    with db.read() as session:
        rows = session.scalars(select(TeamsConversation).order_by(TeamsConversation.id))
        return {
            row.conversation: {"kind": row.kind, "team": row.team, "user": row.user_id, "removed": row.removed_at is not None}
            for row in rows
        }


def answered() -> None:
    """Wait for the answers and outbox work the bot does after answering Teams' request."""
    finish_after_ack_work()


def teams_settings(fake: FakeTeams, database_url: str, **more: object) -> Settings:
    """Settings for Teams alone, pointing at the fake; `more` adds or replaces settings."""
    values: dict[str, object] = {
        "teams_client_id": CLIENT_ID,
        "teams_client_secret": CLIENT_SECRET,
        "teams_tenant_id": TENANT_ID,
        "teams_openid_metadata_url": fake.metadata_url,
        "teams_token_url": fake.token_url,
        "database_url": database_url,
        "cohortbot_admins": frozenset({"29:admin"}),
    }
    return Settings(_env_file=None, **{**values, **more})  # type: ignore[arg-type]
