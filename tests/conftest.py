"""Shared fixtures: a real database, a fake Slack over HTTP, and the real bot over HTTP.

The suite runs on a SQLite file always, and on PostgreSQL when
COHORTBOT_TEST_DATABASE_URL is set (e.g. postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"

from bot.config import Settings  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.people.roles import DELEGATE, EVALUATOR, FACILITATOR  # noqa: E402
from bot.programme.cohorts import create_cohort, enrol  # noqa: E402
from handlers.bootstrap import bootstrap  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Cohort  # noqa: E402
from tests.databases import reset_postgres  # noqa: E402
from tests.fakes.messenger import FakeMessenger  # noqa: E402
from tests.fakes.requests import SlackRequester  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.teams import FakeTeams  # noqa: E402
from tests.workspaces import TEAM

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
POSTGRES_URL = os.environ.get("COHORTBOT_TEST_DATABASE_URL", "")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or chat platform settings, or writes outside tmp_path."""
    for name in list(os.environ):
        platform_setting = name.startswith(("SLACK_", "COHORTBOT_", "TEAMS_")) and name != "COHORTBOT_TEST_DATABASE_URL"
        if platform_setting or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    if POSTGRES_URL:
        reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'cohortbot.db'}"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_teams() -> Iterator[FakeTeams]:
    with FakeTeams() as fake:
        yield fake


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.base_url,
        database_url=database_url,
        cohortbot_admins=frozenset({"UADMIN"}),
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Context]:
    """The bot's context as `cohortbot run` builds it, talking to the fake Slack."""
    ctx = bootstrap(settings)
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


@pytest.fixture
def neutral_ctx(ctx: Context, messenger: FakeMessenger) -> Context:
    """The bot's context on the same database, reaching people through the platform-neutral fake messenger."""
    return ctx.with_messenger(messenger)


@pytest.fixture
def db(ctx: Context) -> Database:
    return ctx.db


@dataclass
class BotServer:
    url: str
    app: object


@pytest.fixture
def bot_server(ctx: Context) -> Iterator[BotServer]:
    """The real Bolt app behind the real WSGI server, on a free local port."""
    from handlers.after_answer import finish_after_ack_work
    from handlers.slack.app import build_app
    from handlers.slack.http import make_server

    app = build_app(ctx)
    server = make_server(app, ctx.db, ctx.settings.slack_signing_secret, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield BotServer(url=f"http://127.0.0.1:{server.port}", app=app)
    finish_after_ack_work()
    server.stop()
    thread.join(timeout=5)


@pytest.fixture
def slack(bot_server: BotServer) -> SlackRequester:
    return SlackRequester(bot_server.url, SIGNING_SECRET)


MakeCohort = Callable[..., Cohort]


@pytest.fixture
def make_cohort(db: Database) -> MakeCohort:
    """Create a cohort and enrol people: make_cohort("C1", channel="C111", delegates=["U1"])."""

    def make(
        name: str = "Cohort 1",
        *,
        channel: str | None = "C111",
        start: date = date(2026, 11, 2),
        weeks: int = 26,
        delegates: tuple[str, ...] | list[str] = ("U1",),
        facilitators: tuple[str, ...] | list[str] = ("UFAC",),
        evaluators: tuple[str, ...] | list[str] = (),
        timezone: str = "Europe/London",
    ) -> Cohort:
        with db.write() as session:
            cohort = create_cohort(session, TEAM, name, conversation=channel, start_date=start, timezone=timezone, weeks=weeks)
            for role, people in ((DELEGATE, delegates), (FACILITATOR, facilitators), (EVALUATOR, evaluators)):
                for user_id in people:
                    enrol(session, cohort, user_id, role, by=TEAM.person(user_id))  # set up quietly: no DMs
            return cohort

    return make
