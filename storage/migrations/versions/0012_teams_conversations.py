"""Teams conversations the bot may post in, and room for Teams' longer ids

A proactive message in Teams needs what the install event gave: the service URL, tenant, team
and channel (or 1:1 chat). Teams user ids (29:...) and channel ids (19:...@thread.tacv2) run
to about 100 characters, so the columns that hold a platform's ids grow from 64 to 200.

Revision ID: 0012_teams_conversations
Revises: 0011_takeover_guard
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0012_teams_conversations"
down_revision: str | None = "0011_takeover_guard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDER = {
    "people": ("platform_user_id",),
    "workspace_admins": ("platform_user_id",),
    "cohorts": ("conversation",),
    "deliveries": ("conversation", "message_id"),
    "reflections": ("shared_message_id",),
    "peer_replies": ("conversation", "message_id"),
}
NULLABLE = {("people", "platform_user_id"): False, ("workspace_admins", "platform_user_id"): False}


def _resize(old: int, new: int) -> None:
    for table, columns in WIDER.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column,
                    existing_type=sa.String(length=old),
                    type_=sa.String(length=new),
                    existing_nullable=NULLABLE.get((table, column), table not in ("peer_replies",)),
                )


def upgrade() -> None:
    _resize(64, 200)
    op.create_table(
        "teams_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=64), nullable=False),
        sa.Column("conversation", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("removed_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("updated_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_conversations")),
        sa.UniqueConstraint("tenant", "conversation", name=op.f("uq_teams_conversations_tenant_conversation")),
    )
    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_conversations_team"), ["team"], unique=False)
        batch_op.create_index(batch_op.f("ix_teams_conversations_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("teams_conversations")
    _resize(200, 64)
