"""The one composition root: settings, the database, messengers and the scheduler, wired together.

Everything that runs cohortbot (the CLI, the Slack and console front ends, the tests) builds
its `Context` here, so the domain never has to know which platform it is talking to.
"""

from __future__ import annotations

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from bot.config import ConfigError, Settings
from bot.context import NOT_LEARNT, Context
from bot.messaging.addresses import SLACK, TEAMS, Workspace
from bot.messaging.messenger import Messenger
from bot.messaging.routing import PlatformRouter
from bot.people.workspaces import adopt_unknown, only_workspace
from handlers.no_platform import NoPlatform
from handlers.slack.app import web_client
from handlers.slack.messenger import SlackMessenger
from handlers.slack.workspaces import token_workspace
from handlers.teams.client import teams_messenger
from storage.db import Database, safe_url


def open_database(settings: Settings) -> Database:
    """Open the database and bring its schema up to date; a database that can't be used stops here."""
    try:
        db = Database(settings.database_url)
        db.migrate()
    except (NoSuchModuleError, ImportError):
        reason = "cohortbot works with a SQLite file (sqlite:///cohortbot.db) or PostgreSQL (postgresql://user@host/db)"
    except (ArgumentError, OperationalError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    else:
        return db
    raise ConfigError(
        f"Could not open the database at DATABASE_URL={safe_url(settings.database_url)} ({reason}). "
        "Check it in the environment or in .env; see .env.example."
    )


def platform_messenger(settings: Settings, workspace: Workspace, db: Database) -> Messenger:
    """Every platform the settings configure: Slack, speaking in the token's workspace, when a bot token is set;
    Teams when its client id and secret are; both through one router; otherwise a messenger that refuses
    (the CLI with no platform)."""
    messengers: dict[str, Messenger] = {}
    if settings.slack_bot_token:
        messengers[SLACK] = SlackMessenger(web_client(settings), workspace)
    if settings.teams:
        messengers[TEAMS] = teams_messenger(settings, db)
    if not messengers:
        return NoPlatform()
    return next(iter(messengers.values())) if len(messengers) == 1 else PlatformRouter(messengers)


def slack_workspace(settings: Settings, db: Database) -> Workspace:
    """The workspace the bot token belongs to, as Slack says; without a token (or an answer from
    Slack), the one Slack workspace the database knows, if it knows just one. With only Teams
    configured, its tenant (TEAMS_TENANT_ID, or the one the database knows)."""
    if settings.slack_bot_token:
        learnt = token_workspace(web_client(settings))
        if learnt != NOT_LEARNT:
            return learnt
    elif settings.teams:
        tenant = Workspace(TEAMS, settings.teams_tenant_id) if settings.teams_tenant_id else only_workspace(db, TEAMS)
        if tenant is not None:
            return tenant
    return only_workspace(db, SLACK) or NOT_LEARNT


def bootstrap(settings: Settings, *, messenger: Messenger | None = None) -> Context:
    """The context every command and front end works in.

    Rows made before the bot's workspace was known (an older database, the CLI with no token)
    are adopted into it here, once Slack has said which workspace the token belongs to.
    """
    db = open_database(settings)
    workspace = slack_workspace(settings, db)
    adopt_unknown(db, workspace)
    messenger = messenger or platform_messenger(settings, workspace, db)
    return Context(settings=settings, db=db, messenger=messenger, workspace=workspace)


def require_posting(settings: Settings) -> None:
    """Refuse a command that must post (tick, post-now) when no platform is configured."""
    if not (settings.slack_bot_token or settings.teams):
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set, nor TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET (posting needs a chat platform). "
            "Set them in the environment or in .env; see .env.example."
        )
