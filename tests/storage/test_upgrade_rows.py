"""Migration 0003 on either database (SQLite and PostgreSQL): rows written at revision 0002 come
through with their Slack names moved to neutral columns and the unknown workspace."""

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import Database, alembic_config

ROWS_AT_0002 = (
    "INSERT INTO people (id, platform, platform_user_id, display_name, reminders_opt_out, created_at)"
    " VALUES (1, 'slack', 'U1', 'Ada', false, '2026-01-01 09:00:00')",
    "INSERT INTO cohorts (id, name, channel_id, start_date, weeks, weekday, local_time, timezone, status, reminder_days,"
    " created_at) VALUES (1, 'Cohort 1', 'C111', '2026-01-05', 26, 0, '09:00:00', 'Europe/London', 'running', 2,"
    " '2026-01-01 09:00:00')",
    "INSERT INTO memberships (id, cohort_id, person_id, role, created_at) VALUES (1, 1, 1, 'delegate', '2026-01-01 09:00:00')",
    "INSERT INTO deliveries (id, cohort_id, week, kind, due_at, status, attempts, channel_id, message_ts)"
    " VALUES (1, 1, 1, 'prompt', '2026-01-05 09:00:00', 'sent', 1, 'C111', '1767603600.000100')",
    "INSERT INTO reflections (id, person_id, cohort_id, week, text, visibility, open_content_consent, shared_message_ts,"
    " created_at, updated_at) VALUES (1, 1, 1, 1, 'shared', 'cohort', false, '1767603700.000200', '2026-01-05 10:00:00',"
    " '2026-01-05 10:00:00')",
)


def test_rows_written_at_0002_come_through_0003(database_url):
    db = Database(database_url)
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        for statement in ROWS_AT_0002:
            connection.execute(text(statement))
    db.migrate()
    with db.engine.connect() as connection:
        rows = [
            connection.execute(text("SELECT platform, workspace, platform_user_id FROM people")).all(),
            connection.execute(text("SELECT platform, workspace, name, conversation FROM cohorts")).all(),
            connection.execute(text("SELECT count(*) FROM memberships")).all(),
            connection.execute(text("SELECT conversation, message_id FROM deliveries")).all(),
            connection.execute(text("SELECT shared_message_id FROM reflections")).all(),
        ]
    db.dispose()
    assert [[tuple(row) for row in table] for table in rows] == [
        [("slack", "", "U1")],
        [("slack", "", "Cohort 1", "C111")],
        [(1,)],
        [("C111", "1767603600.000100")],
        [("1767603700.000200",)],
    ]


def test_slack_mentions_in_stored_text_become_person_references(database_url):
    """Migration 0007: text stored with Slack's mention syntax is rewritten in the neutral markup."""
    db = Database(database_url)
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        for statement in ROWS_AT_0002:
            connection.execute(text(statement))
        connection.execute(text("UPDATE reflections SET text = 'Thanks <@U2|bo> and <@W3>, not <#C1>'"))
        connection.execute(text("UPDATE people SET personal_challenge = 'With <@U2>'"))
        connection.execute(
            text(
                "INSERT INTO evaluations (id, person_id, cohort_id, answers, created_at, updated_at) VALUES"
                " (1, 1, 1, '{\"quality\": {\"rating\": 5, \"comment\": \"Ask <@U2|bo>\"}}',"
                " '2026-01-05 10:00:00', '2026-01-05 10:00:00')"
            )
        )
    db.migrate()
    with db.engine.connect() as connection:
        reflection = connection.execute(text("SELECT text FROM reflections")).scalar_one()
        challenge = connection.execute(text("SELECT personal_challenge FROM people")).scalar_one()
        answers = connection.execute(text("SELECT answers FROM evaluations")).scalar_one()
    db.dispose()
    assert reflection == "Thanks @[U2] and @[W3], not <#C1>"
    assert challenge == "With @[U2]"
    assert "@[U2]" in str(answers) and "<@" not in str(answers)


def test_a_channel_shared_by_two_cohorts_stays_with_the_older_one(database_url):
    """Migration 0011: the later cohort on a taken channel loses the channel, and the channel is unique from then on."""
    db = Database(database_url)
    cohort = (
        "INSERT INTO cohorts (id, platform, workspace, name, conversation, start_date, weeks, weekday, local_time, timezone,"
        " status, reminder_days, created_at) VALUES ({id}, 'slack', '{workspace}', '{name}', '{channel}', '2026-01-05', 26,"
        " 0, '09:00:00', 'Europe/London', 'running', 2, '2026-01-01 09:00:00')"
    )
    rows = ((1, "T1", "Cohort B", "C111"), (2, "T1", "Takeover", "C111"), (3, "T2", "Elsewhere", "C111"), (4, "T1", "A", "C2"))
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0007_neutral_mentions")
        for cohort_id, workspace, name, channel in rows:
            connection.execute(text(cohort.format(id=cohort_id, workspace=workspace, name=name, channel=channel)))
    db.migrate()
    with db.engine.connect() as connection:
        kept = connection.execute(text("SELECT name, conversation FROM cohorts ORDER BY id")).all()
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text(cohort.format(id=5, workspace="T1", name="Again", channel="C2")))
    db.dispose()
    assert [tuple(row) for row in kept] == [("Cohort B", "C111"), ("Takeover", None), ("Elsewhere", "C111"), ("A", "C2")]
