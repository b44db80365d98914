"""Teams fixtures: the fake Teams over HTTP, settings pointing at it, and the real bot's Teams server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.config import Settings
from bot.context import Context
from handlers.bootstrap import bootstrap
from handlers.slack.requests import finish_after_ack_work
from handlers.teams import runner
from handlers.teams.messenger import TeamsMessenger
from tests.fakes.teams import CLIENT_ID, CLIENT_SECRET, TENANT_ID, FakeTeams
from tests.teams.activities import TeamsClient


@pytest.fixture
def fake_teams() -> Iterator[FakeTeams]:
    with FakeTeams() as fake:
        yield fake


def teams_settings(fake: FakeTeams, database_url: str, **more: object) -> Settings:
    return Settings(
        _env_file=None,
        teams_client_id=CLIENT_ID,
        teams_client_secret=CLIENT_SECRET,
        teams_tenant_id=TENANT_ID,
        teams_openid_metadata_url=fake.metadata_url,
        teams_token_url=fake.token_url,
        database_url=database_url,
        cohortbot_admins=frozenset({"29:admin"}),
        **more,
    )


@pytest.fixture
def settings(database_url: str, fake_teams: FakeTeams) -> Settings:
    """Teams alone: no Slack settings at all."""
    return teams_settings(fake_teams, database_url)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Context]:
    ctx = bootstrap(settings)
    assert isinstance(ctx.messenger, TeamsMessenger)
    ctx.messenger.connector.backoff = 0.01  # passing faults are retried at once, not after half a second
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def teams(ctx: Context) -> TeamsMessenger:
    assert isinstance(ctx.messenger, TeamsMessenger)
    return ctx.messenger


@dataclass
class TeamsServer:
    url: str
    client: TeamsClient


@pytest.fixture
def teams_server(ctx: Context, fake_teams: FakeTeams) -> Iterator[TeamsServer]:
    """The real Teams front end behind the real WSGI server, on a free local port."""
    server, thread = runner.start(ctx, host="127.0.0.1", port=0, threads=4)
    url = f"http://127.0.0.1:{server.port}"
    yield TeamsServer(url, TeamsClient(url, fake_teams))
    finish_after_ack_work()
    server.stop()
    thread.join(timeout=5)


@pytest.fixture
def bot(teams_server: TeamsServer) -> TeamsClient:
    return teams_server.client
