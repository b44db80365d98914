"""Names learnt from Slack: they replace a placeholder (no name, or the person's id), and a placeholder never replaces a name."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot import clock
from bot.people.profiles import find_person, get_or_create_person, update_profile
from handlers.after_answer import finish_after_ack_work
from handlers.slack.profiles import CHECK_EVERY
from storage.models import Person
from tests.journal.helpers import rows
from tests.waiting import wait_until
from tests.workspaces import TEAM


def name_of(db, user_id: str) -> str:
    with db.read() as session:
        return find_person(session, TEAM.person(user_id)).display_name


def test_an_id_standing_in_for_a_name_is_replaced_by_the_slack_name_on_the_next_request(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    with db.write() as session:
        find_person(session, TEAM.person("U1")).display_name = "U1"  # as an older console wrote it
    fake_slack.users["U1"] = {"profile": {"display_name": "Alice Example"}}
    slack.command("/reflect", text="Named at last", user_id="U1")
    wait_until(lambda: rows(db, Person, Person.display_name == "Alice Example"), what="the name from users.info")
    assert fake_slack.count("users.info") == 1


def test_a_placeholder_is_never_written_over_a_name_or_as_one(db, make_cohort):
    make_cohort(delegates=["U1", "U2"])
    update_profile(db, TEAM.person("U1"), display_name="Alice Example", timezone=None)
    update_profile(db, TEAM.person("U1"), display_name="U1", timezone=None)
    with db.write() as session:
        get_or_create_person(session, TEAM.person("U1"), "U1")
        get_or_create_person(session, TEAM.person("U2"), "U2")
        get_or_create_person(session, TEAM.person("U3"), " U3 ")
    assert [name_of(db, user_id) for user_id in ("U1", "U2", "U3")] == ["Alice Example", "", ""]


def test_a_failed_lookup_is_not_repeated_on_every_request_but_is_tried_again_an_hour_later(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])  # no name yet
    fake_slack.users["U1"] = {"name": "Alice Example"}
    fake_slack.fail("users.info", "user_not_found")
    slack.command("/reflect", text="One", user_id="U1")
    wait_until(lambda: fake_slack.count("users.info") == 1, what="the first users.info")
    slack.command("/reflect", text="Two", user_id="U1")
    slack.command("/reflect", text="Three", user_id="U1")
    finish_after_ack_work()
    assert fake_slack.count("users.info") == 1
    assert name_of(db, "U1") == ""
    with time_machine.travel(clock.now() + CHECK_EVERY + timedelta(minutes=1)):
        slack.command("/reflect", text="Four", user_id="U1")
        wait_until(lambda: name_of(db, "U1") == "Alice Example", what="the name, an hour later")
    assert fake_slack.count("users.info") == 2

