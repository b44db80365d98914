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


JOURNAL = "/journal"
EXPORT_IN_CHANNEL = (
    "Workbooks hold people's words, so I send them only in our personal chat. "
    "Open a chat with me (select my name, then **Chat**) and type `cohortbot export` there."
)


def is_export(command: tuple[str, str] | None) -> bool:
    """`cohortbot export ...`: a workbook, which Teams can only hand over in a personal chat (file consent)."""
    return command is not None and command[0] == "/cohortbot" and command[1].lower().split()[:1] == ["export"]
