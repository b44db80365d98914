"""one cohort per channel, and who may create cohorts per workspace

A channel's delegates have their entries filed under the channel's cohort, so two cohorts on
one channel let the second take over the first one's entries. Where a database already holds
such a pair, the oldest cohort (the lowest id) keeps the channel and each later one is left
with no channel: it posts nowhere until it is given one (`cohort channel`), and its
facilitators see "channel not set" in its status. Nothing else of it changes, and a warning names it.

Revision ID: 0011_takeover_guard
Revises: 0010_outbox_workspace
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0011_takeover_guard"
down_revision: str | None = "0010_outbox_workspace"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

LATER_ON_A_TAKEN_CHANNEL = sa.text(
    "SELECT later.id, later.name FROM cohorts later WHERE later.conversation IS NOT NULL AND EXISTS ("
    " SELECT 1 FROM cohorts older WHERE older.platform = later.platform AND older.workspace = later.workspace"
    " AND older.conversation = later.conversation AND older.id < later.id)"
)


def upgrade() -> None:
    connection = op.get_bind()
    for cohort_id, name in connection.execute(LATER_ON_A_TAKEN_CHANNEL).all():
        log.warning("cohort %s (%r) shared its channel with an older cohort; it has no channel now", cohort_id, name)
        connection.execute(sa.text("UPDATE cohorts SET conversation = NULL WHERE id = :id"), {"id": cohort_id})
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_cohorts_platform_workspace_conversation"), ["platform", "workspace", "conversation"]
        )

    op.create_table(
        "workspace_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("facilitators_create", sa.Boolean(), nullable=False),
        sa.Column("updated_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_settings")),
        sa.UniqueConstraint("platform", "workspace", name=op.f("uq_workspace_settings_platform_workspace")),
    )


def downgrade() -> None:
    op.drop_table("workspace_settings")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cohorts_platform_workspace_conversation", type_="unique")
