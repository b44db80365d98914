"""`cohortbot prompts ...`: the open prompt library in and out as YAML, CSV or XLSX."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.config import Settings
from bot.export.context import CommandLine
from bot.export.open_guide import write_open_guide
from bot.interaction.errors import UserError
from bot.messaging.addresses import Workspace
from bot.programme.library import WRITERS, export_rows, import_file
from handlers.bootstrap import bootstrap
from handlers.cli.workspaces import add_workspace_option, command_workspace
from storage.db import Database

MARKDOWN = "markdown"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("prompts", help="import and export the prompt library")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    importing = actions.add_parser("import", help="add or update prompts from a .yaml, .csv or .xlsx file")
    importing.add_argument("file", type=Path)
    importing.set_defaults(func=import_command)

    exporting = actions.add_parser("export", help="write the library as open content")
    exporting.add_argument("--format", choices=[*sorted(WRITERS), MARKDOWN], default="yaml")
    exporting.add_argument(
        "--out", type=Path, help="file to write (default: standard output); for markdown, the folder of the guide"
    )
    exporting.add_argument(
        "--examples", action="store_true", help="markdown: add anonymised reflections their authors agreed to share"
    )
    exporting.add_argument(
        "--cohort", metavar="NAME", help="markdown: the challenges this cohort was sent, in its order (default: the library)"
    )
    add_workspace_option(exporting)
    exporting.set_defaults(func=export_command)


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    print(import_file(bootstrap(settings).db, args.file))
    return 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    db = ctx.db
    if args.format == MARKDOWN:
        workspace = command_workspace(ctx, args.workspace) if args.cohort else ctx.workspace
        return open_guide_command(db, args.out, args.examples, workspace, args.cohort)
    if args.cohort:
        raise UserError("--cohort goes with --format markdown: the other formats are the whole library.")
    if args.out is None and args.format == "xlsx" and sys.stdout.isatty():
        raise UserError("An XLSX file can't be shown in the terminal. Name a file with --out, e.g. --out prompts.xlsx.")
    data = WRITERS[args.format](export_rows(db))
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.out.write_bytes(data)
        print(f"Wrote {args.out}.", file=sys.stderr)
    return 0


def open_guide_command(db: Database, out: Path | None, examples: bool, workspace: Workspace, cohort: str | None) -> int:
    """The guide; a cohort is named within the bot's own workspace, as the other cohort commands name it."""
    if out is None:
        raise UserError("The Markdown guide is a folder of pages: name it with --out DIR.")
    named = (workspace, cohort) if cohort else None
    written = write_open_guide(db, out, examples, cohort=named, actor=CommandLine(getpass.getuser()))
    print(f"Wrote the open guide to {out} ({len(written)} files).", file=sys.stderr)
    return 0
