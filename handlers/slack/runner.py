"""Serve the Slack front end: Socket Mode or HTTP, until stopped."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError

from bot.config import ConfigError
from bot.context import Context
from bot.delivery.ticker import Ticking, start_replica
from handlers.slack.app import build_app
from handlers.slack.http import make_server
from handlers.slack.messenger import SlackMessenger
from handlers.slack.requests import finish_after_ack_work

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


def _shut_down(ticking: Ticking | None) -> None:
    """Stop ticking and give the leases up, then let answers already on their way to Slack finish."""
    if ticking is not None:
        ticking.stop()
    finish_after_ack_work()


def _start(ctx: Context, *, scheduler: bool) -> tuple[App, Ticking | None]:
    """The Bolt app and, unless the scheduler is off, this process as a replica that ticks.

    The replica comes first, so that work claimed while answering requests is vouched for by its lease.
    """
    replica = start_replica(ctx) if scheduler else None
    try:
        app = start_app(ctx.with_replica(replica))
    except BaseException:
        if replica is not None:
            replica.stop()
        raise
    if replica is None:
        return app, None
    return app, Ticking(ctx.with_messenger(SlackMessenger(app.client, ctx.workspace)), replica)


def serve_http(ctx: Context, *, host: str, port: int, scheduler: bool = True) -> None:
    app, ticking = _start(ctx, scheduler=scheduler)
    server = make_server(app, ctx.db, ctx.settings.slack_signing_secret, host=host, port=port, ticking=ticking)
    log.info("cohortbot is listening on http://%s:%s/slack/events", host, server.port)
    try:
        server.serve()
    finally:
        server.stop()
        _shut_down(ticking)


def serve_socket_mode(ctx: Context, *, scheduler: bool = True) -> None:
    app, ticking = _start(ctx, scheduler=scheduler)
    handler = SocketModeHandler(app, ctx.settings.slack_app_token)
    log.info("cohortbot is connecting to Slack in Socket Mode")
    try:
        handler.start()
    finally:
        _shut_down(ticking)
