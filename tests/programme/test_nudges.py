"""One reminder DM to those who have not reflected; snooze and opt-out; the facilitators' digest.

The rules about who gets which DM run on the platform-neutral fake messenger: no Slack needed.
"""

from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from bot.journal.reflections import ReflectionRequest, add_reflection
from bot.messaging.refusals import Refusal
from bot.people.profiles import find_person
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM


def dms_by_person(messenger):
    return {sent.to: sent.message for sent in messenger.dms}


def test_reminder_goes_by_dm_only_to_delegates_who_have_not_reflected(schedule, neutral_ctx, db, messenger):
    schedule(delegates=["U1", "U2", "U3", "U4"])
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
        add_reflection(db, ReflectionRequest(person=TEAM.person("U1"), text="Wrote my challenge"))
    with db.write() as session:
        find_person(session, TEAM.person("U3")).reminders_opt_out = True
        find_person(session, TEAM.person("U4")).reminders_snoozed_until = WEEK_1 + timedelta(days=7)
    messenger.clear()
    with time_machine.travel(WEEK_1 + timedelta(days=2)):
        tick(neutral_ctx)
        tick(neutral_ctx)
    assert set(dms_by_person(messenger)) == {"U2"}
    assert messenger.posts == []
    reminder = str(dms_by_person(messenger)["U2"])
    assert "<@" not in reminder and "@[" not in reminder  # no one is mentioned


def test_no_reminder_for_a_week_that_was_never_posted(schedule, ctx, db, fake_slack):
    from bot.programme import schedule as programme
    from bot.programme.cohorts import find_cohort

    schedule(delegates=["U1"])
    with db.write() as session:
        programme.skip(session, find_cohort(session, TEAM, "Cohort 1"), 1)
    with time_machine.travel(WEEK_1 + timedelta(days=2)):
        tick(ctx)
    assert fake_slack.count("chat.postMessage") == 0


def test_snooze_and_opt_out_over_slack(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    assert "snoozed for 3 days" in slack.command("/cohortbot", "snooze 3", user_id="U1").json()["text"]
    assert "Reminders are off" in slack.command("/cohortbot", "reminders off", user_id="U1").json()["text"]
    with db.read() as session:
        person = find_person(session, TEAM.person("U1"))
        assert person.reminders_opt_out and person.reminders_snoozed_until is None


def test_weekly_digest_shows_who_engaged_and_who_is_drifting(schedule, neutral_ctx, db, messenger, make_cohort):
    schedule(delegates=["U1", "U2"], facilitators=["UFAC"], weeks=3)
    for week in (0, 1):
        with time_machine.travel(WEEK_1 + timedelta(weeks=week)):
            tick(neutral_ctx)
            add_reflection(db, ReflectionRequest(person=TEAM.person("U1"), text=f"week {week + 1}"))
    messenger.clear()
    with time_machine.travel(WEEK_1 + timedelta(weeks=1, days=6)):
        tick(neutral_ctx)
    digest = dms_by_person(messenger)["UFAC"].text
    assert "Reflected: U1" in digest
    assert "Not yet: U2" in digest
    assert "Missed 2 or more weeks in a row: U2 (2 weeks)" in digest


def test_one_refused_reminder_does_not_make_the_others_go_again(schedule, neutral_ctx, db, messenger):
    schedule(delegates=["U1", "U2", "U3"])
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
    messenger.clear()
    messenger.refuse("send_dm", Refusal.GONE)  # the first DM (U1's) is refused
    with time_machine.travel(WEEK_1 + timedelta(days=2)):
        for _ in range(3):
            tick(neutral_ctx)
    assert sorted(sent.to for sent in messenger.dms) == ["U2", "U3"]


def test_the_digest_counts_late_cancellations_of_that_week(schedule, ctx, db, fake_slack):
    from bot.programme.cohorts import find_cohort
    from bot.sessions.planning import SessionDetails, add_session

    schedule(delegates=["U1", "U2"], facilitators=["UFAC"], weeks=3)
    with time_machine.travel(WEEK_1), db.write() as session:
        added = add_session(session, find_cohort(session, TEAM, "Cohort 1"), SessionDetails("Show and tell", "2026-11-12 14:00"))
        for invitation in added.invitations:
            if invitation.person.platform_user_id == "U2":
                invitation.answer, invitation.late_cancellation = "declined", True
                invitation.answered_at = WEEK_1 + timedelta(days=9)  # Wednesday of week 2
    fake_slack.reset()
    for week in (0, 1):
        with time_machine.travel(WEEK_1 + timedelta(weeks=week, days=6)):
            tick(ctx)
    digests = [
        str(call.params["blocks"])
        for call in fake_slack.calls("chat.postMessage")
        if call.params["channel"] == "DUFAC" and "Not yet:" in str(call.params["blocks"])
    ]
    assert len(digests) == 2
    assert "Late cancellations" not in digests[0]  # week 1 had none
    assert "Late cancellations of sessions: 1 (U2 (Show and tell))" in digests[1]


def test_a_skipped_week_gets_no_digest(schedule, neutral_ctx, db, messenger):
    from bot.delivery.kinds import DIGEST
    from bot.programme import schedule as programme
    from bot.programme.cohorts import find_cohort
    from storage.models import Delivery

    schedule(delegates=["U1"], facilitators=["UFAC"], weeks=2)
    with db.write() as session:
        programme.skip(session, find_cohort(session, TEAM, "Cohort 1"), 1)
    with time_machine.travel(WEEK_1 + timedelta(days=6, hours=23)):
        tick(neutral_ctx)
    assert messenger.dms == [] and messenger.posts == []
    with db.read() as session:
        digests = {row.week: row.status for row in session.query(Delivery).filter_by(kind=DIGEST)}
    assert digests == {1: "skipped", 2: "pending"}
