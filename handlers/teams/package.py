"""The Teams app package: `manifest.json` and the two icons in one zip, ready to upload to Teams."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bot.config import ConfigError

MANIFEST_VERSION = "1.30"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
ICONS = {"color": "color.png", "outline": "outline.png"}
ACCENT_COLOUR = "#1F5F8B"  # the colour icon's background
SCOPES = ("personal", "team")
GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# Pages an organisation should replace with its own (`--website`, `--privacy-url`, `--terms-url`).
PLACEHOLDER_SITE = "https://example.org/cohortbot"

COMMANDS = (
    ("reflect", "Write a reflection in your learning journal"),
    ("evidence", "Log evidence of something you applied in your work"),
    ("confidence", "Rate your confidence with digital (baseline, midpoint, final)"),
    ("journal", "See your recent journal entries"),
    ("coach", "Ask your coach for a 1-2-1; coaches log one"),
    ("cohortbot", "Facilitators' and evaluators' commands: cohortbot help lists them"),
    ("help", "What you can do with cohortbot"),
)
"""What Teams suggests when someone types to the bot; each is a message the bot understands."""

DESCRIPTION = (
    "cohortbot runs cohort-based, self-directed learning programmes in Teams. Each week it posts a challenge "
    "in the cohort's channel. Delegates write reflections, log evidence of what they applied at work and rate "
    "their confidence at the start, middle and end, in a private journal they can see and edit. Facilitators "
    "see who is engaged and who is drifting, and send reminders by private chat, never to the whole channel. "
    "Evaluators export everything to one Excel workbook that answers the programme's measurable outcomes."
)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the app in the organisation's Teams, and the pages Teams links to from its details."""

    name: str = "cohortbot"
    website: str = PLACEHOLDER_SITE
    privacy: str = f"{PLACEHOLDER_SITE}/privacy"
    terms: str = f"{PLACEHOLDER_SITE}/terms"

    @property
    def placeholder(self) -> bool:
        return any(url.startswith(PLACEHOLDER_SITE) for url in (self.website, self.privacy, self.terms))


def client_id(value: str) -> str:
    """The Microsoft Entra application (client) ID the bot signs in as, which is also the app's and the bot's id."""
    if not value:
        raise ConfigError(
            "TEAMS_CLIENT_ID is not set (the Teams app package names the bot by it). "
            "Set it in the environment or in .env; see .env.example."
        )
    if not GUID.fullmatch(value.strip()):
        raise ConfigError(
            "TEAMS_CLIENT_ID is wrong: it should be the Application (client) ID from the app registration, "
            "e.g. 00000000-0000-0000-0000-000000000000. Fix it in the environment or in .env; see .env.example."
        )
    return value.strip()


def manifest(bot_id: str, publisher: Publisher, *, app_version: str, domains: tuple[str, ...] = ()) -> dict[str, Any]:
    """The app manifest: one bot, in personal chats and teams, that takes files and lists its commands."""
    commands = [{"title": title, "description": description} for title, description in COMMANDS]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": app_version,
        "id": bot_id,
        "developer": {
            "name": publisher.name,
            "websiteUrl": publisher.website,
            "privacyUrl": publisher.privacy,
            "termsOfUseUrl": publisher.terms,
        },
        "name": {"short": "cohortbot", "full": "cohortbot: cohort-based learning programmes"},
        "description": {"short": "Weekly challenges, a learning journal and an evaluation for cohorts.", "full": DESCRIPTION},
        "icons": dict(ICONS),
        "accentColor": ACCENT_COLOUR,
        "bots": [
            {
                "botId": bot_id,
                "scopes": list(SCOPES),
                "supportsFiles": True,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": [scope], "commands": commands} for scope in SCOPES],
            }
        ],
        "validDomains": list(domains),
    }


def app_version() -> str:
    """This release of cohortbot; Teams wants a higher version each time an uploaded app is updated."""
    return version("cohortbot")


def write_package(out: Path, app_manifest: dict[str, Any]) -> None:
    """Write the zip Teams expects: manifest.json and the icons at its top level, and nothing else.

    Each entry carries a fixed date, so the same manifest always gives the same bytes.
    """
    icons = resources.files("handlers.teams") / "app_package"
    entries = {"manifest.json": json.dumps(app_manifest, indent=2, ensure_ascii=False).encode() + b"\n"}
    entries |= {name: (icons / name).read_bytes() for name in ICONS.values()}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
