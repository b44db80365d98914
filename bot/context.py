"""What every piece of domain work is handed: the settings, the database and a way to reach people."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.messaging.addresses import SLACK, UNKNOWN_WORKSPACE, PersonRef, Workspace
from bot.messaging.messenger import Messenger
from bot.people.admins import from_settings, is_workspace_admin
from storage.db import Database

if TYPE_CHECKING:
    from bot.delivery.leases import Replica

NOT_LEARNT = Workspace(SLACK, UNKNOWN_WORKSPACE)


@dataclass(frozen=True)
class Context:
    settings: Settings
    db: Database
    messenger: Messenger
    workspace: Workspace = NOT_LEARNT
    """The Slack workspace the bot token belongs to: where the CLI finds people and cohorts by id,
    and where COHORTBOT_ADMINS applies. Not learnt yet without a token (see `people.workspaces`)."""
    replica: Replica | None = None
    """This process as one of several replicas, while it keeps its lease (`cohortbot run`, `tick`):
    its claims name it, and it stops sending once its lease may have lapsed. None: a process on its own."""

    def with_messenger(self, messenger: Messenger) -> Context:
        """The same context reaching people through another messenger (e.g. one request's Slack client)."""
        return replace(self, messenger=messenger)

    def with_replica(self, replica: Replica | None) -> Context:
        return replace(self, replica=replica)

    def is_admin(self, person: PersonRef) -> bool:
        return from_settings(person, self.settings.cohortbot_admins, self.workspace) or is_workspace_admin(self.db, person)
