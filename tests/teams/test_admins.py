"""Admins in a Teams tenant are named in COHORTBOT_ADMINS by Teams user id or by email."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.people.admins import is_workspace_admin
from tests.teams.activities import personal, team_install
from tests.teams.conftest import TEAMS_WORKSPACE
from tests.teams.helpers import answered, teams_settings
from tests.workspaces import TEAM


@pytest.fixture
def settings(database_url, fake_teams):
    return teams_settings(fake_teams, database_url, cohortbot_admins=frozenset({"29:admin", "Fay.Facilitator@example.org"}))


def test_an_admin_named_by_email_is_recognised_from_the_roster_once(bot, fake_teams, ctx):
    bot.send(team_install(fake_teams))
    for _ in range(2):
        bot.send(personal(fake_teams, "help", user="29:fac", name="Fay Facilitator"))
        bot.send(personal(fake_teams, "help", user="29:ada"))
    answered()
    assert is_workspace_admin(ctx.db, TEAMS_WORKSPACE.person("29:fac"))
    assert not is_workspace_admin(ctx.db, TEAMS_WORKSPACE.person("29:ada"))
    assert sorted(call.params["member"] for call in fake_teams.calls("member")) == ["29:ada", "29:fac"]


@pytest.mark.parametrize("home", ["teams", "slack"])
def test_an_admin_named_by_teams_user_id_is_one_in_their_tenant(ctx, home):
    """Whether the process's home workspace is the tenant (Teams alone) or a Slack one (both platforms)."""
    ctx = ctx if home == "teams" else replace(ctx, workspace=TEAM)
    assert ctx.is_admin(TEAMS_WORKSPACE.person("29:admin"))
    assert not ctx.is_admin(TEAMS_WORKSPACE.person("29:ada"))
