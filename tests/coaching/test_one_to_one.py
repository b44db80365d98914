"""1-2-1 support over Slack: assign a coach, ask, agree a time, reminders, log it, follow up its actions."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from bot.delivery.ticker import tick
from storage.models import CoachingAction, CoachingMeeting
from tests.coaching.helpers import buttons_in, dm_texts, name_everyone, press
from tests.journal.helpers import dms_to, opened_view, rows, state, text

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # Tuesday; London is on GMT, so local = UTC
AGREED = "Tue 10 Nov 2026 14:00 (Europe/London)"


def assign_coach(slack, fake_slack, db, make_cohort, delegates=("U1", "U2")):
    make_cohort(delegates=list(delegates), facilitators=["UFAC"])
    name_everyone(fake_slack, db)
    answer = slack.command(
        "/cohortbot", 'coach assign "Cohort 1" --coach <@UCOACH|carol> --delegate <@U1|ada>', user_id="UFAC"
    ).json()
    assert "1 delegate(s) in Cohort 1 now have this coach" in answer["text"]


def ask_for_a_one_to_one(slack, fake_slack):
    slack.command("/coach", user_id="U1")
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:coach_request"
    values = state(
        request=text("Preparing my board paper on AI"),
        time_1=text("2026-11-10 14:00"),
        time_2=text("2026-11-11 09:30"),
        time_3=text(""),
    )
    answer = slack.view_submission("form:coach_request", values, user_id="U1").json()
    assert answer["response_action"] == "update", answer


def accept_first_time(slack, fake_slack):
    (request,) = dms_to(fake_slack, "UCOACH")[-1:]
    labels = [(label, action) for label, action, _ in buttons_in(request)]
    assert labels == [
        (f"Accept {AGREED}", "coach_accept_time"),
        ("Accept Wed 11 Nov 2026 09:30 (Europe/London)", "coach_accept_time"),
        ("Propose a time", "coach_propose_time"),
    ]
    value = buttons_in(request)[0][2]
    return value, press(slack, fake_slack, "coach_accept_time", value, "UCOACH")


def test_assigning_a_coach_tells_both_by_dm_and_only_facilitators_may(slack, fake_slack, make_cohort, db):
    assign_coach(slack, fake_slack, db, make_cohort)
    assert "is your coach for Cohort 1" in dm_texts(fake_slack, "U1")[-1]
    assert "coach for Cohort 1" in dm_texts(fake_slack, "UCOACH")[-1]
    refused = slack.command("/cohortbot", 'coach assign "Cohort 1" --coach <@U2> --delegate <@U1>', user_id="U2").json()
    assert refused["text"] == "Sorry, only a facilitator of Cohort 1 can do that."
    listed = slack.command("/cohortbot", 'coach list "Cohort 1"', user_id="UFAC").json()["text"]
    assert "Ada: coached by Carol" in listed


def test_a_delegate_asks_the_coach_accepts_and_both_are_reminded_then_it_is_logged(slack, fake_slack, make_cohort, db, ctx):
    assign_coach(slack, fake_slack, db, make_cohort)
    with time_machine.travel(NOW):
        ask_for_a_one_to_one(slack, fake_slack)
        assert "Preparing my board paper on AI" in dm_texts(fake_slack, "UCOACH")[-1]
        value, answer = accept_first_time(slack, fake_slack)
        assert answer == f"Agreed: Ada, {AGREED}. I've told you both."
        assert "Sorry, only the delegate's coach can do that." == press(slack, fake_slack, "coach_accept_time", value, "U2")
        for person in ("U1", "UCOACH"):
            assert f"is at {AGREED}. I'll remind you the day before and an hour before." in dm_texts(fake_slack, person)[-1]
        slack.command("/coach", user_id="U1")
        intro = opened_view(fake_slack, 2)["blocks"][0]["text"]["text"]
        assert f"Your coach is Carol.\nYour next 1-2-1: {AGREED}." in intro

    # The day before at the cohort's posting time (09:00), and an hour before: once each, to both.
    before = {person: len(dms_to(fake_slack, person)) for person in ("U1", "UCOACH", "U2")}
    with time_machine.travel(datetime(2026, 11, 9, 9, 0, 30, tzinfo=UTC)):
        tick(ctx)
        tick(ctx)
    with time_machine.travel(datetime(2026, 11, 10, 13, 0, 30, tzinfo=UTC)):
        tick(ctx)
        tick(ctx)
    for person in ("U1", "UCOACH"):
        new = dm_texts(fake_slack, person)[before[person] :]
        assert new == [
            f"A reminder: your 1-2-1 with {'Carol' if person == 'U1' else 'Ada'} is tomorrow, {AGREED}.",
            f"A reminder: your 1-2-1 with {'Carol' if person == 'U1' else 'Ada'} is in an hour, {AGREED}.",
        ]
    assert len(dms_to(fake_slack, "U2")) == before["U2"]
    assert all(buttons_in(message) == [] for message in dms_to(fake_slack, "UCOACH")[before["UCOACH"]:])

    # An hour after the agreed time, the coach is asked (once) to log it; the delegate is not.
    with time_machine.travel(datetime(2026, 11, 10, 15, 0, 30, tzinfo=UTC)):
        tick(ctx)
        tick(ctx)
    assert dm_texts(fake_slack, "UCOACH")[before["UCOACH"] + 2:] == [
        "How did your 1-2-1 with Ada go? Log it while it's fresh: the notes stay between the two of you."
    ]
    assert len(dms_to(fake_slack, "U1")) == before["U1"] + 2
    coach_reminder = dms_to(fake_slack, "UCOACH")[-1]
    assert [b[1] for b in buttons_in(coach_reminder)] == ["coach_log_meeting"]

    # The coach logs it from that button; nothing more is sent about it.
    with time_machine.travel(datetime(2026, 11, 10, 15, 5, tzinfo=UTC)):
        slack.block_action("coach_log_meeting", value=buttons_in(coach_reminder)[0][2], user_id="UCOACH")
        view = opened_view(fake_slack, 3)
        assert view["callback_id"] == "form:coach_log"
        when = next(b for b in view["blocks"] if b.get("block_id") == "when")
        assert when["element"]["initial_value"] == "2026-11-10 14:00"
        values = state(
            when=text("2026-11-10 14:00"),
            minutes=text("45"),
            notes=text("Talked through the board paper's risks"),
            actions=text("Draft the paper\n- Talk to the CDO"),
        )
        answer = slack.view_submission(
            "form:coach_log", values, user_id="UCOACH", private_metadata=view["private_metadata"]
        ).json()
        assert answer["response_action"] == "update", answer
    (meeting,) = rows(db, CoachingMeeting)
    assert (meeting.status, meeting.minutes, meeting.notes) == ("held", 45, "Talked through the board paper's risks")
    assert [a.text for a in rows(db, CoachingAction)] == ["Draft the paper", "Talk to the CDO"]
    notes_dm = dm_texts(fake_slack, "U1")[-1]
    assert "Talked through the board paper's risks" in notes_dm and "• Talk to the CDO" in notes_dm
    assert "Only you and your coach can see this." in notes_dm


def test_a_wrong_or_past_time_is_refused_beside_the_field_and_nothing_is_stored(slack, fake_slack, make_cohort, db):
    assign_coach(slack, fake_slack, db, make_cohort)
    with time_machine.travel(NOW):
        cases = {
            "time_1": "next tuesday",
            "time_2": "2026-11-10 01:30",
            "time_3": "2026-11-02 10:00",
        }
        for field, value in cases.items():
            values = state(request=text("Help"), **{field: text(value)})
            answer = slack.view_submission("form:coach_request", values, user_id="U1").json()
            assert answer["response_action"] == "errors" and field in answer["errors"], answer
        assert (
            "YYYY-MM-DD HH:MM"
            in slack.view_submission("form:coach_request", state(request=text("Help"), time_1=text("soon")), user_id="U1").json()[
                "errors"
            ]["time_1"]
        )
    assert rows(db, CoachingMeeting) == []


def test_a_quick_request_then_the_coach_proposes_another_time(slack, fake_slack, make_cohort, db):
    assign_coach(slack, fake_slack, db, make_cohort)
    with time_machine.travel(NOW):
        answer = slack.command("/coach", "Help with a tricky stakeholder", user_id="U1").json()
        assert answer["text"] == "I've asked Carol, your coach, for a 1-2-1. You'll get a message when a time is agreed."
        request = dms_to(fake_slack, "UCOACH")[-1]
        assert [b[1] for b in buttons_in(request)] == ["coach_propose_time"]
        slack.block_action("coach_propose_time", value=buttons_in(request)[0][2], user_id="UCOACH")
        view = opened_view(fake_slack)
        assert view["callback_id"] == "form:coach_propose"
        bad = slack.view_submission(
            "form:coach_propose", state(at=text("10/11 2pm")), user_id="UCOACH", private_metadata=view["private_metadata"]
        ).json()
        assert "at" in bad["errors"]
        good = slack.view_submission(
            "form:coach_propose", state(at=text("2026-11-10 14:00")), user_id="UCOACH", private_metadata=view["private_metadata"]
        ).json()
        assert good["response_action"] == "update"
        # Someone else's coach can't answer it.
        sneaky = slack.view_submission(
            "form:coach_propose", state(at=text("2026-11-10 15:00")), user_id="U2", private_metadata=view["private_metadata"]
        ).json()
        assert sneaky["errors"]["at"] == "Sorry, only the delegate's coach can do that."
    (meeting,) = rows(db, CoachingMeeting)
    assert (meeting.status, meeting.starts_at) == ("agreed", datetime(2026, 11, 10, 14, 0, tzinfo=UTC))
    assert f"is at {AGREED}" in dm_texts(fake_slack, "U1")[-1]


def test_without_a_coach_a_delegate_is_told_politely(slack, make_cohort):
    make_cohort(delegates=["U1"])
    answer = slack.command("/coach", "Help please", user_id="U1").json()["text"]
    assert answer == "You don't have a coach yet. Ask your programme facilitator to assign one."
