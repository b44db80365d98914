"""Agreed actions are followed up by DM; notes and actions are the coach's and the delegate's alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from bot.delivery.ticker import tick
from storage.models import CoachingAction, CoachingMeeting
from tests.coaching.helpers import buttons_in, dm_texts, name_everyone, press
from tests.journal.helpers import dms_to, opened_view, published_home, rows, state, text

LOGGED = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


def log_one_to_one(slack, fake_slack, db, make_cohort):
    """Carol coaches Ada (U1); Dev coaches Ben (U2). Carol logs a 1-2-1 with Ada, with two actions."""
    make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    name_everyone(fake_slack, db)
    for coach, delegate in (("UCOACH", "U1"), ("UCOACH2", "U2")):
        slack.command("/cohortbot", f'coach assign "Cohort 1" --coach <@{coach}> --delegate <@{delegate}>', user_id="UFAC")
    with time_machine.travel(LOGGED):
        slack.command("/coach", "log <@U1|ada>", user_id="UCOACH")
        view = opened_view(fake_slack)
        assert view["callback_id"] == "form:coach_log"
        values = state(
            when=text("2026-11-10 14:00"),
            minutes=text("50"),
            notes=text("Private: worried about the restructure"),
            actions=text("Draft the paper\nTalk to the CDO"),
        )
        answer = slack.view_submission("form:coach_log", values, user_id="UCOACH", private_metadata=view["private_metadata"])
        assert answer.json()["response_action"] == "update"


def test_each_action_is_followed_up_once_and_not_yet_asks_again(slack, fake_slack, db, ctx, make_cohort):
    log_one_to_one(slack, fake_slack, db, make_cohort)
    first, second = rows(db, CoachingAction)
    before = len(dms_to(fake_slack, "U1"))
    with time_machine.travel(LOGGED + timedelta(days=14, minutes=1)):
        tick(ctx)
        tick(ctx)
        asked = dms_to(fake_slack, "U1")[before:]
        # Sent side by side, so in either order: one DM for each action.
        assert sorted(words.split("\n\n")[1] for words in dm_texts(fake_slack, "U1")[before:]) == [
            "Draft the paper",
            "Talk to the CDO",
        ]
        assert all(words.endswith("Did you?") for words in dm_texts(fake_slack, "U1")[before:])
        assert [b[:2] for b in buttons_in(asked[0])] == [
            ("Done", "coach_action_done"),
            ("Not yet", "coach_action_not_yet"),
            ("Dropped", "coach_action_dropped"),
        ]
        # Only Ada may answer for her actions.
        assert press(slack, fake_slack, "coach_action_done", str(first.id), "U2") == (
            "Sorry, only the delegate who agreed that action can answer for it."
        )
        assert press(slack, fake_slack, "coach_action_done", str(first.id), "U1").startswith("Well done: marked as done.")
        assert press(slack, fake_slack, "coach_action_not_yet", str(second.id), "U1").startswith(
            "Noted: not yet. I'll ask again in 14 days."
        )
    assert [(a.status, a.follow_ups) for a in rows(db, CoachingAction)] == [("done", 0), ("open", 1)]
    before = len(dms_to(fake_slack, "U1"))
    with time_machine.travel(LOGGED + timedelta(days=28, minutes=5)):
        tick(ctx)
    again = dm_texts(fake_slack, "U1")[before:]
    assert len(again) == 1 and "Talk to the CDO" in again[0]
    with time_machine.travel(LOGGED + timedelta(days=28, minutes=6)):
        assert press(slack, fake_slack, "coach_action_dropped", str(second.id), "U1").startswith("Marked as dropped")
    assert [a.status for a in rows(db, CoachingAction)] == ["done", "dropped"]


def test_notes_are_seen_by_the_delegate_and_their_coach_only(slack, fake_slack, db, make_cohort):
    log_one_to_one(slack, fake_slack, db, make_cohort)
    own = slack.command("/coach", "notes", user_id="U1").json()["text"]
    assert "Private: worried about the restructure" in own and "• Talk to the CDO (open)" in own
    coach = slack.command("/coach", "notes <@U1|ada>", user_id="UCOACH").json()["text"]
    assert "Private: worried about the restructure" in coach
    refusal = "Sorry, you can only do that for the delegates you coach."
    assert slack.command("/coach", "notes <@U1|ada>", user_id="U2").json()["text"] == refusal  # another delegate
    assert slack.command("/coach", "notes <@U1|ada>", user_id="UCOACH2").json()["text"] == refusal  # another coach
    assert slack.command("/coach", "notes <@U1|ada>", user_id="UFAC").json()["text"] == refusal  # not her coach
    assert slack.command("/coach", "log <@U2|ben>", user_id="UCOACH").json()["text"] == refusal
    assert "restructure" not in slack.command("/coach", "notes", user_id="U2").json()["text"]
    # Another delegate can't answer Ada's actions, nor see them in their own overview.
    slack.command("/coach", user_id="U2")
    assert "Draft the paper" not in opened_view(fake_slack, 2)["blocks"][0]["text"]["text"]
    slack.command("/coach", user_id="U1")
    assert "Your open actions: Draft the paper; Talk to the CDO." in opened_view(fake_slack, 3)["blocks"][0]["text"]["text"]


def test_a_coach_sees_their_delegates_and_a_log_in_the_future_is_refused(slack, fake_slack, db, make_cohort):
    log_one_to_one(slack, fake_slack, db, make_cohort)
    overview = slack.command("/coach", user_id="UCOACH").json()["text"]
    assert "Ada (Cohort 1): no 1-2-1 booked" in overview and "Ben" not in overview
    with time_machine.travel(LOGGED):
        slack.command("/coach", "log <@U1>", user_id="UCOACH")
        view = opened_view(fake_slack, 2)
        values = state(when=text("2026-11-20 14:00"), minutes=text("90"), notes=text("x"), actions=text(""))
        errors = slack.view_submission("form:coach_log", values, user_id="UCOACH", private_metadata=view["private_metadata"])
        assert "is still to come" in errors.json()["errors"]["when"]
        values = state(when=text("2026-11-09 14:00"), minutes=text("none"), notes=text("x"), actions=text(""))
        errors = slack.view_submission("form:coach_log", values, user_id="UCOACH", private_metadata=view["private_metadata"])
        assert errors.json()["errors"]["minutes"] == "Minutes must be a whole number from 1 to 480."


def test_forget_me_erases_the_delegates_1_2_1s_and_actions(slack, fake_slack, db, make_cohort):
    log_one_to_one(slack, fake_slack, db, make_cohort)
    assert len(rows(db, CoachingAction)) == 2
    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    fake_slack.wait_for("respond")
    assert rows(db, CoachingMeeting) == [] and rows(db, CoachingAction) == []
    assert slack.command("/coach", "notes <@U1>", user_id="UCOACH").json()["text"] == (
        "Sorry, you can only do that for the delegates you coach."
    )


def test_open_actions_show_in_the_delegates_journal_and_home_only(slack, fake_slack, db, make_cohort):
    log_one_to_one(slack, fake_slack, db, make_cohort)
    journal = slack.command("/journal", user_id="U1").json()["text"]
    assert "Your 1-2-1 action: Draft the paper\nYour 1-2-1 action: Talk to the CDO" in journal
    home = published_home(fake_slack)
    sections = [block["text"]["text"] for block in home["blocks"] if block["type"] == "section"]
    assert "*My actions from 1-2-1s*\n• Draft the paper\n• Talk to the CDO" in sections
    assert "1-2-1 action" not in slack.command("/journal", user_id="U2").json()["text"]
