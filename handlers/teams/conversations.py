"""Where the bot can speak in Teams: the conversations it learnt from install events and activities."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, distinct, func, select

from bot import clock
from storage.db import Database
from storage.models import TeamsConversation

CHANNEL = "channel"
PERSONAL = "personal"


@dataclass(frozen=True)
class Where:
    """What a proactive message to one conversation needs."""

    tenant: str
    conversation: str
    service_url: str
    team: str | None = None


def remember(
    db: Database,
    tenant: str,
    conversation: str,
    service_url: str,
    *,
    kind: str,
    team: str | None = None,
    user_id: str | None = None,
    name: str | None = None,
) -> None:
    """Store (or refresh) one conversation; a team the bot was removed from is back once it is added again."""
    with db.write() as session:
        row = session.scalar(
            select(TeamsConversation).where(TeamsConversation.tenant == tenant, TeamsConversation.conversation == conversation)
        )
        if row is None:
            row = TeamsConversation(tenant=tenant, conversation=conversation, kind=kind, name=name or "")
            session.add(row)
        row.service_url, row.removed_at, row.updated_at = service_url, None, clock.now()
        row.team = team or row.team
        row.user_id = user_id or row.user_id
        if name:
            row.name = name


def _forget(db: Database, tenant: str, *where: ColumnElement[bool]) -> None:
    with db.write() as session:
        for row in session.scalars(select(TeamsConversation).where(TeamsConversation.tenant == tenant, *where)):
            row.removed_at = clock.now()


def forget_team(db: Database, tenant: str, team: str) -> None:
    """The bot was removed from a team: its channels are out of reach until it is added again."""
    _forget(db, tenant, TeamsConversation.team == team)


def forget_channel(db: Database, tenant: str, channel: str) -> None:
    _forget(db, tenant, TeamsConversation.conversation == channel)


def _where(row: TeamsConversation | None) -> Where | None:
    return None if row is None else Where(row.tenant, row.conversation, row.service_url, row.team)


def known(db: Database, tenant: str, conversation: str, kind: str | None = None) -> Where | None:
    """A conversation the bot is in (of `kind`, when given): a channel of a team it was added to, or a 1:1 chat."""
    query = select(TeamsConversation).where(
        TeamsConversation.tenant == tenant,
        TeamsConversation.conversation == conversation,
        TeamsConversation.removed_at.is_(None),
    )
    if kind is not None:
        query = query.where(TeamsConversation.kind == kind)
    with db.read() as session:
        return _where(session.scalar(query))


def personal_chat(db: Database, tenant: str, user_id: str) -> Where | None:
    with db.read() as session:
        return _where(
            session.scalar(
                select(TeamsConversation)
                .where(
                    TeamsConversation.tenant == tenant, TeamsConversation.user_id == user_id, TeamsConversation.kind == PERSONAL
                )
                .order_by(TeamsConversation.updated_at.desc())
                .limit(1)
            )
        )


def service_url(db: Database, tenant: str) -> str | None:
    """The tenant's Bot Connector address (one per region), from the conversation heard from last."""
    with db.read() as session:
        return session.scalar(
            select(TeamsConversation.service_url)
            .where(TeamsConversation.tenant == tenant)
            .order_by(TeamsConversation.updated_at.desc())
            .limit(1)
        )


def tenant_of_channel(db: Database, conversation: str) -> str | None:
    """The tenant of a channel the bot is in (channel ids are unique across tenants)."""
    with db.read() as session:
        return session.scalar(
            select(TeamsConversation.tenant)
            .where(
                TeamsConversation.conversation == conversation,
                TeamsConversation.kind == CHANNEL,
                TeamsConversation.removed_at.is_(None),
            )
            .limit(1)
        )


def tenants(db: Database) -> list[tuple[str, int]]:
    """The tenants the bot is in, each with how many teams it is in there."""
    teams = func.count(distinct(TeamsConversation.team))
    with db.read() as session:
        found = session.execute(
            select(TeamsConversation.tenant, teams)
            .where(TeamsConversation.removed_at.is_(None))
            .group_by(TeamsConversation.tenant)
            .order_by(TeamsConversation.tenant)
        )
        return [(tenant, count) for tenant, count in found]
