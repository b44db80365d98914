"""Where Slack's install flow keeps what it learns: slack_sdk's SQLAlchemy stores on cohortbot's database.

The stores are slack_sdk's own, on the tables migration 0015_slack_installations made (see
`storage.models`). Tokens (bot and user, access and refresh) are sealed with Fernet under
COHORTBOT_SECRET_KEY before they are written and unsealed as they are read, so a copy of the
database alone gives no one a way into a workspace.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import ColumnElement, Connection, Table, and_, func, or_, select, true

from bot.config import Settings
from bot.messaging.addresses import Workspace
from handlers.slack.workspaces import slack_workspace_of
from storage.db import Database
from storage.models import slack_bots, slack_installations, slack_oauth_states

log = logging.getLogger(__name__)

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
STATE_SECONDS = 600  # how long an "Add to Slack" link may wait for its way back

Entity = TypeVar("Entity", Bot, Installation)


class StoreEngine:
    """What slack_sdk's stores are handed as their engine: they read through `connect()` and write through
    `begin()`, which here is one of the database's own write transactions (on SQLite, BEGIN IMMEDIATE in
    turn with this process's other writers, so an install never meets "database is locked")."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def connect(self) -> Connection:
        return self._db.engine.connect()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self._db.write() as session:
            yield session.connection()


class Seal:
    """Encrypts tokens for the database and decrypts them on the way back."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key)

    def is_sealed(self, value: str) -> bool:
        try:
            self._fernet.decrypt(value.encode())
        except InvalidToken:
            return False
        return True

    def close(self, value: str | None) -> str | None:
        """The value sealed; one sealed already is left as it is (slack_sdk's `save` hands the installation,
        sealed by then, on to `save_bot`)."""
        if value is None or self.is_sealed(value):
            return value
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        return None if value is None else self._fernet.decrypt(value.encode()).decode()

    def tokens(self, entity: Entity, change: Callable[[str | None], str | None]) -> Entity:
        """A copy of an installation or bot with each of its tokens passed through `change`."""
        changed = copy.copy(entity)
        for name in TOKEN_FIELDS:
            if hasattr(changed, name):
                setattr(changed, name, change(getattr(changed, name)))
        return changed


@dataclass(frozen=True)
class Installed:
    """A workspace the app is installed in, as `cohortbot workspaces` lists it."""

    workspace: Workspace
    name: str
    installed_at: datetime
    enterprise: bool


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store on cohortbot's tables (made by `cohortbot migrate`, never `create_tables`), every token sealed."""

    def __init__(self, client_id: str, db: Database, seal: Seal) -> None:
        super().__init__(client_id=client_id, engine=StoreEngine(db), logger=log)  # type: ignore[arg-type]
        self.metadata = slack_installations.metadata
        self.installations = slack_installations
        self.bots = slack_bots
        self._seal = seal

    def save(self, installation: Installation) -> None:
        super().save(self._seal.tokens(installation, self._seal.close))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._seal.tokens(bot, self._seal.close))

    def build_installation_entity(self, row: Any) -> Installation:  # type: ignore[override]
        return self._seal.tokens(super().build_installation_entity(row), self._seal.open)

    def build_bot_entity(self, row: Any) -> Bot:  # type: ignore[override]
        return self._seal.tokens(super().build_bot_entity(row), self._seal.open)

    def bot_for(self, workspace: Workspace) -> Bot | None:
        """The latest bot installed in `workspace` (a team, or an org for an org-wide install), if any."""
        c = self.bots.c
        query = self.bots.select().where(self._of(self.bots, workspace), c.bot_token.is_not(None))
        with self.engine.connect() as connection:
            row = connection.execute(query.order_by(c.installed_at.desc()).limit(1)).mappings().first()
        return None if row is None else self.build_bot_entity(row)

    def installed(self) -> list[Installed]:
        """Every workspace with a bot installed, in the order they were first installed."""
        c = self.bots.c
        query = (
            select(c.enterprise_id, c.enterprise_name, c.team_id, c.team_name, c.is_enterprise_install, func.min(c.installed_at))
            .where(c.client_id == self.client_id, c.bot_token.is_not(None))
            .group_by(c.enterprise_id, c.enterprise_name, c.team_id, c.team_name, c.is_enterprise_install)
            .order_by(func.min(c.installed_at))
        )
        found: dict[Workspace, Installed] = {}
        with self.engine.connect() as connection:
            for enterprise_id, enterprise_name, team_id, team_name, org_wide, first in connection.execute(query):
                workspace = slack_workspace_of(team_id, enterprise_id, org_wide)
                name = (enterprise_name if org_wide else team_name) or workspace.id
                found.setdefault(workspace, Installed(workspace, name, first.replace(tzinfo=UTC), bool(org_wide)))
        return list(found.values())

    def remove(self, workspace: Workspace) -> None:
        """Forget every installation and bot of `workspace` (uninstalled, or its bot token revoked)."""
        with self.engine.begin() as connection:
            for table in (self.installations, self.bots):
                connection.execute(table.delete().where(self._of(table, workspace)))

    def _of(self, table: Table, workspace: Workspace) -> ColumnElement[bool]:
        """The rows of `table` for `workspace`: an org-wide install's by org, any other's by team."""
        c = table.c
        org_wide = c.is_enterprise_install == true()
        return and_(
            c.client_id == self.client_id,
            or_(and_(org_wide, c.enterprise_id == workspace.id), and_(~org_wide, c.team_id == workspace.id)),
        )


class OAuthStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store on cohortbot's table: each state is good once, for STATE_SECONDS."""

    def __init__(self, db: Database) -> None:
        super().__init__(expiration_seconds=STATE_SECONDS, engine=StoreEngine(db), logger=log)  # type: ignore[arg-type]
        self.metadata = slack_oauth_states.metadata
        self.oauth_states = slack_oauth_states

    def issue(self, *args: Any, **kwargs: Any) -> str:
        """A new state; the states of installs never finished are forgotten once they have expired."""
        with self.engine.begin() as connection:
            expired = self.oauth_states.c.expire_at <= normalize_datetime_for_db(datetime.now(UTC))
            connection.execute(self.oauth_states.delete().where(expired))
        return super().issue(*args, **kwargs)


def installation_store(settings: Settings, db: Database) -> InstallationStore:
    """The store for the app SLACK_CLIENT_ID names; COHORTBOT_SECRET_KEY must be set (see `Settings.require_oauth`)."""
    settings.require_oauth()
    return InstallationStore(settings.slack_client_id, db, Seal(settings.cohortbot_secret_key))
