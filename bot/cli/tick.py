"""`cohortbot tick`: run due scheduled work once and exit, for cron-style deployments."""

from __future__ import annotations

import argparse

from bot.cli.slack import send_context
from bot.config import Settings
from bot.delivery.ticker import tick
from bot.services import Services


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tick", help="send what is due now, once, and exit")
    parser.set_defaults(func=tick_command)


def tick_command(args: argparse.Namespace, settings: Settings) -> int:
    report = tick(send_context(Services.start(settings)))
    print("Another process is running the tick; nothing done." if report is None else f"Tick: {report}.")
    return 0
