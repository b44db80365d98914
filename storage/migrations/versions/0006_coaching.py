"""1-2-1 support and cohort sessions; deliveries may name a subject (a 1-2-1, an action, a session)

Revision ID: 0006
Revises: 0005_evaluation_fields
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0006"
down_revision: str | None = "0005_evaluation_fields"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), server_default="0", nullable=False))
        batch_op.drop_constraint("uq_deliveries_cohort_id_week_kind", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_deliveries_cohort_id_week_kind_subject_id"), ["cohort_id", "week", "kind", "subject_id"]
        )

    op.create_table(
        "coach_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["people.id"], name=op.f("fk_coach_assignments_coach_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_coach_assignments_cohort_id_cohorts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["people.id"], name=op.f("fk_coach_assignments_delegate_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_assignments")),
        sa.UniqueConstraint("cohort_id", "delegate_id", name=op.f("uq_coach_assignments_cohort_id_delegate_id")),
    )
    with op.batch_alter_table("coach_assignments", schema=None) as batch_op:
        for column in ("coach_id", "cohort_id", "delegate_id"):
            batch_op.create_index(batch_op.f(f"ix_coach_assignments_{column}"), [column], unique=False)

    op.create_table(
        "coaching_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("request", sa.Text(), nullable=True),
        sa.Column("preferred", sa.JSON(), nullable=False),
        sa.Column("starts_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("logged_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("source_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["people.id"], name=op.f("fk_coaching_meetings_coach_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_coaching_meetings_cohort_id_cohorts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["people.id"], name=op.f("fk_coaching_meetings_delegate_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_meetings")),
        sa.UniqueConstraint("source_key", name=op.f("uq_coaching_meetings_source_key")),
    )
    with op.batch_alter_table("coaching_meetings", schema=None) as batch_op:
        for column in ("coach_id", "cohort_id", "delegate_id", "starts_at"):
            batch_op.create_index(batch_op.f(f"ix_coaching_meetings_{column}"), [column], unique=False)

    op.create_table(
        "coaching_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("follow_ups", sa.Integer(), nullable=False),
        sa.Column("answered_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["coaching_meetings.id"],
            name=op.f("fk_coaching_actions_meeting_id_coaching_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_actions")),
    )
    with op.batch_alter_table("coaching_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coaching_actions_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "cohort_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_cohort_sessions_cohort_id_cohorts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_sessions")),
    )
    with op.batch_alter_table("cohort_sessions", schema=None) as batch_op:
        for column in ("cohort_id", "starts_at"):
            batch_op.create_index(batch_op.f(f"ix_cohort_sessions_{column}"), [column], unique=False)

    op.create_table(
        "session_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("answered_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("late_cancellation", sa.Boolean(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("attendance_marked_at", storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_session_invitations_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["cohort_sessions.id"],
            name=op.f("fk_session_invitations_session_id_cohort_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_invitations")),
        sa.UniqueConstraint("session_id", "person_id", name=op.f("uq_session_invitations_session_id_person_id")),
    )
    with op.batch_alter_table("session_invitations", schema=None) as batch_op:
        for column in ("person_id", "session_id"):
            batch_op.create_index(batch_op.f(f"ix_session_invitations_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("session_invitations")
    op.drop_table("cohort_sessions")
    op.drop_table("coaching_actions")
    op.drop_table("coaching_meetings")
    op.drop_table("coach_assignments")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("uq_deliveries_cohort_id_week_kind_subject_id", type_="unique")
        batch_op.create_unique_constraint("uq_deliveries_cohort_id_week_kind", ["cohort_id", "week", "kind"])
        batch_op.drop_column("subject_id")
