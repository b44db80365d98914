"""Serve the Slack front end: Socket Mode or HTTP, until stopped."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError

from bot.config import ConfigError
from bot.context import Context
from bot.delivery.ticker import Ticking, start_scheduler
from handlers.after_answer import finish_after_ack_work
from handlers.slack.app import build_app
from handlers.slack.http import make_server
from handlers.slack.messenger import SlackMessenger

log = logging.getLogger(__name__)


def start_app(ctx: Context) -> App:
    """The Bolt app, which checks the token with Slack first; a refusal or no answer stops here."""
    try:
        return build_app(ctx)
    except BoltError as error:
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({error}). Check it in the environment or in .env; see .env.example."
        ) from None
    except OSError as error:
        raise ConfigError(
            f"Could not reach Slack at SLACK_API_URL={ctx.settings.slack_api_url} ({error}). "
            "Check the address and the network; see .env.example."
        ) from None


def _start_clock(ctx: Context, app: App, scheduler: bool) -> Ticking | None:
    """The scheduler, posting with the app's client; with Slack's install flow, with each workspace's own token."""
    if not scheduler:
        return None
    return start_scheduler(ctx if ctx.settings.oauth else ctx.with_messenger(SlackMessenger(app.client, ctx.workspace)))


def _shut_down(clock: Ticking | None) -> None:
    """Stop ticking, then let answers already on their way to Slack finish."""
    if clock is not None:
        clock.stop()
    finish_after_ack_work()


def serve_http(ctx: Context, *, host: str, port: int, scheduler: bool = True) -> None:
    app = start_app(ctx)
    clock = _start_clock(ctx, app, scheduler)
    server = make_server(app, ctx.db, ctx.settings.slack_signing_secret, host=host, port=port, replica=ctx.replica)
    log.info("cohortbot is listening on http://%s:%s/slack/events", host, server.port)
    if app.oauth_flow is not None:
        log.info("Slack workspaces install cohortbot at http://%s:%s%s", host, server.port, app.oauth_flow.install_path)
    try:
        server.serve()
    finally:
        server.stop()
        _shut_down(clock)


def serve_socket_mode(ctx: Context, *, scheduler: bool = True) -> None:
    app = start_app(ctx)
    clock = _start_clock(ctx, app, scheduler)
    handler = SocketModeHandler(app, ctx.settings.slack_app_token)
    log.info("cohortbot is connecting to Slack in Socket Mode")
    try:
        handler.start()
    finally:
        _shut_down(clock)
