"""`cohortbot run`: the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP), the Teams bot
(`--teams`), or both in one process (`--http --teams`)."""

from __future__ import annotations

import argparse
import signal

from bot.config import Settings
from bot.context import Context
from bot.delivery.ticker import start_replica, start_scheduler
from handlers.bootstrap import bootstrap
from handlers.slack import runner
from handlers.teams import runner as teams_runner
from handlers.teams.http import DEFAULT_PORT as TEAMS_PORT

SLACK_PORT = 3000


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="start the bot: Slack, Teams (--teams), or both (--http --teams)")
    parser.add_argument("--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set")
    parser.add_argument("--teams", action="store_true", help="serve Microsoft Teams on POST /api/messages")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address to listen on (default 0.0.0.0)")
    parser.add_argument(
        "--port", type=int, help=f"HTTP port (default {SLACK_PORT}; with --teams alone, Teams' port, default {TEAMS_PORT})"
    )
    parser.add_argument("--teams-port", type=int, help=f"Teams' HTTP port beside Slack's (default {TEAMS_PORT})")
    parser.add_argument(
        "--no-scheduler", action="store_true", help="answer people only; another process posts the weekly challenges"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    slack = args.http or not args.teams
    http = args.http or not settings.socket_mode
    if slack:
        settings.require_slack(http=http)
    if args.teams:
        settings.require_teams()
    ctx = bootstrap(settings)
    scheduler = not args.no_scheduler
    # A process that ticks is one of the replicas from the start, so what it claims while answering is vouched for too.
    replica = start_replica(ctx) if scheduler else None
    try:
        return _serve(args, ctx.with_replica(replica), slack=slack, http=http, scheduler=scheduler)
    finally:
        if replica is not None:
            replica.stop()


def _serve(args: argparse.Namespace, ctx: Context, *, slack: bool, http: bool, scheduler: bool) -> int:
    # SIGTERM (a service manager, a container stop) ends the server cleanly: the scheduler
    # stops and answers already on their way are finished.
    signal.signal(signal.SIGTERM, _stop)

    if not slack:
        teams_runner.serve(ctx, host=args.host, port=_port(args.port, TEAMS_PORT), scheduler=scheduler)
        return 0
    teams = clock = None
    if args.teams:  # beside Slack: one scheduler for every platform the context reaches
        teams = teams_runner.start(ctx, host=args.host, port=_port(args.teams_port, TEAMS_PORT))
        clock = start_scheduler(ctx) if scheduler else None
    try:
        if http:
            runner.serve_http(ctx, host=args.host, port=_port(args.port, SLACK_PORT), scheduler=scheduler and teams is None)
        else:
            runner.serve_socket_mode(ctx, scheduler=scheduler and teams is None)
    finally:
        if clock is not None:
            clock.stop()
        if teams is not None:
            teams[0].stop()
    return 0


def _port(given: int | None, default: int) -> int:
    return default if given is None else given


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
