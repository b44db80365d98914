"""`cohortbot prompts ...`: the open prompt library in and out as YAML, CSV or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.prompts import WRITERS, export_rows, import_file
from bot.services import Services

# Formats other modules add (e.g. a Markdown open guide) register a writer here.
EXPORTERS = dict(WRITERS)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("prompts", help="import and export the prompt library")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    importing = actions.add_parser("import", help="add or update prompts from a .yaml, .csv or .xlsx file")
    importing.add_argument("file", type=Path)
    importing.set_defaults(func=import_command)

    exporting = actions.add_parser("export", help="write the library as open content")
    exporting.add_argument("--format", choices=sorted(EXPORTERS), default="yaml")
    exporting.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exporting.set_defaults(func=export_command)


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    print(import_file(Services.start(settings).db, args.file))
    return 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    data = EXPORTERS[args.format](export_rows(Services.start(settings).db))
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.out.write_bytes(data)
        print(f"Wrote {args.out}.", file=sys.stderr)
    return 0
