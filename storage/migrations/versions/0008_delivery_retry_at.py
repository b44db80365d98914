"""delivery retry_at: the next try of a delivery that failed for a passing reason

A delivery's `due_at` stays the slot it was planned for; `retry_at` holds the next try
while an outage lasts, so the waits can grow without moving the slot.

Revision ID: 0008_delivery_retry_at
Revises: 0007_neutral_mentions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0008_delivery_retry_at"
down_revision: str | None = "0007_neutral_mentions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retry_at", storage.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("retry_at")
