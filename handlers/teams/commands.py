"""Commands are messages in Teams: `reflect <text>`, `evidence <text>`, `confidence`, `journal`, `coach ...`,
`cohortbot ...` and `help`, in the personal chat or after @mentioning the bot in a channel; any case, a
leading `/` accepted. Each becomes the same slash command the Slack front end dispatches."""

from __future__ import annotations

from bot.interaction.dispatch import SLASH_COMMANDS

HELP = ("/cohortbot", "help")
INTRO = "Hello! Type a command here, e.g. `reflect What I tried this week`, `journal` or `help`."


def as_command(text: str) -> tuple[str, str] | None:
    """The slash command and its text that a message asks for; None for anything else."""
    words = text.split(maxsplit=1)
    if not words:
        return None
    name, rest = "/" + words[0].lower().lstrip("/"), words[1] if len(words) > 1 else ""
    if name == "/help":
        return HELP
    if name in SLASH_COMMANDS:
        return name, rest.strip()
    return None
