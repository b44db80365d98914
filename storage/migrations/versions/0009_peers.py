"""peer learning and co-creation: pairs rounds, who met, who sat a round out, replies to shared
reflections, challenge ideas suggested for the library, and the history of personal challenges

Revision ID: 0009_peers
Revises: 0008_delivery_retry_at
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0009_peers"
down_revision: str | None = "0008_delivery_retry_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE")


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "peer_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("first_week", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        _fk("peer_schemes", "cohort_id", "cohorts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_schemes")),
        sa.UniqueConstraint("cohort_id", name=op.f("uq_peer_schemes_cohort_id")),
    )
    op.create_table(
        "peer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("met_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        _fk("peer_groups", "cohort_id", "cohorts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_groups")),
    )
    _indexes("peer_groups", "cohort_id")
    op.create_table(
        "peer_group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        _fk("peer_group_members", "group_id", "peer_groups"),
        _fk("peer_group_members", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_group_members")),
        sa.UniqueConstraint("group_id", "person_id", name=op.f("uq_peer_group_members_group_id_person_id")),
    )
    _indexes("peer_group_members", "group_id", "person_id")
    op.create_table(
        "peer_skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        _fk("peer_skips", "cohort_id", "cohorts"),
        _fk("peer_skips", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_skips")),
        sa.UniqueConstraint("cohort_id", "person_id", "week", name=op.f("uq_peer_skips_cohort_id_person_id_week")),
    )
    _indexes("peer_skips", "cohort_id", "person_id")
    op.create_table(
        "peer_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("conversation", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        _fk("peer_replies", "cohort_id", "cohorts"),
        _fk("peer_replies", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_replies")),
        sa.UniqueConstraint("conversation", "message_id", name=op.f("uq_peer_replies_conversation_message_id")),
    )
    _indexes("peer_replies", "cohort_id", "person_id")
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("licence", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("source_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", storage.models.UTCDateTime(), nullable=True),
        _fk("suggestions", "cohort_id", "cohorts"),
        _fk("suggestions", "person_id", "people"),
        sa.ForeignKeyConstraint(
            ["prompt_id"], ["prompts.id"], name=op.f("fk_suggestions_prompt_id_prompts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
        sa.UniqueConstraint("source_key", name=op.f("uq_suggestions_source_key")),
    )
    _indexes("suggestions", "cohort_id", "person_id")
    op.create_table(
        "challenge_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        _fk("challenge_revisions", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_revisions")),
    )
    _indexes("challenge_revisions", "person_id")


def downgrade() -> None:
    for table in ("challenge_revisions", "suggestions", "peer_replies", "peer_skips", "peer_group_members", "peer_groups", "peer_schemes"):
        op.drop_table(table)
