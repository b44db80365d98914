"""Admins: who may do anything in a workspace, from the workspace_admins table or COHORTBOT_ADMINS.

COHORTBOT_ADMINS names user ids in the one Slack workspace the bot token belongs to, in the
console, and in Teams (Teams user ids, or emails: see `handlers.teams.people`);
each workspace's own admins are rows of workspace_admins. Admins also decide whether the
workspace's facilitators may create cohorts (workspace_settings; by default not).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, select

from bot import clock
from bot.messaging.addresses import CONSOLE, TEAMS, UNKNOWN_WORKSPACE, PersonRef, Workspace
from storage.db import Database
from storage.models import WorkspaceAdmin, WorkspaceSettings


def _is_row(person: PersonRef) -> ColumnElement[bool]:
    return and_(
        WorkspaceAdmin.platform == person.platform,
        WorkspaceAdmin.workspace == person.workspace,
        WorkspaceAdmin.platform_user_id == person.user_id,
    )


def from_settings(person: PersonRef, admins: Collection[str], home: Workspace) -> bool:
    """Whether the environment's list makes `person` an admin: in the console, or in the bot's own workspace."""
    if person.user_id not in admins:
        return False
    if person.platform in (CONSOLE, TEAMS):  # a Teams user id is the bot's own for that person, in one tenant
        return True
    return person.platform == home.platform and home.id in (person.workspace, UNKNOWN_WORKSPACE)


def is_workspace_admin(db: Database, person: PersonRef) -> bool:
    with db.read() as session:
        return session.scalar(select(WorkspaceAdmin.id).where(_is_row(person))) is not None


def add_admin(db: Database, person: PersonRef) -> bool:
    """Make `person` an admin of their workspace; False if they already were."""
    with db.write() as session:
        if session.scalar(select(WorkspaceAdmin.id).where(_is_row(person))) is not None:
            return False
        session.add(WorkspaceAdmin(platform=person.platform, workspace=person.workspace, platform_user_id=person.user_id))
        return True


def remove_admin(db: Database, person: PersonRef) -> bool:
    """No longer an admin of their workspace; False if they were not one."""
    with db.write() as session:
        row = session.scalar(select(WorkspaceAdmin).where(_is_row(person)))
        if row is None:
            return False
        session.delete(row)
        return True


def admins_of(db: Database, workspace: Workspace) -> list[str]:
    with db.read() as session:
        query = (
            select(WorkspaceAdmin.platform_user_id)
            .where(WorkspaceAdmin.platform == workspace.platform, WorkspaceAdmin.workspace == workspace.id)
            .order_by(WorkspaceAdmin.platform_user_id)
        )
        return list(session.scalars(query))


def _settings_of(workspace: Workspace) -> ColumnElement[bool]:
    return and_(WorkspaceSettings.platform == workspace.platform, WorkspaceSettings.workspace == workspace.id)


def facilitators_may_create(db: Database, workspace: Workspace) -> bool:
    """Whether an admin let the workspace's facilitators create cohorts; by default only admins may."""
    with db.read() as session:
        return bool(session.scalar(select(WorkspaceSettings.facilitators_create).where(_settings_of(workspace))))


def who_creates(allowed: bool) -> str:
    return "Admins and facilitators may create cohorts here." if allowed else "Only admins may create cohorts here."


def allow_facilitators_to_create(db: Database, workspace: Workspace, allowed: bool) -> bool:
    """Let the workspace's facilitators create cohorts, or not; False if that was already so."""
    with db.write() as session:
        row = session.scalar(select(WorkspaceSettings).where(_settings_of(workspace)))
        if row is None:
            row = WorkspaceSettings(platform=workspace.platform, workspace=workspace.id, facilitators_create=False)
            session.add(row)
        if row.facilitators_create == allowed:
            return False
        row.facilitators_create = allowed
        row.updated_at = clock.now()
        return True
