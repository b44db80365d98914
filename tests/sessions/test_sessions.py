"""Cohort sessions over Slack: invitations, a changed answer, a late cancellation, reminders, attendance."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from bot.delivery.ticker import tick
from storage.models import SessionInvitation
from tests.coaching.helpers import buttons_in, dm_texts, name_everyone, press
from tests.journal.helpers import dms_to, opened_view, rows, state, text

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # London is on GMT: local = UTC
WHEN = "Thu 19 Nov 2026 14:00 (Europe/London)"
ADD = 'session add "Cohort 1" --at "2026-11-19 14:00" --title "Show and tell" --place "Room 4"'


def add_session(slack, fake_slack, db, make_cohort, ctx):
    make_cohort(delegates=["U1", "U2", "UCOACH"], facilitators=["UFAC"])  # Ada, Ben, Carol; Fay facilitates
    name_everyone(fake_slack, db)
    with time_machine.travel(NOW):
        answer = slack.command("/cohortbot", ADD, user_id="UFAC").json()["text"]
        assert answer == f"Added session 1: Show and tell: {WHEN}, 90 minutes, Room 4. Invitations go out by DM in a moment."
        tick(ctx)
        tick(ctx)


def invitation_of(fake_slack, user_id):
    (invite,) = [m for m in dms_to(fake_slack, user_id) if "You're invited" in m.get("text", "")]
    return invite


def test_planning_a_session_is_checked_and_for_facilitators_only(slack, fake_slack, db, make_cohort):
    make_cohort(delegates=["U1"], facilitators=["UFAC"])
    with time_machine.travel(NOW):
        refused = {
            '--at "2026-11-19 01:30"': "01:30 is inside 01:00-02:00",
            '--at "19/11 2pm"': "Please write it as YYYY-MM-DD HH:MM",
            '--at "2026-11-02 09:00"': "has passed",
            '--at "2027-06-01 14:00"': "Cohort 1 runs from 02 November 2026 to 02 May 2027",
        }
        for at, why in refused.items():
            answer = slack.command("/cohortbot", f'session add "Cohort 1" {at} --title "Show and tell"', user_id="UFAC")
            assert why in answer.json()["text"], at
        no_title = slack.command("/cohortbot", 'session add "Cohort 1" --at "2026-11-19 14:00"', user_id="UFAC").json()
        assert "A session needs --at and --title." in no_title["text"]
        both = slack.command("/cohortbot", ADD + ' --link "https://example.org/call"', user_id="UFAC").json()
        assert both["text"] == "Give a place or a link, not both."
        delegate = slack.command("/cohortbot", ADD, user_id="U1").json()["text"]
        assert delegate == "Sorry, only a facilitator of Cohort 1 can do that."
    assert rows(db, SessionInvitation) == []


def test_invitations_answers_late_cancellation_reminders_and_attendance(slack, fake_slack, db, make_cohort, ctx):
    add_session(slack, fake_slack, db, make_cohort, ctx)
    for person in ("U1", "U2", "UCOACH", "UFAC"):
        invite = invitation_of(fake_slack, person)  # exactly one each, after two ticks
        assert [b[:2] for b in buttons_in(invite)] == [("Going", "session_going"), ("Can't make it", "session_decline")]
    ada, ben = (buttons_in(invitation_of(fake_slack, u))[0][2] for u in ("U1", "U2"))

    with time_machine.travel(NOW):
        assert press(slack, fake_slack, "session_going", ada, "U1").startswith("Thank you: you're going to Show and tell")
        assert press(slack, fake_slack, "session_going", ada, "U2") == "Sorry, that invitation is someone else's."
        # Ben can't make it (a reason is optional), then changes his mind.
        slack.block_action("session_decline", value=ben, user_id="U2")
        view = opened_view(fake_slack)
        answer = slack.view_submission(
            "form:session_decline", state(reason=text("")), user_id="U2", private_metadata=view["private_metadata"]
        )
        assert answer.json()["response_action"] == "update"
        press(slack, fake_slack, "session_going", ben, "U2")
    assert [(i.answer, i.late_cancellation) for i in rows(db, SessionInvitation)][:2] == [("going", False), ("going", False)]
    fay_before = len(dms_to(fake_slack, "UFAC"))

    # 26 hours before the start, Ben drops out: a late cancellation, told to the facilitator at once.
    with time_machine.travel(datetime(2026, 11, 18, 12, 0, tzinfo=UTC)):
        slack.block_action("session_decline", value=ben, user_id="U2")
        view = opened_view(fake_slack, 2)
        slack.view_submission(
            "form:session_decline", state(reason=text("A budget crisis")), user_id="U2", private_metadata=view["private_metadata"]
        )
    late = dm_texts(fake_slack, "UFAC")[fay_before:]
    assert late == [
        f"Ben can't make it to Show and tell: {WHEN}, 90 minutes, Room 4: less than 48 hours before it starts. "
        "Their reason: A budget crisis"
    ]
    by_person = {i.person.display_name: i for i in _invitations(db)}
    assert (by_person["Ben"].answer, by_person["Ben"].late_cancellation, by_person["Ben"].reason) == (
        "declined",
        True,
        "A budget crisis",
    )

    # Reminders: the day before at 09:00 and an hour before, to those going or yet to answer; not to Ben.
    before = {person: len(dms_to(fake_slack, person)) for person in ("U1", "U2", "UCOACH", "UFAC")}
    for moment in (datetime(2026, 11, 18, 9, 0, 30, tzinfo=UTC), datetime(2026, 11, 19, 13, 0, 30, tzinfo=UTC)):
        with time_machine.travel(moment):
            tick(ctx)
            tick(ctx)
    new = {person: dm_texts(fake_slack, person)[count:] for person, count in before.items()}
    assert new["U2"] == []
    assert new["U1"] == [
        f"A reminder: Show and tell: {WHEN}, 90 minutes, Room 4.",
        f"A reminder: Show and tell: {WHEN}, 90 minutes, Room 4. Press I'm here when you arrive.",
    ]
    assert new["UCOACH"] == [f"A reminder: Show and tell: {WHEN}, 90 minutes, Room 4. Will you come?"] * 2
    assert len(new["UFAC"]) == 2
    check_in = buttons_in(dms_to(fake_slack, "U1")[-1])
    assert [b[1] for b in check_in] == ["session_check_in"]

    # Ada checks in during the session; nobody else can use her button.
    with time_machine.travel(datetime(2026, 11, 19, 14, 5, tzinfo=UTC)):
        assert press(slack, fake_slack, "session_check_in", check_in[0][2], "UCOACH") == "Sorry, that check-in is someone else's."
        assert (
            press(slack, fake_slack, "session_check_in", check_in[0][2], "U1")
            == "Checked in to Show and tell. Enjoy the session."
        )

    # When it ends, the facilitator is asked who came, and can correct it.
    with time_machine.travel(datetime(2026, 11, 19, 15, 30, 30, tzinfo=UTC)):
        tick(ctx)
        tick(ctx)
        ask = dms_to(fake_slack, "UFAC")[-1]
        assert "These delegates said they were going:\n• Ada\nChecked in with I'm here: Ada." in dm_texts(fake_slack, "UFAC")[-1]
        marks = buttons_in(ask)
        assert [b[0] for b in marks] == ["Came: Ada", "Didn't come: Ada"]
        assert press(slack, fake_slack, "session_mark_attended", marks[0][2], "U1") == (
            "Sorry, only a facilitator of Cohort 1 can do that."
        )
        assert press(slack, fake_slack, "session_mark_attended", marks[0][2], "UFAC") == "Already recorded: Ada came."
        assert press(slack, fake_slack, "session_mark_attended", marks[1][2], "UFAC") == (
            "Corrected: Ada didn't come to Show and tell."
        )
        assert (
            press(slack, fake_slack, "session_going", ada, "U1")
            == "Show and tell has already started, so the answer can't change now."
        )
    assert {i.person.display_name: i.attended for i in _invitations(db)} == {
        "Ada": False,
        "Ben": None,
        "Carol": None,
        "Fay": None,
    }


def test_moving_and_cancelling_tell_those_invited_and_move_the_reminders(slack, fake_slack, db, make_cohort, ctx):
    add_session(slack, fake_slack, db, make_cohort, ctx)
    with time_machine.travel(NOW):
        slack.block_action("session_decline", value=buttons_in(invitation_of(fake_slack, "U2"))[0][2], user_id="U2")
        view = opened_view(fake_slack)
        slack.view_submission(
            "form:session_decline", state(reason=text("")), user_id="U2", private_metadata=view["private_metadata"]
        )
        moved = slack.command("/cohortbot", 'session move "Cohort 1" 1 --at "2026-11-26 10:00"', user_id="UFAC").json()
        assert moved["text"].startswith("Moved session 1, Show and tell, to Thu 26 Nov 2026 10:00 (Europe/London).")
        listed = slack.command("/cohortbot", 'session list "Cohort 1"', user_id="UFAC").json()["text"]
        assert (
            "1. Thu 26 Nov 2026 10:00 (Europe/London), Show and tell, 90 min, Room 4: 0 going, 1 can't make it, 3 not answered"
            in listed
        )
    assert dm_texts(fake_slack, "U1")[-1] == "Show and tell has moved to Thu 26 Nov 2026 10:00 (Europe/London)."
    assert "moved" not in dm_texts(fake_slack, "U2")[-1]
    before = len(dms_to(fake_slack, "U1"))
    with time_machine.travel(datetime(2026, 11, 18, 9, 0, 30, tzinfo=UTC)):  # the old day before: nothing
        tick(ctx)
    assert len(dms_to(fake_slack, "U1")) == before
    with time_machine.travel(NOW):
        cancelled = slack.command("/cohortbot", 'session cancel "Cohort 1" 1', user_id="UFAC").json()["text"]
        assert cancelled == "Cancelled session 1, Show and tell. I've told everyone who hadn't declined."
        again = slack.command("/cohortbot", 'session cancel "Cohort 1" 1', user_id="UFAC").json()["text"]
        assert again == "Session 1 was already cancelled."
    assert dm_texts(fake_slack, "U1")[-1] == "Show and tell, Thu 26 Nov 2026 10:00 (Europe/London), is cancelled."
    before = len(dms_to(fake_slack, "U1"))
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, 30, tzinfo=UTC)):  # the new day before: cancelled, nothing
        tick(ctx)
    assert len(dms_to(fake_slack, "U1")) == before


def _invitations(db):
    with db.read() as session:
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        return list(session.scalars(select(SessionInvitation).options(selectinload(SessionInvitation.person))))
