"""`cohortbot tick`: run due scheduled work once and exit, for cron-style deployments."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.delivery.ticker import start_replica, tick
from handlers.bootstrap import bootstrap, require_posting


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tick", help="send what is due now, once, and exit")
    parser.set_defaults(func=tick_command)


def tick_command(args: argparse.Namespace, settings: Settings) -> int:
    require_posting(settings)
    ctx = bootstrap(settings)
    replica = start_replica(ctx)  # its share of the work is vouched for by its lease; the leader's, if free
    try:
        report = tick(ctx.with_replica(replica))
    finally:
        replica.stop()
    print(f"Tick: {report}.")
    return 0
