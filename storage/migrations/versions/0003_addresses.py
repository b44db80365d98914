"""typed addresses: people and cohorts belong to a platform workspace; neutral message columns

Existing rows are Slack's (the only platform before this) in a workspace not known yet: the
workspace column is left empty (`bot.messaging.addresses.UNKNOWN_WORKSPACE`) and the bot adopts
those rows into its Slack workspace when it next learns it (auth.test at start). Cohort names
become unique per workspace; Slack-named columns get neutral names; admins per workspace get a table.

Revision ID: 0003_addresses
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0003_addresses"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXISTING_PLATFORM = "slack"
UNKNOWN_WORKSPACE = ""
RENAMED = (  # table, old column, new column, new type
    ("deliveries", "channel_id", "conversation", sa.String(length=64)),
    ("deliveries", "message_ts", "message_id", sa.String(length=64)),
    ("reflections", "shared_message_ts", "shared_message_id", sa.String(length=64)),
)


def _add_address(table: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column("workspace", sa.String(length=64), nullable=True))
        if table == "cohorts":
            batch_op.add_column(sa.Column("platform", sa.String(length=20), nullable=True))
    op.execute(
        sa.text(f"UPDATE {table} SET platform = COALESCE(platform, :platform), workspace = :workspace").bindparams(
            platform=EXISTING_PLATFORM, workspace=UNKNOWN_WORKSPACE
        )
    )


def upgrade() -> None:
    _add_address("people")
    with op.batch_alter_table("people") as batch_op:
        batch_op.alter_column("platform", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("workspace", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_people_platform_platform_user_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_people_platform_workspace_platform_user_id"), ["platform", "workspace", "platform_user_id"]
        )

    _add_address("cohorts")
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.alter_column("platform", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("workspace", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_cohorts_name", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_cohorts_platform_workspace_name"), ["platform", "workspace", "name"])
        batch_op.drop_index("ix_cohorts_channel_id")
        batch_op.alter_column("channel_id", new_column_name="conversation", existing_type=sa.String(length=64))
    op.create_index(op.f("ix_cohorts_conversation"), "cohorts", ["conversation"], unique=False)

    for table, old, new, type_ in RENAMED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(old, new_column_name=new, type_=type_, existing_nullable=True)

    op.create_table(
        "workspace_admins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("platform_user_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_admins")),
        sa.UniqueConstraint(
            "platform", "workspace", "platform_user_id", name=op.f("uq_workspace_admins_platform_workspace_platform_user_id")
        ),
    )


def downgrade() -> None:
    """Only while cohort names and user ids are still unique across workspaces."""
    op.drop_table("workspace_admins")
    for table, old, new, _ in RENAMED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(new, new_column_name=old, existing_type=sa.String(length=64))
    op.drop_index("ix_cohorts_conversation", "cohorts")
    with op.batch_alter_table("cohorts") as batch_op:
        batch_op.alter_column("conversation", new_column_name="channel_id", existing_type=sa.String(length=64))
        batch_op.drop_constraint("uq_cohorts_platform_workspace_name", type_="unique")
        batch_op.create_unique_constraint("uq_cohorts_name", ["name"])
        batch_op.drop_column("workspace")
        batch_op.drop_column("platform")
    op.create_index("ix_cohorts_channel_id", "cohorts", ["channel_id"], unique=False)
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_constraint("uq_people_platform_workspace_platform_user_id", type_="unique")
        batch_op.create_unique_constraint("uq_people_platform_platform_user_id", ["platform", "platform_user_id"])
        batch_op.drop_column("workspace")
