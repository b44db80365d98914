"""`cohortbot run`: the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)."""

from __future__ import annotations

import argparse
import signal

from bot.config import Settings
from handlers.bootstrap import bootstrap
from handlers.slack import runner


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="start the Slack bot")
    parser.add_argument("--http", action="store_true", help="serve HTTP even when SLACK_APP_TOKEN is set")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address to listen on (default 0.0.0.0)")
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    parser.add_argument(
        "--no-scheduler", action="store_true", help="answer Slack only; another process posts the weekly challenges"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    http = args.http or not settings.socket_mode
    settings.require_slack(http=http)
    ctx = bootstrap(settings)

    # SIGTERM (a service manager, a container stop) ends the server cleanly: the scheduler
    # stops and answers already on their way to Slack are finished.
    signal.signal(signal.SIGTERM, _stop)

    if http:
        runner.serve_http(ctx, host=args.host, port=args.port, scheduler=not args.no_scheduler)
    else:
        runner.serve_socket_mode(ctx, scheduler=not args.no_scheduler)
    return 0


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
