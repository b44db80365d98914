"""prompts.author, and evidence.follow_up_used_again: what the evaluation reports on

Revision ID: 0005_evaluation_fields
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_evaluation_fields"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author", sa.String(length=200), nullable=False, server_default=""))
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_used_again", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("follow_up_used_again")
    with op.batch_alter_table("prompts", schema=None) as batch_op:
        batch_op.drop_column("author")
