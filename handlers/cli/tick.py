"""`cohortbot tick`: run due scheduled work once and exit, for cron-style deployments."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.delivery.ticker import tick
from handlers.bootstrap import bootstrap, require_posting


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tick", help="send what is due now, once, and exit")
    parser.set_defaults(func=tick_command)


def tick_command(args: argparse.Namespace, settings: Settings) -> int:
    require_posting(settings)
    report = tick(bootstrap(settings))
    print("Another process is running the tick; nothing done." if report is None else f"Tick: {report}.")
    return 0
