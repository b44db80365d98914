"""The midpoint survey offers to revisit the personal challenge set at the start; every version is kept."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from bot.delivery.ticker import tick
from bot.journal.actions import EDIT_CHALLENGE
from bot.people.profiles import get_or_create_person
from bot.programme.calendar import due_at
from storage.models import ChallengeRevision, Cohort
from tests.coaching.helpers import buttons_in
from tests.journal.helpers import dms_to, opened_view, state, text
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM

FIRST = "Open data for housing repairs"


def history(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(ChallengeRevision.text).order_by(ChallengeRevision.id)))


def test_the_midpoint_survey_offers_to_revisit_the_challenge_and_keeps_the_first_version(schedule, ctx, slack, fake_slack, db):
    cohort_id = schedule(delegates=["U1"], weeks=8)
    with db.write() as session:  # set before history was kept
        get_or_create_person(session, TEAM.person("U1")).personal_challenge = FIRST
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        tick(ctx)
    [baseline] = [m for m in dms_to(fake_slack, "U1") if "Confidence check" in str(m.get("text"))]
    assert EDIT_CHALLENGE not in [action for _, action, _ in buttons_in(baseline)]
    with db.read() as session:
        midpoint = due_at(session.get(Cohort, cohort_id), 5)
    with time_machine.travel(midpoint + timedelta(seconds=5)):
        tick(ctx)
        [invite] = [m for m in dms_to(fake_slack, "U1") if "midpoint" in str(m.get("text"))]
        assert f"look again at your personal challenge: {FIRST}. Does it still fit?" in str(invite["blocks"])
        assert ("Revisit my challenge", EDIT_CHALLENGE, "") in buttons_in(invite)
        slack.block_action(EDIT_CHALLENGE, value="", user_id="U1", channel_id="DU1")
        view = opened_view(fake_slack)
        assert view["callback_id"] == "form:challenge"
        assert FIRST in str(view["blocks"])
        answer = slack.view_submission("form:challenge", state(challenge=text("Repairs data, starting with damp")), user_id="U1")
    assert answer.status == 200
    assert history(db) == [FIRST, "Repairs data, starting with damp"]
    with db.read() as session:
        assert get_or_create_person(session, TEAM.person("U1")).personal_challenge == "Repairs data, starting with damp"
