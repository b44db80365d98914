"""A database made by the code before typed addresses (revision 0002) upgrades in place with
nothing lost, and the bot then works on it. tests/data/cohortbot-0002.db was made by that code:
`cohortbot demo`, a cohort created, enrolled and scheduled with the CLI, three reflections
shared to their week's thread, and an export."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.messaging.addresses import UNKNOWN_WORKSPACE
from bot.people.profiles import find_person
from bot.programme.cohorts import find_cohort
from storage.db import Database
from storage.models import Cohort, Delivery, Person, Reflection
from tests.workspaces import TEAM

MADE_BEFORE = Path(__file__).parent.parent / "data" / "cohortbot-0002.db"
TABLES = (
    "people",
    "cohorts",
    "memberships",
    "prompts",
    "deliveries",
    "reflections",
    "evidence",
    "confidence_ratings",
    "evaluations",
    "export_audit",
    "app_secrets",
)


def _old(query: str) -> list[tuple]:
    with sqlite3.connect(f"file:{MADE_BEFORE}?mode=ro", uri=True) as connection:
        return connection.execute(query).fetchall()


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


@pytest.fixture
def database_url(tmp_path):
    """The old file, copied: every fixture built on it (the context, the Bolt app) opens it, as `run` would."""
    if not MADE_BEFORE.exists():
        pytest.fail(f"{MADE_BEFORE} is missing")
    shutil.copyfile(MADE_BEFORE, tmp_path / "old.db")
    return f"sqlite:///{tmp_path / 'old.db'}"


def test_the_old_file_is_what_the_code_before_workspaces_made():
    assert _old("SELECT version_num FROM alembic_version") == [("0002",)]
    columns = {name for (_, name, *_) in _old("PRAGMA table_info(deliveries)")}
    assert {"channel_id", "message_ts"} <= columns


def test_migrate_keeps_every_row_and_moves_slack_names_to_neutral_ones(tmp_path, database_url):
    before = _counts(tmp_path / "old.db")
    db = Database(database_url)
    db.migrate()
    db.dispose()
    assert _counts(tmp_path / "old.db") == before and before["reflections"] == 121 and before["deliveries"] > 0
    db = Database(database_url)
    with db.read() as session:
        people = session.scalars(select(Person)).all()
        assert {(p.platform, p.workspace) for p in people} == {("slack", UNKNOWN_WORKSPACE)}
        cohorts = {c.name: (c.platform, c.workspace, c.conversation) for c in session.scalars(select(Cohort))}
        assert cohorts["Cohort 3"] == ("slack", UNKNOWN_WORKSPACE, "C0123456789")
        sent = {(d.id, d.conversation, d.message_id) for d in session.scalars(select(Delivery).where(Delivery.status == "sent"))}
        shared_rows = session.scalars(select(Reflection).where(Reflection.shared_message_id.is_not(None)))
        shared = {(r.id, r.shared_message_id) for r in shared_rows}
    db.dispose()
    assert sent == set(_old("SELECT id, channel_id, message_ts FROM deliveries WHERE status = 'sent'")) and len(sent) == 24
    assert shared == set(_old("SELECT id, shared_message_ts FROM reflections WHERE shared_message_ts IS NOT NULL")) and shared
    assert len(cohorts) == 3


def test_the_bot_adopts_the_old_rows_into_its_workspace_and_works_on_them(ctx, db, slack):
    """`ctx` opened the old file, as `cohortbot run` does: migrated it, learnt T1 from auth.test, adopted the rows."""
    with db.read() as session:
        assert {(p.platform, p.workspace) for p in session.scalars(select(Person))} == {("slack", "T1")}
        cohort_id = find_cohort(session, TEAM, "Cohort 3").id
        assert find_person(session, TEAM.person("U01AAAA")) is not None
    answer = slack.command("/reflect", text="after the upgrade", user_id="U01AAAA", channel_id="C0123456789").json()["text"]
    assert "Saved to your journal (Cohort 3" in answer
    status = slack.command("/cohortbot", 'cohort status "Cohort 3"', user_id="U01CCCC", channel_id="C0123456789").json()
    assert "Cohort 3*: running" in status["text"]
    with db.read() as session:
        mine = session.scalars(select(Reflection).join(Person).where(Person.platform_user_id == "U01AAAA")).all()
    assert [(r.cohort_id, r.text) for r in mine] == [(cohort_id, "after the upgrade")]
