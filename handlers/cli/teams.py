"""`cohortbot teams package`: build the Teams app package to upload to Teams."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bot.config import Settings
from bot.interaction.errors import UserError
from handlers.teams.package import PLACEHOLDER_SITE, Publisher, app_version, client_id, manifest, write_package

HOST = re.compile(r"(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?", re.IGNORECASE)
VERSION = re.compile(r"\d+\.\d+\.\d+")
DEVELOPER_NAME_MAX = 32  # the manifest's limit


def web_page(value: str) -> str:
    if not value.lower().startswith(("https://", "http://")) or len(value) > 2048:
        raise argparse.ArgumentTypeError(f"{value!r} is not a web address; give one starting https://")
    return value


def domain(value: str) -> str:
    if not HOST.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a domain; give the host alone, e.g. cohortbot.example.org")
    return value.lower()


def app_version_number(value: str) -> str:
    if not VERSION.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a version; use three numbers, e.g. 1.0.3")
    return value


def developer_name(value: str) -> str:
    if not value.strip() or len(value.strip()) > DEVELOPER_NAME_MAX:
        raise argparse.ArgumentTypeError(f"{value!r}: give a name of 1 to {DEVELOPER_NAME_MAX} characters")
    return value.strip()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("teams", help="Microsoft Teams: build the app package")
    teams = parser.add_subparsers(dest="teams_command", required=True, metavar="COMMAND")
    package = teams.add_parser(
        "package",
        help="build the app package (manifest.json and icons) to upload to Teams",
        description="Build the Teams app package for the bot whose Microsoft Entra application (client) ID is "
        "TEAMS_CLIENT_ID. Upload it in the Teams admin centre, or in Teams under Apps, Manage your apps.",
    )
    package.add_argument("--out", type=Path, default=Path("cohortbot-teams.zip"), help="the .zip to write (default: %(default)s)")
    package.add_argument(
        "--domain",
        action="append",
        default=[],
        type=domain,
        metavar="HOST",
        help="a domain the app's pages live on, e.g. cohortbot.example.org (repeatable; Teams calls these valid domains)",
    )
    defaults = Publisher()
    for option, default, kind, metavar, what in (
        ("--developer", defaults.name, developer_name, "NAME", "who publishes the app (default: %(default)s)"),
        ("--website", defaults.website, web_page, "URL", "your page about the app"),
        ("--privacy-url", defaults.privacy, web_page, "URL", "your privacy notice"),
        ("--terms-url", defaults.terms, web_page, "URL", "your terms of use"),
    ):
        package.add_argument(option, default=default, type=kind, metavar=metavar, help=what)
    package.add_argument(
        "--app-version",
        default=None,
        type=app_version_number,
        metavar="X.Y.Z",
        help="the app's version; raise it each time you upload a changed package (default: cohortbot's version)",
    )
    package.set_defaults(func=package_command)


def package_command(args: argparse.Namespace, settings: Settings) -> int:
    bot_id = client_id(settings.teams_client_id)
    if args.out.suffix.lower() != ".zip":
        raise UserError(f"Teams takes the app package as a .zip: name the file {args.out.with_suffix('.zip').name}.")
    publisher = Publisher(args.developer, args.website, args.privacy_url, args.terms_url)
    app_manifest = manifest(bot_id, publisher, app_version=args.app_version or app_version(), domains=tuple(args.domain))
    write_package(args.out, app_manifest)
    print(f"Wrote {args.out} for the bot {bot_id}, version {app_manifest['version']}.")
    if publisher.placeholder:
        print(
            f"Its developer pages are placeholders ({PLACEHOLDER_SITE}); before your organisation uses the app, "
            "build it again with --website, --privacy-url and --terms-url naming your own pages.",
            file=sys.stderr,
        )
    return 0
