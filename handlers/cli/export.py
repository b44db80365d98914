"""`cohortbot export`: the evaluator's workbook."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from bot.config import Settings
from bot.export.context import CommandLine, ExportScope
from bot.export.workbook import export_workbook
from bot.interaction.errors import UserError
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import iso_date


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export everything to an Excel workbook")
    parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    parser.add_argument("--cohort", action="append", default=[], metavar="NAME", help="only this cohort (repeatable)")
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help="only entries from this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help="only entries up to this day, inclusive")
    parser.add_argument("--pseudonymise", action="store_true", help="replace names and IDs with stable pseudonyms")
    parser.set_defaults(func=export_command)


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}, so nothing would be exported. Swap them.")
    if args.out.is_dir():
        raise UserError(f"{args.out} is a folder. Name the file to write, e.g. {args.out / 'evaluation.xlsx'}.")
    if not args.out.parent.is_dir():  # say so now, not after building the whole workbook
        raise UserError(f"There is no folder {args.out.parent}, so {args.out.name} cannot be written there.")
    ctx = bootstrap(settings)
    scope = ExportScope(
        cohorts=tuple(args.cohort),
        date_from=args.date_from,
        date_to=args.date_to,
        pseudonymise=args.pseudonymise,
        workspace=ctx.workspace if args.cohort else None,  # names are the bot's workspace's; else every cohort
    )
    counts = export_workbook(ctx, args.out, scope, actor=CommandLine(getpass.getuser()))
    summary = ", ".join(f"{rows} {sheet.lower()}" for sheet, rows in counts.items())
    print(f"Wrote {args.out} ({summary}).")
    return 0
