"""/reflect keeps each delegate's cohorts between requests (bot.programme.delegates): an enrolment or
unenrolment, in this process or another, is seen on the very next request, and every reflection
acknowledged is already in the database when the ack arrives."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.people.roles import DELEGATE
from bot.programme.cohorts import NOT_ENROLLED, find_cohort
from bot.programme.delegates import delegates
from bot.programme.mending import unenrol
from storage.models import Reflection
from tests.bot_process import bot_environment
from tests.conftest import BOT_TOKEN
from tests.workspaces import TEAM


def filed_under(db) -> list[tuple[str, str]]:
    with db.read() as session:
        query = select(Reflection).order_by(Reflection.id)
        return [(reflection.text, reflection.cohort.name) for reflection in session.scalars(query)]


def saved(response) -> bool:
    return response.status == 200 and "Saved to your journal" in response.json()["text"]


@pytest.fixture
def cohortbot(database_url, fake_slack, ctx, tmp_path):
    """cohortbot("cohort", "enrol", ...) in another process on the same database, as a facilitator would."""

    def run(*args: str) -> None:
        env = bot_environment({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.base_url})
        command = [sys.executable, "-m", "bot", *args]
        done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    return run


def test_a_second_cohort_enrolled_in_is_written_in_on_the_next_request(slack, db, make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    assert saved(slack.command("/reflect", text="First", user_id="U1", channel_id="C111"))
    make_cohort("Cohort 2", channel="C222", delegates=["U1"])
    assert saved(slack.command("/reflect", text="Second", user_id="U1", channel_id="C222"))
    assert filed_under(db) == [("First", "Cohort 1"), ("Second", "Cohort 2")]


def test_someone_unenrolled_is_refused_on_the_next_request_and_nothing_is_stored(slack, db, make_cohort):
    make_cohort("Cohort 1", delegates=["U1"])
    assert saved(slack.command("/reflect", text="Before", user_id="U1"))
    with db.write() as session:
        assert unenrol(session, find_cohort(session, TEAM, "Cohort 1"), "U1", DELEGATE)
    answer = slack.command("/reflect", text="After", user_id="U1").json()["text"]
    assert NOT_ENROLLED in answer and "After" in answer
    assert filed_under(db) == [("Before", "Cohort 1")]


def test_enrolments_made_by_another_process_are_seen_on_the_next_request(slack, db, make_cohort, cohortbot):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    make_cohort("Cohort 2", channel="C222", delegates=["U2"])
    assert saved(slack.command("/reflect", text="One", user_id="U1", channel_id="C111"))
    cohortbot("cohort", "enrol", "Cohort 2", "--delegate", "U1")
    assert saved(slack.command("/reflect", text="Two", user_id="U1", channel_id="C222"))
    cohortbot("cohort", "unenrol", "Cohort 1", "--delegate", "U1")
    assert saved(slack.command("/reflect", text="Three", user_id="U1", channel_id="C111"))  # their only cohort now
    cohortbot("cohort", "unenrol", "Cohort 2", "--delegate", "U1")
    assert NOT_ENROLLED in slack.command("/reflect", text="Four", user_id="U1").json()["text"]
    assert filed_under(db) == [("One", "Cohort 1"), ("Two", "Cohort 2"), ("Three", "Cohort 2")]


def test_what_is_kept_is_not_read_again_while_nothing_changes(slack, db, make_cohort):
    make_cohort("Cohort 1", delegates=["U1"])
    assert saved(slack.command("/reflect", text="First", user_id="U1"))
    kept = delegates(db).get(db, TEAM.person("U1"))
    assert saved(slack.command("/reflect", text="Second", user_id="U1"))
    assert delegates(db).get(db, TEAM.person("U1")) is kept


def test_every_reflection_acknowledged_is_stored_before_the_ack(slack, db, make_cohort):
    people = [f"U{n}" for n in range(8)]
    make_cohort("Cohort 1", delegates=people)

    def reflect(n: int) -> bool:
        words = f"Reflection {n}"
        response = slack.command("/reflect", text=words, user_id=people[n % len(people)])
        with db.read() as session:  # no waiting: the row is there as soon as the answer is
            stored = session.scalar(select(Reflection.id).where(Reflection.text == words)) is not None
        return saved(response) and stored

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(reflect, range(64)))
    assert len(filed_under(db)) == 64
