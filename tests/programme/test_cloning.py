"""`/cohortbot cohort clone`: a new cohort with the same prompts and settings, none of the people; handing on."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.delivery.engine import run_due
from bot.people.admins import allow_facilitators_to_create
from bot.programme import schedule
from bot.programme.cohorts import CHANNEL_TAKEN, find_cohort
from storage.models import Cohort, Delivery, Membership
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM

BEFORE = WEEK_1 - timedelta(days=1)
CLONE = '"Cohort 1" --as "Cohort 3" --start 2027-06-09 --channel C333'


@pytest.fixture
def cohorts(make_cohort, db):
    make_cohort("Cohort 1", channel="C111", delegates=["U1", "U2"], facilitators=["UFAC"], weeks=8, timezone="Europe/Paris")
    make_cohort("Cohort 2", channel="C222", delegates=["U9"], facilitators=["UOTHERFAC"])
    allow_facilitators_to_create(db, TEAM, True)  # cloning is creating: facilitators may only where an admin allows it
    with time_machine.travel(BEFORE), db.write() as session:
        cohort = find_cohort(session, TEAM, "Cohort 1")
        cohort.weekday, cohort.local_time, cohort.reminder_days = 2, time(10, 30), 3
        schedule.schedule(session, cohort)
        schedule.swap(session, cohort, 3, "meet-your-users")


def calendar(db, name: str) -> list[tuple[int, int | None]]:
    with db.read() as session:
        cohort = find_cohort(session, TEAM, name)
        rows = session.scalars(select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.kind == "prompt"))
        return sorted((row.week, row.prompt_id) for row in rows)


def people(db, name: str) -> list[tuple[str, str]]:
    with db.read() as session:
        cohort = find_cohort(session, TEAM, name)
        members = session.scalars(select(Membership).where(Membership.cohort_id == cohort.id))
        return sorted((m.person.platform_user_id, m.role) for m in members)


def test_a_facilitator_clones_only_where_an_admin_allows_it_and_never_onto_a_taken_channel(cohorts, slack, db):
    allow_facilitators_to_create(db, TEAM, False)
    with time_machine.travel(BEFORE):
        refused = slack.command("/cohortbot", f"cohort clone {CLONE}", user_id="UFAC", channel_id="C111").json()["text"]
        assert refused.startswith("Sorry, only an admin can create cohorts here.")
        taken = '"Cohort 1" --as "Cohort 3" --start 2027-06-09 --channel C222'
        assert slack.command("/cohortbot", f"cohort clone {taken}", user_id="UADMIN").json()["text"] == CHANNEL_TAKEN
    with db.read() as session:
        assert session.scalar(select(Cohort.id).where(Cohort.name == "Cohort 3")) is None


def test_a_clone_keeps_the_prompts_and_settings_not_the_people(cohorts, slack, db, ctx, fake_slack):
    with time_machine.travel(BEFORE):
        response = slack.command("/cohortbot", f"cohort clone {CLONE}", user_id="UFAC", channel_id="C111")
    assert response.json()["text"] == (
        "Created Cohort 3 from Cohort 1: the same 8 weekly challenges, 10:30 Europe/Paris, from Wednesday 09 June 2027, "
        'in C333. No one is enrolled yet. Schedule it with `/cohortbot cohort schedule "Cohort 3"`.'
    )
    assert calendar(db, "Cohort 3") == calendar(db, "Cohort 1")
    assert len(calendar(db, "Cohort 3")) == 8
    with db.read() as session:
        clone = find_cohort(session, TEAM, "Cohort 3")
        settings = (clone.weeks, clone.weekday, clone.local_time, clone.timezone, clone.reminder_days, clone.status)
    assert settings == (8, 2, time(10, 30), "Europe/Paris", 3, "planned")
    assert people(db, "Cohort 3") == [("UFAC", "facilitator")]
    with time_machine.travel(date(2027, 6, 10).isoformat() + " 09:00Z"):  # its first slot has passed: still nothing
        run_due(ctx)
    assert [c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "C333"] == []


@pytest.mark.parametrize(
    ("caller", "text", "answer"),
    [
        ("U1", f"cohort clone {CLONE}", "Sorry, only facilitators and admins can run cohorts."),
        ("UOTHERFAC", f"cohort clone {CLONE}", "Sorry, only a facilitator of Cohort 1 can do that."),
        ("UFAC", 'cohort clone "Cohort 1" --as "Cohort 2" --start 2027-06-09', "A cohort called 'Cohort 2' already exists."),
        ("UFAC", 'cohort clone "Cohort 1" --as X --start 2027-13-01', "'2027-13-01' is not a date; "
         "use YYYY-MM-DD, e.g. 2027-05-03."),
        (
            "UFAC",
            'cohort clone "Cohort 1" --as X --start 2026-10-01',
            "01 October 2026 has passed, so its weeks could not be posted. Choose today (2026-11-01) or a later date.",
        ),
        ("UFAC", 'cohort clone "Cohort 1" --start 2027-06-09', "Say the new name and start, e.g. "
         '`/cohortbot cohort clone "Cohort 1" --as "Cohort 2" --start 2027-05-03`.'),
        ("UFAC", "cohort clone Nowhere --as X --start 2027-06-09", "There is no cohort called 'Nowhere'. "
         "Check the name, in quotes if it has spaces."),
    ],
)
def test_clone_refusals_make_nothing(cohorts, slack, db, caller, text, answer):
    with time_machine.travel(BEFORE):
        response = slack.command("/cohortbot", text, user_id=caller, channel_id="C999")
    assert response.json()["text"] == answer
    with db.read() as session:
        assert sorted(session.scalars(select(Cohort.name))) == ["Cohort 1", "Cohort 2"]


def test_a_delegate_of_a_finished_cohort_can_facilitate_the_next_one(cohorts, slack, db, ctx, fake_slack):
    after_the_end = WEEK_1 + timedelta(weeks=9)
    with time_machine.travel(after_the_end):
        run_due(ctx)
        slack.command("/cohortbot", 'cohort clone "Cohort 1" --as "Cohort 3" --start 2027-06-09 --channel C333', user_id="UFAC")
        enrolled = slack.command("/cohortbot", 'cohort enrol "Cohort 3" facilitator <@U1|ada>', user_id="UFAC")
        assert enrolled.json()["text"].startswith("Enrolled 1 of 1 as facilitator in Cohort 3; the others were already in it.")
        asked = slack.command("/cohortbot", 'cohort schedule "Cohort 3"', user_id="U1")
        assert "Cohort 3 has no delegates yet" in asked.json()["text"]
        [button] = [element for block in asked.json()["blocks"] if block["type"] == "actions" for element in block["elements"]]
        url = fake_slack.response_url()
        pressed = slack.block_action(button["action_id"], value=button["value"], user_id="U1", response_url=url)
        assert pressed.status == 200
        (scheduled,) = fake_slack.wait_for("respond")
        assert scheduled.params["text"].startswith("Cohort 3 is scheduled")
        refused = slack.command("/cohortbot", 'cohort pause "Cohort 1"', user_id="U1")
        assert refused.json()["text"] == "Sorry, only a facilitator of Cohort 1 can do that."
    assert ("U1", "delegate") in people(db, "Cohort 1")
    assert people(db, "Cohort 3") == [("U1", "facilitator"), ("UFAC", "facilitator")]
