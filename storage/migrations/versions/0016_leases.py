"""leases: one leader at a time, and each replica's claims vouched for by its own lease

The leader's lease replaces a session advisory lock (which does not survive PgBouncer in
transaction mode); `claimed_by` names the replica whose lease vouches for a claim, so a
claim left by a replica whose lease lapsed is taken over at once.

Revision ID: 0016_leases
Revises: 0015_slack_installations
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0016_leases"
down_revision: str | None = "0015_slack_installations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIMED_TABLES = ("deliveries", "outbox")


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("expires_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    for table in CLAIMED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("claimed_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    for table in CLAIMED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("claimed_by")
    op.drop_table("leases")
