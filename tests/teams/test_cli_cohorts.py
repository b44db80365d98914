"""Teams cohorts from the command line: a Teams channel id, and people by Teams id, Entra object id or email."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.cli import main
from handlers.teams import conversations
from storage.models import Cohort, Membership, Person
from tests.conftest import BOT_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.fakes.teams import GENERAL, PROJECTS, TEAM_ID, TENANT_ID
from tests.teams.test_cli import teams_environment

START = "2027-01-04"


@pytest.fixture
def cli(monkeypatch, fake_teams, database_url, db):
    for name, value in teams_environment(fake_teams, database_url).items():
        monkeypatch.setenv(name, value)
    return main


@pytest.fixture
def in_team(db, fake_teams):
    for channel in (GENERAL, PROJECTS):
        conversations.remember(db, TENANT_ID, channel, fake_teams.service_url, kind=conversations.CHANNEL, team=TEAM_ID)


def test_a_cohort_in_a_teams_channel_lives_in_the_channels_tenant(cli, in_team, db):
    assert cli(["cohort", "create", "Cohort 1", "--channel", PROJECTS, "--start", START]) == 0
    with db.read() as session:
        cohort = session.scalar(select(Cohort))
        assert (cohort.platform, cohort.workspace, cohort.conversation) == ("teams", TENANT_ID, PROJECTS)


def test_a_channel_of_a_team_the_bot_is_not_in_is_refused_clearly(cli, db, capsys):
    assert cli(["cohort", "create", "Cohort 1", "--channel", PROJECTS, "--start", START]) == 1
    error = capsys.readouterr().err
    assert "not in the team of channel" in error and "add the cohortbot app" in error
    with db.read() as session:
        assert session.scalar(select(Cohort)) is None


def test_people_are_enrolled_by_teams_id_entra_object_id_or_email(cli, in_team, db, fake_teams):
    cli(["cohort", "create", "Cohort 1", "--channel", GENERAL, "--start", START])
    sam_object_id = "5a5a5a5a-0000-4000-8000-000000000001"
    fake_teams.members["29:sam"]["aadObjectId"] = sam_object_id
    args = ["--delegate", "29:ada", "--delegate", sam_object_id, "--facilitator", "Fay.Facilitator@example.org"]
    assert cli(["cohort", "enrol", "Cohort 1", *args]) == 0
    with db.read() as session:
        enrolled = session.execute(select(Person.platform_user_id, Membership.role).join(Membership).order_by(Person.id)).all()
    assert sorted(enrolled) == [("29:ada", "delegate"), ("29:fac", "facilitator"), ("29:sam", "delegate")]
    assert {c.params["member"] for c in fake_teams.calls("member")} == {sam_object_id, "Fay.Facilitator@example.org"}


def test_someone_not_in_the_team_is_named_and_nobody_is_enrolled(cli, in_team, db, capsys):
    cli(["cohort", "create", "Cohort 1", "--channel", GENERAL, "--start", START])
    assert cli(["cohort", "enrol", "Cohort 1", "--delegate", "29:ada", "--delegate", "nobody@example.org"]) == 1
    assert "nobody@example.org is not in the team of Cohort 1's channel" in capsys.readouterr().err
    with db.read() as session:
        assert session.scalar(select(Membership)) is None


def test_with_slack_configured_too_a_teams_cohort_is_named_with_its_tenant(cli, in_team, db, monkeypatch, capsys):
    cli(["cohort", "create", "Cohort 1", "--channel", GENERAL, "--start", START])
    with FakeSlack() as fake_slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
        monkeypatch.setenv("SLACK_API_URL", fake_slack.base_url)
        assert cli(["cohort", "enrol", "Cohort 1", "--delegate", "29:ada"]) == 1  # looked for in the Slack workspace
        assert "Cohort 1" in capsys.readouterr().err
        assert cli(["cohort", "enrol", "Cohort 1", "--delegate", "29:ada", "--workspace", TENANT_ID]) == 0
    with db.read() as session:
        assert session.scalars(select(Person.platform_user_id).join(Membership)).all() == ["29:ada"]


def test_workspaces_lists_the_teams_tenants_the_bot_is_in(cli, in_team, capsys):
    assert cli(["workspaces"]) == 0
    assert capsys.readouterr().out == f"{TENANT_ID}\tMicrosoft Teams tenant\tin 1 team\n"


def test_a_word_that_is_no_id_is_refused_by_the_parser(cli, capsys):
    with pytest.raises(SystemExit):
        cli(["cohort", "enrol", "Cohort 1", "--delegate", "sam"])
    assert "'sam' is not a Slack user ID or a Teams user id" in capsys.readouterr().err
