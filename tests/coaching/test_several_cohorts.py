"""A delegate with a coach in two cohorts: the channel decides, or they choose; never the newest cohort's coach by default."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.coaching.meetings import HELD
from handlers.after_answer import finish_after_ack_work
from storage.models import CoachAssignment, CoachingMeeting
from tests.coaching.helpers import dm_texts
from tests.coaching.test_one_to_one import NOW, assign_coach
from tests.journal.helpers import choice, opened_view, rows, state, text


def test_a_request_goes_to_the_coach_of_the_channel_or_the_one_chosen(slack, fake_slack, db, make_cohort):
    assign_coach(slack, fake_slack, db, make_cohort)  # Carol coaches Ada in Cohort 1, channel C111
    make_cohort("Cohort 2", channel="C222", delegates=["U1"], facilitators=["U2"])
    slack.command("/cohortbot", 'coach assign "Cohort 2" --coach <@U2|ben> --delegate <@U1|ada>', user_id="U2")
    finish_after_ack_work()
    told_ben = len(dm_texts(fake_slack, "U2"))

    slack.command("/coach", "Preparing my board paper on AI", user_id="U1", channel_id="C111")
    finish_after_ack_work()
    assert "Preparing my board paper on AI" in dm_texts(fake_slack, "UCOACH")[-1]

    slack.command("/coach", "Help with the budget", user_id="U1", channel_id="DU1")
    view = opened_view(fake_slack)
    cohorts = next(block for block in view["blocks"] if block.get("block_id") == "cohort")
    assert [option["text"]["text"] for option in cohorts["element"]["options"]] == ["Cohort 1", "Cohort 2"]
    assert "Help with the budget" in json.dumps(view)  # her words are kept for the form
    assert [m.request for m in rows(db, CoachingMeeting)] == ["Preparing my board paper on AI"]

    values = state(request=text("Help with the budget"), cohort=choice(cohorts["element"]["options"][0]["value"]))
    slack.view_submission("form:coach_request", values, user_id="U1", private_metadata=view["private_metadata"])
    finish_after_ack_work()
    assert "Help with the budget" in dm_texts(fake_slack, "UCOACH")[-1]
    assert len(dm_texts(fake_slack, "U2")) == told_ben  # Cohort 2's coach heard of neither request


def test_a_coach_in_another_cohort_never_reads_the_notes_of_her_own_coach(slack, fake_slack, db, make_cohort):
    assign_coach(slack, fake_slack, db, make_cohort)
    make_cohort("Cohort 2", channel="C222", delegates=["U1"], facilitators=["U2"])
    slack.command("/cohortbot", 'coach assign "Cohort 2" --coach <@U2|ben> --delegate <@U1|ada>', user_id="U2")
    with db.write() as session:
        carol = session.scalar(select(CoachAssignment).where(CoachAssignment.coach.has(platform_user_id="UCOACH")))
        session.add(
            CoachingMeeting(
                cohort_id=carol.cohort_id,
                delegate_id=carol.delegate_id,
                coach_id=carol.coach_id,
                status=HELD,
                starts_at=NOW,
                minutes=30,
                notes="Between Ada and Carol",
            )
        )
    bens = slack.command("/coach", "notes <@U1|ada>", user_id="U2").json()["text"]
    assert "1-2-1s: Ada with Ben" in bens and "Between Ada and Carol" not in bens
    adas = slack.command("/coach", "notes", user_id="U1").json()["text"]
    assert "Ada with Carol" in adas and "Between Ada and Carol" in adas and "Ada with Ben" in adas
