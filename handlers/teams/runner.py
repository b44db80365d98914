"""Serve the Teams front end (`POST /api/messages`, `GET /healthz`), alone or beside Slack's, until stopped."""

from __future__ import annotations

import logging
import threading

from bot.context import Context
from bot.delivery.ticker import start_scheduler
from handlers.after_answer import finish_after_ack_work
from handlers.teams.auth import BotFrameworkTokens
from handlers.teams.client import http_client
from handlers.teams.cloud import endpoints
from handlers.teams.front import TeamsBot
from handlers.teams.http import MESSAGES_PATH, make_server
from handlers.teams.messenger import teams_of
from handlers.web import HttpServer

log = logging.getLogger(__name__)

UNAUTHENTICATED = (
    "TEAMS_ALLOW_UNAUTHENTICATED is on: requests to %s are NOT checked. Use it only on a laptop with "
    "Microsoft 365 Agents Playground, never where the internet can reach the bot."
)


def inbound_tokens(ctx: Context) -> BotFrameworkTokens | None:
    """How requests are checked; None (and a warning) when TEAMS_ALLOW_UNAUTHENTICATED is on."""
    settings = ctx.settings
    if settings.teams_allow_unauthenticated:
        log.warning(UNAUTHENTICATED, MESSAGES_PATH)
        return None
    return BotFrameworkTokens(endpoints(settings), settings.teams_client_id, http_client())


def start(ctx: Context, *, host: str, port: int, threads: int = 16) -> tuple[HttpServer, threading.Thread]:
    """The Teams server, serving in a thread of its own."""
    server = make_server(ctx, TeamsBot(ctx, teams_of(ctx.messenger)), inbound_tokens(ctx), host=host, port=port, threads=threads)
    thread = threading.Thread(target=server.serve, name="teams-http", daemon=True)
    thread.start()
    log.info("cohortbot is listening for Teams on http://%s:%s%s", host, server.port, MESSAGES_PATH)
    return server, thread


def serve(ctx: Context, *, host: str, port: int, scheduler: bool = True) -> None:
    """Teams alone: the server and (unless told not to) the scheduler, until stopped."""
    server, thread = start(ctx, host=host, port=port)
    clock = start_scheduler(ctx) if scheduler else None
    try:
        thread.join()
    finally:
        server.stop()
        if clock is not None:
            clock.stop()
        finish_after_ack_work()
