"""Slack's install flow against the fake Slack, as a browser goes through it: the install page, then the redirect."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.fernet import Fernet

from bot.config import Settings
from tests.fakes.requests import Response, SlackRequester
from tests.fakes.slack_api import FakeSlack, Team

MANIFEST = Path(__file__).parents[2] / "manifest.yml"
SECRET_KEY = Fernet.generate_key().decode()
COOKIE = "slack-app-oauth-state"
ONE = Team("T2", "Borough One", token="xoxb-borough-one-token", installer="UINSTALL1")
TWO = Team("T3", "Borough Two", token="xoxb-borough-two-token", installer="UINSTALL2")
ORG = Team(
    "E1",
    "City Grid",
    token="xoxb-city-grid-token",
    installer="UORG",
    enterprise_id="E1",
    enterprise_name="City Grid",
    org_wide=True,
)


def oauth_settings(database_url: str, fake_slack: FakeSlack, signing_secret: str) -> Settings:
    """Slack's install flow on: a client id and secret, a key for the tokens, and no SLACK_BOT_TOKEN."""
    return Settings(
        _env_file=None,
        slack_client_id=fake_slack.client_id,
        slack_client_secret=fake_slack.client_secret,
        slack_signing_secret=signing_secret,
        slack_api_url=fake_slack.base_url,
        cohortbot_secret_key=SECRET_KEY,
        database_url=database_url,
    )


def authorize_url(page: Response) -> str:
    """The "Add to Slack" link on the install page."""
    found = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert found, page.body
    return html.unescape(found.group(1))


def start(slack: SlackRequester) -> str:
    """Open the install page; the state Slack will hand back (also set as the browser's cookie)."""
    page = slack.get("/slack/install")
    assert page.status == 200, page.body
    state = parse_qs(urlsplit(authorize_url(page)).query)["state"][0]
    assert f"{COOKIE}={state}" in page.headers["set-cookie"]
    return state


def come_back(slack: SlackRequester, code: str, state: str) -> Response:
    """Slack's redirect after someone allowed the install, in the browser that started it."""
    return slack.get(f"/slack/oauth_redirect?{urlencode({'code': code, 'state': state})}", {"Cookie": f"{COOKIE}={state}"})


def install(slack: SlackRequester, fake_slack: FakeSlack, team: Team) -> Response:
    fake_slack.add_team(team)
    return come_back(slack, team.code, start(slack))
