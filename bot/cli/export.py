"""`cohortbot export`: the evaluator's workbook."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from bot.config import Settings
from bot.export.workbook import ExportScope, export_workbook
from bot.services import Services


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export everything to an Excel workbook")
    parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    parser.add_argument("--cohort", action="append", default=[], metavar="NAME", help="only this cohort (repeatable)")
    parser.add_argument("--pseudonymise", action="store_true", help="replace names and IDs with stable pseudonyms")
    parser.set_defaults(func=export_command)


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    services = Services.start(settings)
    scope = ExportScope(cohorts=tuple(args.cohort), pseudonymise=args.pseudonymise)
    counts = export_workbook(services.db, args.out, scope, actor=f"cli:{getpass.getuser()}")
    summary = ", ".join(f"{rows} {sheet.lower()}" for sheet, rows in counts.items())
    print(f"Wrote {args.out} ({summary}).")
    return 0
