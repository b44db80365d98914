"""Nobody takes over another cohort's channel from the command line, and admins decide who creates cohorts."""

from __future__ import annotations

from sqlalchemy import select

from bot.people.admins import facilitators_may_create
from storage.models import Cohort
from tests.cli.test_first_hour import cohortbot, one_line
from tests.conftest import BOT_TOKEN
from tests.workspaces import TEAM

START = "2030-01-07"


def test_a_second_cohort_on_a_channel_is_refused_naming_no_other(tmp_path, database_url, db):
    env = {"DATABASE_URL": database_url}
    first = cohortbot("cohort", "create", "Cohort B", "--channel", "C0BBBBBB1", "--start", START, cwd=tmp_path, env=env)
    assert first.returncode == 0 and "Created cohort Cohort B" in first.stdout
    second = cohortbot("cohort", "create", "Takeover", "--channel", "C0BBBBBB1", "--start", START, cwd=tmp_path, env=env)
    assert second.returncode == 1 and second.stdout == ""
    line = one_line(second)
    assert "That channel already has a cohort" in line and "Cohort B" not in line
    with db.read() as session:
        assert [(c.name, c.conversation) for c in session.scalars(select(Cohort))] == [("Cohort B", "C0BBBBBB1")]


def test_an_admin_lets_facilitators_create_cohorts_and_stops_them(tmp_path, database_url, fake_slack, db):
    env = {"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.base_url}
    on = cohortbot("admins", "allow-facilitators-to-create", "on", cwd=tmp_path, env=env)
    allowed = f"Done in {TEAM.id}: Admins and facilitators may create cohorts here.\n"
    assert (on.returncode, on.stdout, on.stderr) == (0, allowed, "")
    assert facilitators_may_create(db, TEAM)
    again = cohortbot("admins", "allow-facilitators-to-create", "on", cwd=tmp_path, env=env)
    assert again.stdout.startswith("Nothing to change")
    off = cohortbot("admins", "allow-facilitators-to-create", "off", cwd=tmp_path, env=env)
    assert off.stdout == f"Done in {TEAM.id}: Only admins may create cohorts here.\n"
    assert not facilitators_may_create(db, TEAM)
    wrong = cohortbot("admins", "allow-facilitators-to-create", "maybe", cwd=tmp_path, env=env)
    assert wrong.returncode == 2 and "invalid choice: 'maybe'" in wrong.stderr
