"""files offered through Teams' file consent card, kept until accepted or declined

Revision ID: 0013_teams_file_offers
Revises: 0012_teams_conversations
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0013_teams_file_offers"
down_revision: str | None = "0012_teams_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teams_file_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("conversation", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("answered_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_teams_file_offers_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_file_offers")),
        sa.UniqueConstraint("token", name=op.f("uq_teams_file_offers_token")),
    )
    with op.batch_alter_table("teams_file_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_file_offers_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("teams_file_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_file_offers_person_id"))
    op.drop_table("teams_file_offers")
