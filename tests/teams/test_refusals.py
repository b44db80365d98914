"""A Teams cohort whose team the bot is not in: the week is not posted, and the facilitators hear what to do."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from bot.programme import schedule as scheduling
from handlers.teams import conversations
from tests.fakes.teams import GENERAL, TEAM_ID, TENANT_ID
from tests.programme.conftest import WEEK_1, row


def test_a_cohort_in_a_team_the_bot_was_removed_from_fails_with_advice_for_teams(ctx, db, fake_teams, teams_cohort):
    conversations.remember(db, TENANT_ID, GENERAL, fake_teams.service_url, kind=conversations.CHANNEL, team=TEAM_ID)
    conversations.remember(
        db, TENANT_ID, fake_teams.personal_chat("29:fac"), fake_teams.service_url, kind="personal", user_id="29:fac"
    )
    cohort = teams_cohort()
    with db.write() as session:
        scheduling.schedule(session, session.merge(cohort))
    conversations.forget_team(db, TENANT_ID, TEAM_ID)
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
    assert row(db, cohort.id, 1).status == "failed"
    assert fake_teams.sent(GENERAL) == []
    [alert] = [a for a in fake_teams.dms_to("29:fac") if "was not sent" in a.shown()]
    assert "add the cohortbot app to the channel's team" in alert.shown()
