"""Mending a cohort from the command line, in a subprocess against the fake Slack: output, errors and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.models import Cohort, Delivery, Membership, Reflection
from tests.conftest import BOT_TOKEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def environment(database_url, fake_slack, ctx) -> dict[str, str]:
    """The settings of a `cohortbot` process on the test database and the fake Slack; `ctx` has migrated the database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url, NO_PROXY="127.0.0.1,localhost")
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=fake_slack.base_url)
    return env


@pytest.fixture
def cli(environment, tmp_path):
    """cli("cohort", "list") runs `python -m bot cohort list` and returns the finished process."""

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "bot", *args]
        return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=120)

    return run


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    return line


def next_monday() -> date:
    today = datetime.now(ZoneInfo("Europe/London")).date()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def cohort(cli):
    """Cohort 1, in C111 from next Monday, with U1 as delegate and UFAC as facilitator."""
    ok(cli("cohort", "create", "Cohort 1", "--channel", "C111", "--start", f"{next_monday()}"))
    ok(cli("cohort", "enrol", "Cohort 1", "--delegate", "U1", "--facilitator", "UFAC"))
    return "Cohort 1"


def test_a_start_date_off_the_posting_day_is_refused_with_the_nearest_ones(cli):
    monday = next_monday()
    line = refused(cli("cohort", "create", "C", "--start", f"{monday + timedelta(days=1)}"))
    assert line == (
        f"cohortbot: {monday + timedelta(days=1):%A %d %B %Y} is not a Monday, the day of the weekly post. "
        f"Start on {monday:%A %d %B %Y} ({monday}) or {monday + timedelta(weeks=1):%A %d %B %Y} ({monday + timedelta(weeks=1)})."
    )
    assert "Created" in ok(cli("cohort", "create", "C", "--start", f"{monday + timedelta(days=2)}", "--weekday", "wednesday"))


def test_scheduling_with_no_delegates_asks_for_yes(cli, db):
    ok(cli("cohort", "create", "Empty", "--channel", "C111", "--start", f"{next_monday()}"))
    line = refused(cli("cohort", "schedule", "Empty"))
    assert "Empty has no delegates yet" in line and "--yes" in line
    with db.read() as session:
        assert session.scalar(select(Cohort.status)) == "planned"
    assert "Empty is scheduled" in ok(cli("cohort", "schedule", "Empty", "--yes"))


def test_enrolling_a_delegate_of_another_cohort_says_so_and_enrols(cli, cohort, db):
    ok(cli("cohort", "create", "Cohort 2", "--start", f"{next_monday()}"))
    out = ok(cli("cohort", "enrol", "Cohort 2", "--delegate", "U1", "--delegate", "U2"))
    assert out.splitlines() == [
        "Enrolled U1 as delegate in Cohort 2.",
        "Note: U1 is also a delegate in Cohort 1.",
        "Enrolled U2 as delegate in Cohort 2.",
    ]


def test_unenrol_takes_the_role_and_keeps_what_they_wrote(cli, cohort, db):
    with db.write() as session:
        membership = session.scalar(select(Membership).where(Membership.role == "delegate"))
        session.add(Reflection(person_id=membership.person_id, cohort_id=membership.cohort_id, text="kept"))
    out = ok(cli("cohort", "unenrol", "Cohort 1", "--delegate", "U1", "--delegate", "U9"))
    assert out.splitlines() == [
        "Unenrolled U1 as delegate in Cohort 1.",
        "Not enrolled: U9 as delegate in Cohort 1.",
        "What they wrote is kept.",
    ]
    assert refused(cli("cohort", "unenrol", "Cohort 1", "--facilitator", "UFAC")) == (
        "cohortbot: Cohort 1 would have no facilitator left. Enrol another facilitator first."
    )
    with db.read() as session:
        assert [m.role for m in session.scalars(select(Membership))] == ["facilitator"]
        assert list(session.scalars(select(Reflection.text))) == ["kept"]


def test_rename_refuses_a_name_in_use(cli, cohort, db):
    ok(cli("cohort", "create", "Cohort 2", "--start", f"{next_monday()}"))
    assert refused(cli("cohort", "rename", "Cohort 1", "Cohort 2")) == "cohortbot: A cohort called 'Cohort 2' already exists."
    assert ok(cli("cohort", "rename", "Cohort 1", "Spring 2027")) == "Cohort 1 is now called Spring 2027.\n"
    assert "Spring 2027\tC111" in ok(cli("cohort", "list"))


def test_channel_moves_the_cohort_and_the_bot_joins_it(cli, cohort, db, fake_slack):
    by_name = cli("cohort", "channel", "Cohort 1", "general")
    assert by_name.returncode == 2 and "'general' is not a Slack channel ID" in by_name.stderr
    out = ok(cli("cohort", "channel", "Cohort 1", "C222"))
    assert out == "Cohort 1 now posts in C222; I'm joining it. Posts already made stay where they are.\n"
    assert [call.params["channel"] for call in fake_slack.calls("conversations.join")] == ["C222"]
    with db.read() as session:
        assert session.scalar(select(Cohort.conversation)) == "C222"


def test_unskip_archive_and_shift(cli, cohort, db):
    ok(cli("cohort", "schedule", "Cohort 1"))
    ok(cli("cohort", "skip", "Cohort 1", "--week", "2"))
    assert "Week 2 of Cohort 1 will be posted after all" in ok(cli("cohort", "unskip", "Cohort 1", "--week", "2"))
    not_skipped = refused(cli("cohort", "unskip", "Cohort 1", "--week", "2"))
    assert not_skipped == "cohortbot: Week 2 of Cohort 1 is not skipped; it is pending."
    assert refused(cli("cohort", "unskip", "Cohort 1", "--week", "99")) == "cohortbot: Cohort 1 has weeks 1 to 26."
    with db.read() as session:
        before = session.scalar(select(Delivery.due_at).where(Delivery.week == 1, Delivery.kind == "prompt"))
    out = ok(cli("cohort", "shift", "Cohort 1", "--weeks", "2"))
    assert out.startswith("Every week of Cohort 1 not yet posted moves 2 weeks later. Next: week 1, ")
    with db.read() as session:
        after = session.scalar(select(Delivery.due_at).where(Delivery.week == 1, Delivery.kind == "prompt"))
    assert after - before == timedelta(weeks=2)
    assert refused(cli("cohort", "shift", "Cohort 1", "--weeks", "0")) == "cohortbot: Shift by 1 to 52 weeks."
    assert "Cohort 1 is archived" in ok(cli("cohort", "archive", "Cohort 1"))
    assert ok(cli("cohort", "list")).split("\t")[-1] == "archived\n"
    assert ok(cli("cohort", "status", "Cohort 1")).startswith("**Cohort 1**: archived")
    assert refused(cli("cohort", "shift", "Cohort 1", "--weeks", "1")) == (
        "cohortbot: Cohort 1 is archived, so nothing more is posted for it."
    )
    with db.read() as session:
        assert set(session.scalars(select(Delivery.status))) == {"skipped"}


def test_resend_posts_a_skipped_week_once_even_from_two_processes_at_once(cli, cohort, db, fake_slack, environment):
    ok(cli("cohort", "schedule", "Cohort 1"))
    ok(cli("cohort", "skip", "Cohort 1", "--week", "1"))
    command = [sys.executable, "-m", "bot", "cohort", "resend", "Cohort 1", "--week", "1"]
    both = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    results = [process.communicate(timeout=120) + (process.returncode,) for process in both]
    assert sorted(code for _, _, code in results) == [0, 1]
    assert all("Traceback" not in err for _, err, _ in results)
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "C111"]) == 1
    assert refused(cli("cohort", "resend", "Cohort 1", "--week", "1")) == "cohortbot: Week 1 has already been posted."
    not_due = refused(cli("cohort", "resend", "Cohort 1", "--week", "2"))
    assert not_due.startswith("cohortbot: Week 2 of Cohort 1 is not due until ")
    assert refused(cli("cohort", "resend", "Nope", "--week", "2")).startswith("cohortbot: There is no cohort called 'Nope'")
