"""Reaching Slack from a terminal command (tick, post-now): the one wiring for the CLI."""

from __future__ import annotations

from bot.config import ConfigError
from bot.delivery.jobs import SendContext
from bot.services import Services


def send_context(services: Services) -> SendContext:
    if not services.settings.slack_bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set (posting needs it). Set it in the environment or in .env; see .env.example."
        )
    from handlers.slack.app import web_client
    from handlers.slack.messenger import SlackMessenger

    return SendContext(db=services.db, messenger=SlackMessenger(web_client(services)), settings=services.settings)
