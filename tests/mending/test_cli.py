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

from bot.programme import schedule as programme
from bot.programme.cohorts import find_cohort
from storage.models import Cohort, Delivery, Membership, Reflection
from tests.conftest import BOT_TOKEN
from tests.workspaces import TEAM

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


def change(db, operation, *args):
    with db.write() as session:
        return operation(session, find_cohort(session, TEAM, "Cohort 1"), *args)


@pytest.fixture
def cohort(make_cohort):
    """Cohort 1, in C111 from next Monday, with U1 as delegate and UFAC as facilitator."""
    return make_cohort("Cohort 1", start=next_monday())


def test_a_start_date_off_the_posting_day_is_refused_with_the_nearest_ones(cli):
    monday = next_monday()
    line = refused(cli("cohort", "create", "C", "--start", f"{monday + timedelta(days=1)}"))
    assert line == (
        f"cohortbot: {monday + timedelta(days=1):%A %d %B %Y} is not a Monday, the day of the weekly post. "
        f"Start on {monday:%A %d %B %Y} ({monday}) or {monday + timedelta(weeks=1):%A %d %B %Y} ({monday + timedelta(weeks=1)})."
    )


def test_scheduling_with_no_delegates_asks_for_yes(cli, make_cohort, db):
    make_cohort("Empty", delegates=[], start=next_monday())
    line = refused(cli("cohort", "schedule", "Empty"))
    assert "Empty has no delegates yet" in line and "--yes" in line
    with db.read() as session:
        assert session.scalar(select(Cohort.status)) == "planned"
    assert "Empty is scheduled" in ok(cli("cohort", "schedule", "Empty", "--yes"))


def test_enrolling_a_delegate_of_another_cohort_says_so_and_enrols(cli, cohort, make_cohort):
    make_cohort("Cohort 2", channel="C222", delegates=[], start=next_monday())
    out = ok(cli("cohort", "enrol", "Cohort 2", "--delegate", "U1", "--delegate", "U2"))
    assert out.splitlines() == [
        "Enrolled U1 as delegate in Cohort 2.",
        "Note: U1 is also a delegate in Cohort 1.",
        "U1 is told by DM that the operator enrolled them, from the command line.",
        "Enrolled U2 as delegate in Cohort 2.",
        "U2 is told by DM that the operator enrolled them, from the command line.",
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


def test_rename_refuses_a_name_in_use(cli, cohort, make_cohort, db):
    make_cohort("Cohort 2", channel="C222", delegates=[], start=next_monday())
    assert refused(cli("cohort", "rename", "Cohort 1", "Cohort 2")) == "cohortbot: A cohort called 'Cohort 2' already exists."
    assert ok(cli("cohort", "rename", "Cohort 1", "Spring 2027")) == "Cohort 1 is now called Spring 2027.\n"
    with db.read() as session:
        assert sorted(session.scalars(select(Cohort.name))) == ["Cohort 2", "Spring 2027"]


def test_channel_moves_the_cohort_and_the_bot_joins_it(cli, cohort, db, fake_slack):
    out = ok(cli("cohort", "channel", "Cohort 1", "C222"))
    assert out == "Cohort 1 now posts in C222; I'm joining it. Posts already made stay where they are.\n"
    assert [call.params["channel"] for call in fake_slack.calls("conversations.join")] == ["C222"]
    with db.read() as session:
        assert session.scalar(select(Cohort.conversation)) == "C222"


def test_unskip_shift_and_archive(cli, cohort, db):
    change(db, programme.schedule)
    change(db, programme.skip, 2)
    assert "Week 2 of Cohort 1 will be posted after all" in ok(cli("cohort", "unskip", "Cohort 1", "--week", "2"))
    with db.read() as session:
        before = session.scalar(select(Delivery.due_at).where(Delivery.week == 1, Delivery.kind == "prompt"))
    out = ok(cli("cohort", "shift", "Cohort 1", "--weeks", "2"))
    assert out.startswith("Every week of Cohort 1 not yet posted moves 2 weeks later. Next: week 1, ")
    with db.read() as session:
        after = session.scalar(select(Delivery.due_at).where(Delivery.week == 1, Delivery.kind == "prompt"))
    assert after - before == timedelta(weeks=2)
    assert "Cohort 1 is archived" in ok(cli("cohort", "archive", "Cohort 1"))
    assert ok(cli("cohort", "list")).split("\t")[-1] == "archived\n"
    with db.read() as session:
        assert set(session.scalars(select(Delivery.status))) == {"skipped"}


def test_resend_posts_a_skipped_week_once_even_from_two_processes_at_once(cli, cohort, db, fake_slack, environment):
    change(db, programme.schedule)
    change(db, programme.skip, 1)
    command = [sys.executable, "-m", "bot", "cohort", "resend", "Cohort 1", "--week", "1"]
    both = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    results = [process.communicate(timeout=120) + (process.returncode,) for process in both]
    assert sorted(code for _, _, code in results) == [0, 1]
    assert all("Traceback" not in err for _, err, _ in results)
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "C111"]) == 1
    assert refused(cli("cohort", "resend", "Cohort 1", "--week", "1")) == "cohortbot: Week 1 has already been posted."
