"""Builds the Bolt app: one WebClient on SLACK_API_URL, listeners registered per kind."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.config import Settings
from bot.context import Context
from handlers.slack import listeners
from handlers.slack.install_flow import oauth_settings
from handlers.slack.installations import installation_store
from handlers.slack.retries import retry_handlers


class _TokenAlsoInEnvironment(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN goes unused when it finds it in the environment next to our
    client; the client carries that very token, so the warning is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


LOGGER = logging.getLogger("cohortbot.slack")
LOGGER.addFilter(_TokenAlsoInEnvironment())


def web_client(settings: Settings) -> WebClient:
    """The client for every Slack call; Bolt copies its retry handlers into each request's client.
    With Slack's install flow it has no token of its own: each request's copy gets its workspace's."""
    return WebClient(token=settings.slack_bot_token or None, base_url=settings.slack_api_url, retry_handlers=retry_handlers())


def build_app(ctx: Context, *, client: WebClient | None = None) -> App:
    settings = ctx.settings
    install_flow = {"oauth_settings": oauth_settings(ctx, installation_store(settings, ctx.db))} if settings.oauth else {}
    app = App(
        client=client or web_client(settings),
        signing_secret=settings.slack_signing_secret,
        logger=LOGGER,
        # Listeners ack as soon as they can and hand slow work to handlers.slack.requests;
        # running them on the request thread saves Bolt's 10 ms ack polling and a thread hop.
        process_before_response=True,
        **install_flow,
    )
    listeners.register(app, ctx)
    return app
