"""Slack's install flow, end to end against the fake Slack over real HTTP: the install page, the redirect,
the installation stored sealed, requests and ticks answered with the workspace's own token, and uninstalling."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
import yaml
from sqlalchemy import select, text

from bot.delivery.ticker import tick
from bot.messaging.addresses import SLACK, Workspace
from bot.people.admins import admins_of
from bot.people.roles import DELEGATE
from bot.programme import schedule as programme
from bot.programme.cohorts import create_cohort, enrol
from handlers.after_answer import finish_after_ack_work
from handlers.slack.install_flow import BOT_SCOPES
from storage.models import Delivery
from tests.conftest import SIGNING_SECRET
from tests.fakes.requests import FORM, slash_command_envelope_payload
from tests.programme.conftest import WEEK_1, channel_posts
from tests.slack.oauth_helpers import MANIFEST, ONE, ORG, TWO, authorize_url, come_back, install, oauth_settings, start

T2, T3 = Workspace(SLACK, ONE.id), Workspace(SLACK, TWO.id)


@pytest.fixture
def settings(database_url, fake_slack):
    return oauth_settings(database_url, fake_slack, SIGNING_SECRET)


def schedule_cohort(db, workspace: Workspace, channel: str) -> int:
    with db.write() as session:
        cohort = create_cohort(session, workspace, "Cohort 1", conversation=channel, start_date=date(2026, 11, 2), timezone="UTC")
        enrol(session, cohort, "U1", DELEGATE, by=workspace.person("U1"))
        with time_machine.travel(WEEK_1 - timedelta(days=1)):
            programme.schedule(session, cohort)
        return cohort.id


def test_the_install_page_links_to_slacks_authorize_page_with_client_id_scopes_and_state(slack, fake_slack):
    page = slack.get("/slack/install")
    assert page.status == 200 and "Add to Slack" in page.body
    query = parse_qs(urlsplit(authorize_url(page)).query)
    assert query["client_id"] == [fake_slack.client_id]
    assert query["scope"] == [",".join(BOT_SCOPES)]
    assert query["state"][0]
    assert start(slack) != query["state"][0]  # a fresh state each time


def test_the_scopes_asked_for_are_the_manifests():
    assert list(BOT_SCOPES) == yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]


def test_the_redirect_stores_the_installation_sealed_and_makes_the_installer_the_first_admin(slack, fake_slack, db):
    page = install(slack, fake_slack, ONE)
    assert page.status == 200
    assert "cohortbot is now installed in Borough One" in page.body and "You are its first admin" in page.body
    [access] = fake_slack.calls("oauth.v2.access")
    assert access.params["code"] == ONE.code
    with db.read() as session:
        for table in ("slack_installations", "slack_bots"):
            rows = session.execute(text(f"SELECT * FROM {table}")).all()
            assert len(rows) == 1 and rows[0].team_id == "T2"
            assert ONE.token not in repr(tuple(rows[0])) and "xoxb" not in repr(tuple(rows[0]))
    assert admins_of(db, T2) == ["UINSTALL1"]


def test_a_second_install_in_the_same_workspace_names_no_new_admin(slack, fake_slack, db):
    install(slack, fake_slack, ONE)
    again = install(slack, fake_slack, ONE.__class__(**{**ONE.__dict__, "installer": "USOMEONE"}))
    assert again.status == 200 and "first admin" not in again.body
    assert admins_of(db, T2) == ["UINSTALL1"]


def test_a_forged_state_is_refused_politely_and_nothing_is_stored(slack, fake_slack, db):
    fake_slack.add_team(ONE)
    refused = come_back(slack, ONE.code, "forged-state")
    assert refused.status == 401
    assert "Sorry, the install did not finish: the link has expired or was already used." in refused.body
    assert 'href="/slack/install"' in refused.body and "Traceback" not in refused.body
    assert fake_slack.count("oauth.v2.access") == 0
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0


def test_a_state_used_once_is_refused_the_second_time(slack, fake_slack):
    fake_slack.add_team(ONE)
    state = start(slack)
    assert come_back(slack, ONE.code, state).status == 200
    assert come_back(slack, ONE.code, state).status == 401
    assert fake_slack.count("oauth.v2.access") == 1


def test_states_of_installs_never_finished_are_forgotten_once_expired(slack, db):
    with time_machine.travel(WEEK_1):
        start(slack)
    fresh = start(slack)
    with db.read() as session:
        assert session.execute(text("SELECT state FROM slack_oauth_states")).scalars().all() == [fresh]


def test_a_request_from_the_new_workspace_is_answered_with_its_own_token(slack, fake_slack):
    install(slack, fake_slack, ONE)
    install(slack, fake_slack, TWO)
    fake_slack.reset()
    assert slack.command("/reflect", "", user_id="U1", channel_id="C1", team_id="T3").status == 200
    [opened] = fake_slack.wait_for("views.open")
    assert opened.token == TWO.token
    finish_after_ack_work()
    assert {call.token for call in fake_slack.calls() if call.method != "respond"} == {TWO.token}
    assert fake_slack.count("auth.test") == 1
    slack.command("/reflect", "", user_id="U1", channel_id="C1", team_id="T3")
    assert fake_slack.count("auth.test") == 1  # what Slack said of the token is kept


def test_each_tick_posts_with_its_workspaces_token_and_uninstalling_stops_one_workspace_only(slack, fake_slack, db, ctx):
    install(slack, fake_slack, ONE)
    install(slack, fake_slack, TWO)
    one, two = schedule_cohort(db, T2, "C222"), schedule_cohort(db, T3, "C333")
    assert slack.event({"type": "app_uninstalled"}, team_id="T2").status == 200
    fake_slack.reset()
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
    assert [(post.params["channel"], post.token) for post in channel_posts(fake_slack)] == [("C333", TWO.token)]
    with db.read() as session:
        week_1 = {
            row.cohort_id: (row.status, row.attempts) for row in session.scalars(select(Delivery).where(Delivery.week == 1))
        }
    assert week_1 == {one: ("pending", 0), two: ("sent", 1)}  # left alone, not failed: it waits for the app to be installed again


def test_a_revoked_bot_token_stops_the_workspace_as_uninstalling_does(slack, fake_slack, ctx):
    install(slack, fake_slack, ONE)
    assert slack.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}, team_id="T2").status == 200
    assert ctx.messenger.reach.workspaces == frozenset()


def test_an_org_wide_install_makes_the_org_the_workspace(slack, fake_slack, db, ctx):
    page = install(slack, fake_slack, ORG)
    assert page.status == 200 and "installed in City Grid" in page.body
    assert admins_of(db, Workspace(SLACK, "E1")) == ["UORG"]
    assert ctx.messenger.reach.workspaces == frozenset({"E1"})
    fake_slack.reset()
    from_a_team_of_the_org = {
        **slash_command_envelope_payload(team_id="T9"),
        "enterprise_id": "E1",
        "is_enterprise_install": "true",
    }
    assert slack.raw(urlencode(from_a_team_of_the_org), FORM).status == 200
    assert fake_slack.wait_for("views.open")[0].token == ORG.token
    slack.event({"type": "app_uninstalled"}, team_id="T9", enterprise_id="E1")
    assert ctx.messenger.reach.workspaces == frozenset()


def test_no_token_reaches_the_logs_even_at_debug_level(slack, fake_slack, db, ctx, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="slack_sdk")  # as `cohortbot -v` has it
    install(slack, fake_slack, ONE)
    schedule_cohort(db, T2, "C222")
    slack.command("/reflect", "a thought", user_id="U1", channel_id="C222", team_id="T2")
    finish_after_ack_work()
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
    assert [post.token for post in channel_posts(fake_slack)] == [ONE.token]
    assert "oauth.v2.access" in caplog.text  # slack_sdk did log its calls and answers
    assert ONE.token not in caplog.text and "xoxb-borough" not in caplog.text
