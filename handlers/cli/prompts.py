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
from bot.programme.library import WRITERS, export_rows, import_file
from handlers.bootstrap import bootstrap
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
    exporting.set_defaults(func=export_command)


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    print(import_file(bootstrap(settings).db, args.file))
    return 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    db = bootstrap(settings).db
    if args.format == MARKDOWN:
        return open_guide_command(db, args.out, args.examples)
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


def open_guide_command(db: Database, out: Path | None, examples: bool) -> int:
    if out is None:
        raise UserError("The Markdown guide is a folder of pages: name it with --out DIR.")
    written = write_open_guide(db, out, examples, actor=CommandLine(getpass.getuser()))
    print(f"Wrote the open guide to {out} ({len(written)} files).", file=sys.stderr)
    return 0
