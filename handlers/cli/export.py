"""`cohortbot export`: the evaluator's workbook."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from bot import clock
from bot.config import Settings
from bot.export.context import CommandLine, ExportScope
from bot.export.names import export_name
from bot.export.workbook import SHEET_COUNT, export_workbook
from bot.interaction.errors import UserError
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import iso_date


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export everything to an Excel workbook")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        help="the .xlsx file to write, or a folder for a file named after what it holds (default: this folder)",
    )
    parser.add_argument("--cohort", action="append", default=[], metavar="NAME", help="only this cohort (repeatable)")
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help="only entries from this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help="only entries up to this day, inclusive")
    parser.add_argument("--pseudonymise", action="store_true", help="replace names and IDs with stable pseudonyms")
    parser.set_defaults(func=export_command)


def check_out(out: Path) -> None:
    """Refuse a file the workbook cannot be, or a folder that is not there, before anything is built."""
    if out.is_dir():
        return
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"export writes an Excel workbook: name the file .xlsx, not {out.name}, or give a folder.")
    if not out.parent.is_dir():
        raise UserError(f"There is no folder {out.parent}, so {out.name} cannot be written there.")


def output_path(out: Path, scope: ExportScope, timezone: str) -> Path:
    """`out` itself if it names a file, else a name saying what the workbook holds inside the folder `out`."""
    return out / export_name(scope, clock.now(), timezone) if out.is_dir() else out


@contextmanager
def progress_bar() -> Iterator[Callable[[str], None]]:
    """A bar on the terminal, one step a sheet; nothing at all when output goes to a file or a pipe."""
    if not (sys.stderr.isatty() and sys.stdout.isatty()):
        yield lambda title: None
        return
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Building the workbook", total=SHEET_COUNT)
        yield lambda title: progress.update(task, advance=1, description=f"Wrote {title}")


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}, so nothing would be exported. Swap them.")
    check_out(args.out)
    ctx = bootstrap(settings)
    scope = ExportScope(
        cohorts=tuple(args.cohort),
        date_from=args.date_from,
        date_to=args.date_to,
        pseudonymise=args.pseudonymise,
        workspace=ctx.workspace if args.cohort else None,  # names are the bot's workspace's; else every cohort
    )
    out = output_path(args.out, scope, settings.cohortbot_timezone)
    with progress_bar() as on_sheet:
        counts = export_workbook(ctx, out, scope, actor=CommandLine(getpass.getuser()), on_sheet=on_sheet)
    summary = ", ".join(f"{rows} {sheet.lower()}" for sheet, rows in counts.items())
    print(f"Wrote {out} ({summary}).")
    return 0
