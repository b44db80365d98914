"""`cohortbot export`: the evaluator's workbook, or with --person everything stored about one person."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import Progress

from bot import clock
from bot.config import Settings
from bot.export.context import CommandLine, ExportScope
from bot.export.names import export_name
from bot.export.workbook import SHEET_COUNT, export_workbook
from bot.interaction.errors import UserError
from bot.people.subject_access import subject_access
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import WORKSPACE, chosen_workspace, iso_date, person_id


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export everything to an Excel workbook, or one person's data")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        help="the .xlsx (or with --person .json) file to write, or a folder for a file named after what it holds "
        "(default: this folder)",
    )
    parser.add_argument(
        "--person",
        type=person_id,
        metavar="USER_ID",
        help="instead of the workbook, everything stored about this person, as JSON (a subject access request)",
    )
    parser.add_argument(WORKSPACE[0], **WORKSPACE[1])
    parser.add_argument("--cohort", action="append", default=[], metavar="NAME", help="only this cohort (repeatable)")
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help="only entries from this day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help="only entries up to this day, inclusive")
    parser.add_argument("--pseudonymise", action="store_true", help="replace names and IDs with stable pseudonyms")
    parser.set_defaults(func=export_command)


def check_out(out: Path, suffix: str = ".xlsx", what: str = "an Excel workbook") -> None:
    """Refuse a file the export cannot be, or a folder that is not there, before anything is built."""
    if out.is_dir():
        return
    if out.suffix.lower() != suffix:
        raise UserError(f"export writes {what}: name the file {suffix}, not {out.name}, or give a folder.")
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
    if args.person:
        return person_command(args, settings)
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


def person_command(args: argparse.Namespace, settings: Settings) -> int:
    """A subject access export: JSON, complete and nested as stored, with nothing a spreadsheet could run."""
    if args.cohort or args.date_from or args.date_to or args.pseudonymise:
        raise UserError("--person exports everything about one person: leave out --cohort, --from, --to and --pseudonymise.")
    check_out(args.out, ".json", "a JSON file")
    ctx = bootstrap(settings)
    person = chosen_workspace(args.workspace, ctx.workspace).person(args.person)
    at = clock.now().astimezone(ZoneInfo(settings.cohortbot_timezone))
    out = args.out / f"cohortbot-person-{person.user_id}-{at:%Y-%m-%dT%H%M}.json" if args.out.is_dir() else args.out
    counts = subject_access(ctx, person, CommandLine(getpass.getuser()), out)
    summary = ", ".join(f"{part.replace('_', ' ')}: {rows}" for part, rows in counts.items() if rows)
    print(f"Wrote {out} ({summary}). It holds everything stored about {person.user_id}: send it to them securely.")
    return 0
