"""outbox rows name the workspace their people and places are in

Rows written before this revision are taken to be Slack's, in a workspace not learnt yet: the bot
adopts them into its own workspace at start, as it does people and cohorts (see bot.people.workspaces).

Revision ID: 0010_outbox_workspace
Revises: 0009_peers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_outbox_workspace"
down_revision: str | None = "0009_peers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("platform", sa.String(length=20), nullable=False, server_default="slack"))
        batch_op.add_column(sa.Column("workspace", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("platform", server_default=None)
        batch_op.alter_column("workspace", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("workspace")
        batch_op.drop_column("platform")
