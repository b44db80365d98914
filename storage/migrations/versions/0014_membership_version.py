"""a version number for who is in which cohort, raised by triggers on every change

The /reflect hot path caches a delegate's cohorts per process. Every change that could make
such a cache wrong raises `cache_versions.version` for `memberships` in the same
transaction, whichever process or tool makes it (a trigger, not application code, so
nothing can forget), and the insert that relies on a cached answer only happens while the
version is still the one it was read with.

Revision ID: 0014_membership_version
Revises: 0013_teams_file_offers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_membership_version"
down_revision: str | None = "0013_teams_file_offers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE cache_versions SET version = version + 1 WHERE name = 'memberships'"
FUNCTION = "cohortbot_bump_memberships_version"

# (trigger name, event, table): every change a cached delegate's cohorts could miss. A cohort's
# status, schedule and reminders are not cached, so changing them leaves caches alone.
TRIGGERS: tuple[tuple[str, str, str], ...] = (
    ("memberships_insert", "INSERT", "memberships"),
    ("memberships_update", "UPDATE", "memberships"),
    ("memberships_delete", "DELETE", "memberships"),
    ("cohorts_update", "UPDATE OF platform, workspace, name, conversation, start_date, weeks, timezone", "cohorts"),
    ("cohorts_delete", "DELETE", "cohorts"),
    ("people_update", "UPDATE OF platform, workspace, platform_user_id, erased_at", "people"),
    ("people_delete", "DELETE", "people"),
)


def _name(trigger: str) -> str:
    return f"bump_memberships_version_on_{trigger}"


def upgrade() -> None:
    op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_versions")),
    )
    op.execute("INSERT INTO cache_versions (name, version) VALUES ('memberships', 0)")
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$")
    for trigger, event, table in TRIGGERS:
        body = f"EXECUTE FUNCTION {FUNCTION}()" if postgres else f"BEGIN {BUMP}; END"
        op.execute(f"CREATE TRIGGER {_name(trigger)} AFTER {event} ON {table} FOR EACH ROW {body}")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for trigger, _, table in TRIGGERS:
        op.execute(f"DROP TRIGGER {_name(trigger)}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute(f"DROP FUNCTION {FUNCTION}()")
    op.drop_table("cache_versions")
