"""1-2-1 support in the console: ask as a delegate, accept and log as the coach, answer an action."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from storage.models import CoachingAction, CoachingMeeting, Person

SOON = date.today() + timedelta(days=30)  # inside the demo programme, which is half-way through


def test_ask_accept_log_and_follow_up_in_the_console(demo, console, console_db):
    out = console(
        "/coach I'd like help planning the midpoint review",
        "/as Sam",
        "/coach",
        "/press 1",
        f"{SOON:%Y-%m-%d} 10:30",
        person="Carys",
    )
    assert "[only you] I've asked Sam Whitlock, your coach, for a 1-2-1." in out
    assert "[DM to Sam Whitlock] A request for a 1-2-1" in out and "Carys Lantern would like a 1-2-1." in out
    assert "Carys Lantern (Cohort 1 (demo)): asked for a 1-2-1, no time agreed yet" in out
    assert "Bilal Fenwick (Cohort 1 (demo)): asked for a 1-2-1, no time agreed yet" in out
    assert "Dev Marchbank (Cohort 1 (demo)): no 1-2-1 booked" in out
    assert "[DM to Carys Lantern] 1-2-1 agreed" in out
    assert f"Agreed: Carys Lantern, {SOON:%a %d %b %Y} 10:30 (Europe/London). I've told you both." in out


def test_a_coach_logs_with_a_name_and_the_delegate_answers_the_action(demo, console, console_db):
    out = console(
        "/coach log @Carys",
        "",
        "40",
        "Went through the midpoint review plan",
        "Talk to the finance lead",
        "/coach notes @Ada",
        "/as Tariq",
        "/coach notes @Carys",
        person="Sam",
    )
    assert "Logged: your 1-2-1 with Carys Lantern, 40 minutes, 1 action(s) agreed." in out
    assert "[DM to Carys Lantern] Your 1-2-1 notes" in out and "• Talk to the finance lead" in out
    assert "Sorry, you can only do that for the delegates you coach." in out  # Tariq is not Carys's coach
    with console_db.read() as session:
        carys = session.scalar(select(Person.id).where(Person.display_name == "Carys Lantern"))
        meeting = session.scalars(
            select(CoachingMeeting).where(CoachingMeeting.delegate_id == carys).order_by(CoachingMeeting.id.desc())
        ).first()
        assert (meeting.minutes, meeting.notes) == (40, "Went through the midpoint review plan")
        (action,) = session.scalars(select(CoachingAction).where(CoachingAction.meeting_id == meeting.id))
    out = console("/coach notes", person="Carys")
    assert "Went through the midpoint review plan" in out and "• Talk to the finance lead (open)" in out
    assert action.status == "open"


def test_a_session_is_added_invitations_go_out_and_an_answer_counts(demo, console, console_db):
    out = console(
        f'/cohortbot session add "Cohort 1 (demo)" --at "{SOON:%Y-%m-%d} 14:00" --title "Lunch and learn" --place "Room 4"',
        "/tick",
        "/as Ada",
        "/press 1",
        "/as Rosa",
        '/cohortbot session list "Cohort 1 (demo)"',
        person="Rosa",
    )
    assert f"Lunch and learn: {SOON:%a %d %b %Y} 14:00 (Europe/London), 90 minutes, Room 4." in out
    assert "[DM to Ada Brightwater] You're invited: Lunch and learn" in out
    assert "[DM to Rosa Delacourt] You're invited: Lunch and learn" in out
    assert "(1) Going  (2) Can't make it" in out
    assert "(You pressed Going.)\n[only you] Thank you: you're going to Lunch and learn" in out
    assert "Lunch and learn, 90 min, Room 4: 1 going, 0 can't make it, 9 not answered" in out
