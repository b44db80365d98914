"""Teams fixtures: the fake Teams over HTTP, settings pointing at it, and the real bot's Teams server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from bot.config import Settings
from bot.context import Context
from bot.messaging.addresses import TEAMS, Workspace
from bot.people.roles import DELEGATE, FACILITATOR
from bot.programme.cohorts import create_cohort, enrol
from handlers.after_answer import finish_after_ack_work
from handlers.bootstrap import bootstrap
from handlers.teams import runner
from handlers.teams.messenger import TeamsMessenger
from storage.db import Database
from storage.models import Cohort
from tests.fakes.teams import GENERAL, TENANT_ID, FakeTeams
from tests.teams.activities import TeamsClient
from tests.teams.helpers import teams_settings


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


TEAMS_WORKSPACE = Workspace(TEAMS, TENANT_ID)


@pytest.fixture
def teams_cohort(db: Database) -> Callable[..., Cohort]:
    """A cohort in a Teams channel: teams_cohort(delegates=["29:ada"]), set up quietly (no DMs)."""

    def make(
        name: str = "Cohort 1",
        *,
        channel: str = GENERAL,
        start: date = date(2026, 11, 2),
        delegates: tuple[str, ...] = ("29:ada",),
        facilitators: tuple[str, ...] = ("29:fac",),
    ) -> Cohort:
        with db.write() as session:
            cohort = create_cohort(
                session, TEAMS_WORKSPACE, name, conversation=channel, start_date=start, timezone="Europe/London"
            )
            for role, people in ((DELEGATE, delegates), (FACILITATOR, facilitators)):
                for user_id in people:
                    enrol(session, cohort, user_id, role, by=TEAMS_WORKSPACE.person(user_id))
            return cohort

    return make


@pytest.fixture
def db(ctx: Context) -> Database:
    return ctx.db
