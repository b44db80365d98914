"""Rows made before the bot knew its Slack workspace, adopted into it once it does.

Databases from before workspaces existed, and cohorts (and their outbox work) the CLI made with no
bot token, keep the workspace UNKNOWN_WORKSPACE. In single-token mode there is only one workspace
they can mean, so when the bot learns it (auth.test at start) it moves them there. A row whose twin
already exists in the workspace (same user id, or a cohort of the same name or channel) is left where it is and logged.
"""

from __future__ import annotations

import logging

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from bot.messaging.addresses import UNKNOWN_WORKSPACE, Workspace
from storage.db import Database
from storage.models import Cohort, OutboxItem, Person, WorkspaceAdmin

log = logging.getLogger(__name__)

# What is unique per workspace: a row may not join a workspace holding its twin in any of these.
UNIQUE_IN_WORKSPACE = (
    (Person, ("platform_user_id",)),
    (Cohort, ("name", "conversation")),
    (WorkspaceAdmin, ("platform_user_id",)),
)


def only_workspace(db: Database, platform: str) -> Workspace | None:
    """The platform's one known workspace, when the database holds cohorts or people of just one."""
    with db.read() as session:
        known = set(session.scalars(select(Cohort.workspace).where(Cohort.platform == platform).distinct()))
        known |= set(session.scalars(select(Person.workspace).where(Person.platform == platform).distinct()))
    known.discard(UNKNOWN_WORKSPACE)
    return Workspace(platform, known.pop()) if len(known) == 1 else None


def adopt_unknown(db: Database, workspace: Workspace) -> int:
    """Move this platform's rows of the unknown workspace into `workspace`; how many moved."""
    if workspace.id == UNKNOWN_WORKSPACE:
        return 0
    moved = 0
    with db.write() as session:
        for model, keys in UNIQUE_IN_WORKSPACE:
            twin = aliased(model)
            waiting = select(model).where(
                model.platform == workspace.platform,
                model.workspace == UNKNOWN_WORKSPACE,
                ~exists().where(
                    twin.platform == workspace.platform,
                    twin.workspace == workspace.id,
                    or_(*(getattr(twin, key) == getattr(model, key) for key in keys)),
                ),
            )
            for row in session.scalars(waiting):
                row.workspace = workspace.id
                moved += 1
            session.flush()
        unknown = (OutboxItem.platform == workspace.platform, OutboxItem.workspace == UNKNOWN_WORKSPACE)
        moved += session.execute(update(OutboxItem).where(*unknown).values(workspace=workspace.id)).rowcount
        left = session.scalar(
            select(Person.id).where(Person.platform == workspace.platform, Person.workspace == UNKNOWN_WORKSPACE).limit(1)
        )
    if left is not None:
        log.warning("some people of an unknown workspace already exist in %s and were left as they are", workspace.id)
    return moved
