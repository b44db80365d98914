"""Facilitator commands over signed HTTP: who may run each, and that refusals change nothing."""

import json
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.programme import schedule
from bot.programme.cohorts import CHANNEL_TAKEN, find_cohort
from storage.models import Cohort, Delivery, Membership, Reflection
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM

NAME = '"Cohort 1"'
SCHEDULED = {"schedule"}
PAUSED = {"schedule", "pause"}
SKIPPED_3 = {"schedule", "skip 3"}
# command text, setup steps, what an allowed caller sees
COMMANDS = {
    "create": ("cohort create", set(), None),
    "enrol": (f"cohort enrol {NAME} delegate <@U9|sam>", set(), "Enrolled 1 of 1 as delegate"),
    "schedule": (f"cohort schedule {NAME}", set(), "is scheduled"),
    "calendar": (f"cohort calendar {NAME}", SCHEDULED, "Week 1: Mon 02 Nov 2026 09:00"),
    "skip": (f"cohort skip {NAME} 3", SCHEDULED, "Week 3 of Cohort 1 will not be posted"),
    "swap": (f"cohort swap {NAME} 3 meet-your-users", SCHEDULED, "will be: Spend an hour"),
    "pause": (f"cohort pause {NAME}", SCHEDULED, "is paused"),
    "resume": (f"cohort resume {NAME}", PAUSED, "is running again"),
    "post-now": (f"cohort post-now {NAME}", SCHEDULED, "Posting week 1"),
    "status": (f"cohort status {NAME}", SCHEDULED, "Posted: 0 of 26"),
    "unenrol": (f"cohort unenrol {NAME} delegate <@U1|ada>", set(), "Unenrolled 1 of 1 as delegate from Cohort 1"),
    "rename": (f'cohort rename {NAME} "Spring 2027"', set(), "Cohort 1 is now called Spring 2027."),
    "channel": (f"cohort channel {NAME} C333", set(), "Cohort 1 now posts in C333; I'm joining it."),
    "unskip": (f"cohort unskip {NAME} 3", SKIPPED_3, "Week 3 of Cohort 1 will be posted after all"),
    "archive": (f"cohort archive {NAME}", SCHEDULED, "Cohort 1 is archived"),
    "resend": (f"cohort resend {NAME} 3", SKIPPED_3, "Posting week 3 of Cohort 1 now."),
    "shift": (f"cohort shift {NAME} 2", SCHEDULED, "Every week of Cohort 1 not yet posted moves 2 weeks later."),
}
ALLOWED = {"UADMIN", "UFAC"}
CALLERS = ["UADMIN", "UFAC", "UOTHERFAC", "U1", "USTRANGER"]


def state(db):
    with db.read() as session:
        return (
            [(c.name, c.status, c.start_date, c.conversation) for c in session.scalars(select(Cohort).order_by(Cohort.id))],
            [(d.id, d.status, d.prompt_id, d.due_at) for d in session.scalars(select(Delivery).order_by(Delivery.id))],
            [(m.cohort_id, m.person_id, m.role) for m in session.scalars(select(Membership).order_by(Membership.id))],
        )


@pytest.fixture
def cohorts(make_cohort, db):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"], facilitators=["UFAC"])
    make_cohort("Cohort 2", channel="C222", delegates=[], facilitators=["UOTHERFAC"])

    def setup(steps):
        with db.write() as session:
            cohort = find_cohort(session, TEAM, "Cohort 1")
            if "schedule" in steps:
                schedule.schedule(session, cohort)
            if "pause" in steps:
                schedule.pause(session, cohort)
            if "skip 3" in steps:
                schedule.skip(session, cohort, 3)

    return setup


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_permission_matrix(command, caller, cohorts, slack, db, fake_slack):
    text, steps, success = COMMANDS[command]
    with time_machine.travel(WEEK_1 - timedelta(days=1)):
        cohorts(steps)
        before = state(db)
        response = slack.command("/cohortbot", text, user_id=caller, channel_id="C999")
    assert response.status == 200
    may = caller == "UADMIN" if command == "create" else caller in ALLOWED
    if not may:
        assert response.json()["text"].startswith("Sorry, only")
        assert state(db) == before
        assert fake_slack.count("views.open") == 0
    elif command == "create":
        view = fake_slack.wait_for("views.open")[0].params["view"]
        assert view["callback_id"] == "form:cohort_create"
    else:
        assert success in response.json()["text"]


@pytest.mark.parametrize(
    ("caller", "sees_cohort", "sees_snooze"),
    [("UADMIN", True, False), ("UFAC", True, False), ("U1", False, True), ("USTRANGER", False, False)],
)
def test_help_lists_only_what_the_caller_may_do(caller, sees_cohort, sees_snooze, cohorts, slack):
    text = slack.command("/cohortbot", "help", user_id=caller).json()["text"]
    assert ("/cohortbot cohort" in text) is sees_cohort
    assert ("/cohortbot snooze" in text) is sees_snooze


def test_without_a_name_the_channels_cohort_is_meant(cohorts, slack):
    cohorts(SCHEDULED)
    assert "Posted: 0 of 26" in slack.command("/cohortbot", "cohort status", user_id="UFAC", channel_id="C111").json()["text"]


@pytest.mark.parametrize("caller", ["UFAC", "UOTHERFAC"])
def test_facilitators_create_cohorts_only_while_an_admin_allows_it(caller, cohorts, slack, fake_slack):
    assert slack.command("/cohortbot", "cohort create", user_id=caller).json()["text"].startswith("Sorry, only an admin")
    refused = slack.command("/cohortbot", "admins allow-facilitators-to-create on", user_id=caller).json()["text"]
    assert refused == "Sorry, only admins can do that."
    allowed = slack.command("/cohortbot", "admins allow-facilitators-to-create on", user_id="UADMIN").json()["text"]
    assert allowed == "Done. Admins and facilitators may create cohorts here."
    slack.command("/cohortbot", "cohort create", user_id=caller)
    assert fake_slack.wait_for("views.open")[0].params["view"]["callback_id"] == "form:cohort_create"
    assert slack.command("/cohortbot", "cohort create", user_id="U1").json()["text"].startswith("Sorry, only")
    slack.command("/cohortbot", "admins allow-facilitators-to-create off", user_id="UADMIN")
    assert slack.command("/cohortbot", "cohort create", user_id=caller).json()["text"].startswith("Sorry, only an admin")
    assert fake_slack.count("views.open") == 1


def create_values(name: str, channel: str) -> dict:
    return {
        "name": {"name": {"type": "plain_text_input", "value": name}},
        "channel": {"channel": {"type": "plain_text_input", "value": channel}},
        "start": {"start": {"type": "plain_text_input", "value": "2027-03-22"}},
        "weeks": {"weeks": {"type": "plain_text_input", "value": "12"}},
        "weekday": {"weekday": {"type": "static_select", "selected_option": {"value": "2"}}},
        "time": {"time": {"type": "plain_text_input", "value": "10:30"}},
        "timezone": {"timezone": {"type": "plain_text_input", "value": "Europe/London"}},
    }


@pytest.mark.parametrize("caller", ["UADMIN", "UFAC"])
def test_a_channel_that_has_a_cohort_is_refused_for_another_naming_neither(caller, slack, db, cohorts):
    slack.command("/cohortbot", "admins allow-facilitators-to-create on", user_id="UADMIN")
    before = state(db)
    values = create_values("Takeover", "C222")
    values["start"]["start"]["value"] = "2027-03-24"  # a Wednesday, the day of the weekly post
    refused = slack.view_submission("form:cohort_create", values, user_id=caller).json()
    assert refused["errors"]["channel"] == CHANNEL_TAKEN
    assert "Cohort 2" not in json.dumps(refused)
    assert state(db) == before


def test_the_create_form_makes_a_cohort_with_the_creator_as_facilitator(slack, db, cohorts):
    slack.command("/cohortbot", "admins allow-facilitators-to-create on", user_id="UADMIN")
    values = create_values("Spring 2027", "C333")
    values["time"]["time"]["value"] = "01:15"
    refused = slack.view_submission("form:cohort_create", values, user_id="UFAC").json()
    assert "01:00-02:00" in refused["errors"]["time"]
    values["time"]["time"]["value"] = "10:30"
    refused = slack.view_submission("form:cohort_create", values, user_id="UFAC").json()
    assert refused["errors"]["start"] == (
        "Monday 22 March 2027 is not a Wednesday, the day of the weekly post. "
        "Start on Wednesday 17 March 2027 (2027-03-17) or Wednesday 24 March 2027 (2027-03-24)."
    )
    values["start"]["start"]["value"] = "2027-03-24"
    assert slack.view_submission("form:cohort_create", values, user_id="UFAC").json()["response_action"] == "update"
    with db.read() as session:
        cohort = find_cohort(session, TEAM, "Spring 2027")
        assert (cohort.weeks, cohort.weekday, str(cohort.local_time)) == (12, 2, "10:30:00")
        assert [(m.person.platform_user_id, m.role) for m in cohort.memberships] == [("UFAC", "facilitator")]


def test_the_reflection_button_opens_the_form_for_that_week_and_links_the_prompt(cohorts, slack, db, fake_slack):
    cohorts(SCHEDULED)
    with db.read() as session:
        cohort = find_cohort(session, TEAM, "Cohort 1")
        week_3 = session.scalar(
            select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.week == 3, Delivery.kind == "prompt")
        )
    value = json.dumps({"cohort_id": cohort.id, "week": 3})
    assert slack.block_action("open_reflection", value, user_id="U1", channel_id="C111").status == 200
    view = fake_slack.wait_for("views.open")[0].params["view"]
    assert json.loads(view["private_metadata"]) == {"week": 3, "cohort_id": cohort.id}
    values = {"text": {"text": {"type": "plain_text_input", "value": "Watched a contact centre"}}}
    slack.view_submission("form:reflection", values, user_id="U1", private_metadata=view["private_metadata"])
    with db.read() as session:
        [reflection] = session.scalars(select(Reflection))
        assert (reflection.week, reflection.prompt_id) == (3, week_3.prompt_id)


def test_enrol_takes_mentions_and_slack_ids_only(cohorts, slack, db):
    text = 'cohort enrol "Cohort 1" facilitator <@U0AAAA111|ann> W0BBBB222 ADD 2027'
    answer = slack.command("/cohortbot", text, user_id="UFAC", channel_id="C111").json()["text"]
    assert "There is no cohort called" in answer  # "ADD 2027" is read as part of the name, not as people
    with db.read() as session:
        enrolled = {m.person.platform_user_id for m in find_cohort(session, TEAM, "Cohort 1").memberships}
    assert enrolled == {"U1", "UFAC"}
    answer = slack.command("/cohortbot", 'cohort enrol "Cohort 1" <@U0AAAA111|ann> W0BBBB222', user_id="UFAC").json()["text"]
    assert "Enrolled 2 of 2 as delegate" in answer


def test_escaped_cohortbot_text_is_stored_as_the_person_typed_it(cohorts, slack, db):
    slack.command("/cohortbot", "challenge Fewer forms &amp; faster &lt;help&gt;", user_id="U1")
    with db.read() as session:
        person = session.scalar(select(Membership).where(Membership.role == "delegate")).person
        assert person.personal_challenge == "Fewer forms & faster <help>"


def test_a_mention_reaches_the_domain_as_a_person_reference_and_typed_look_alikes_stay_text(cohorts, slack, db):
    slack.command("/cohortbot", "challenge Pair with <@U2|bob> on &lt;@U3&gt; @[U4", user_id="U1")
    with db.read() as session:
        person = session.scalar(select(Membership).where(Membership.role == "delegate")).person
        assert person.personal_challenge == "Pair with @[U2] on <@U3> @[U4"


def test_a_delegate_opens_the_evaluation_with_a_command_in_their_cohorts_channel(slack, make_cohort, fake_slack):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    second = make_cohort("Cohort 2", channel="C222", delegates=["U1"])
    answer = slack.command("/cohortbot", text="evaluation", user_id="U1", channel_id="D0DM").json()
    assert "Which one are you evaluating?" in answer["text"] and "open_evaluation" in json.dumps(answer["blocks"])
    slack.command("/cohortbot", text="evaluation", user_id="U1", channel_id="C222")
    view = fake_slack.wait_for("views.open")[0].params["view"]
    assert json.loads(view["private_metadata"]) == {"cohort_id": second.id}
