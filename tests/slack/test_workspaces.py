"""Two Slack workspaces side by side: the same cohort name and the same user id in both, each
person and cohort found only in its own workspace; admins per workspace."""

from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from bot.interaction.errors import InvalidInput
from bot.messaging.addresses import LOCAL_CONSOLE, SLACK, UNKNOWN_WORKSPACE, Workspace
from bot.people.admins import add_admin, admins_of, remove_admin
from bot.people.profiles import find_person
from bot.people.roles import DELEGATE, FACILITATOR
from bot.people.workspaces import adopt_unknown
from bot.programme.cohorts import cohorts_of, create_cohort, enrol, find_cohort
from storage.models import Cohort, Person, Reflection
from tests.fakes.requests import FORM, slash_command_envelope_payload
from tests.workspaces import TEAM

OTHER = Workspace(SLACK, "T2")
ORG = Workspace(SLACK, "E1")
STATUS = 'cohort status "Cohort 1"'


@pytest.fixture
def twins(db):
    """`Cohort 1` in both workspaces, with U1 as a delegate and UFAC as a facilitator in each."""
    with db.write() as session:
        for workspace, channel in ((TEAM, "C111"), (OTHER, "C222"), (ORG, "C333")):
            cohort = create_cohort(
                session, workspace, "Cohort 1", conversation=channel, start_date=date(2026, 11, 2), timezone="Europe/London"
            )
            for user_id, role in (("U1", DELEGATE), ("UFAC", FACILITATOR)):
                enrol(session, cohort, user_id, role, by=workspace.person(user_id))  # set up quietly: no DMs


def written(db):
    with db.read() as session:
        query = (
            select(Person.workspace, Cohort.workspace, Cohort.conversation, Reflection.text)
            .join(Person, Reflection.person_id == Person.id)
            .join(Cohort, Reflection.cohort_id == Cohort.id)
            .order_by(Reflection.id)
        )
        return [tuple(row) for row in session.execute(query)]


def status(slack, user_id, team_id="T1"):
    return slack.command("/cohortbot", STATUS, user_id=user_id, channel_id="C999", team_id=team_id).json()["text"]


def test_the_same_user_id_and_cohort_name_in_two_workspaces_stay_apart(twins, db, slack):
    assert slack.command("/reflect", text="in team one", user_id="U1", channel_id="C111").status == 200
    assert slack.command("/reflect", text="in team two", user_id="U1", channel_id="C222", team_id="T2").status == 200
    assert written(db) == [("T1", "T1", "C111", "in team one"), ("T2", "T2", "C222", "in team two")]
    with db.read() as session:
        assert find_person(session, TEAM.person("U1")).id != find_person(session, OTHER.person("U1")).id
        assert find_person(session, Workspace(SLACK, "T3").person("U1")) is None
        assert find_cohort(session, OTHER, "Cohort 1").conversation == "C222"
        assert [c.conversation for c in cohorts_of(session, OTHER.person("U1"))] == ["C222"]
    assert "channel C222" in status(slack, "UFAC", team_id="T2")
    assert "channel C111" in status(slack, "UFAC")


def test_a_cohort_name_is_unique_within_its_workspace_only(twins, db):
    start = {"conversation": "C9", "start_date": date(2026, 11, 2), "timezone": "Europe/London"}
    with pytest.raises(InvalidInput, match="already exists"), db.write() as session:
        create_cohort(session, OTHER, "Cohort 1", **start)
    with db.write() as session:
        create_cohort(session, Workspace(SLACK, "T3"), "Cohort 1", **start)


def test_an_org_wide_install_is_the_enterprise_s_workspace(twins, db, slack):
    payload = slash_command_envelope_payload(text="across the org", user_id="U1", channel_id="C333", team_id="T7")
    payload.update(enterprise_id="E1", is_enterprise_install="true")
    assert slack.raw(urlencode(payload), FORM).status == 200
    assert written(db) == [("E1", "E1", "C333", "across the org")]


def test_cohortbot_admins_are_admins_in_the_token_s_workspace_and_the_console_only(twins, ctx, slack):
    assert ctx.workspace == TEAM  # what the fake Slack's auth.test says
    assert ctx.is_admin(TEAM.person("UADMIN")) and ctx.is_admin(LOCAL_CONSOLE.person("UADMIN"))
    assert not ctx.is_admin(OTHER.person("UADMIN"))
    assert "Posted: 0 of 26" in status(slack, "UADMIN")
    assert "only facilitators and admins" in status(slack, "UADMIN", team_id="T2")


def test_each_workspace_has_its_own_admins(twins, ctx, db, slack):
    assert add_admin(db, OTHER.person("UBOSS")) and not add_admin(db, OTHER.person("UBOSS"))
    assert admins_of(db, OTHER) == ["UBOSS"] and admins_of(db, TEAM) == []
    assert "Posted: 0 of 26" in status(slack, "UBOSS", team_id="T2")
    assert "only facilitators and admins" in status(slack, "UBOSS")
    assert remove_admin(db, OTHER.person("UBOSS")) and not remove_admin(db, OTHER.person("UBOSS"))
    assert "only facilitators and admins" in status(slack, "UBOSS", team_id="T2")


def test_an_old_cohort_on_a_channel_taken_in_the_workspace_is_not_adopted(db):
    """A cohort made before the workspace was known stays where it is if its channel has a cohort there now."""
    with db.write() as session:
        for workspace, name in ((Workspace(SLACK, UNKNOWN_WORKSPACE), "Old"), (TEAM, "New")):
            create_cohort(session, workspace, name, conversation="C111", start_date=date(2026, 11, 2), timezone="Europe/London")
    assert adopt_unknown(db, TEAM) == 0
    with db.read() as session:
        assert sorted((c.name, c.workspace) for c in session.scalars(select(Cohort))) == [("New", TEAM.id), ("Old", "")]
