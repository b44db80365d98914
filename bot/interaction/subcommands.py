"""/cohortbot: help, and the facilitators', evaluators' and admins' subcommands."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Reply, Request

Audience = Callable[[Request], bool]


def everyone(req: Request) -> bool:
    return True


@dataclass(frozen=True)
class Subcommand:
    name: str
    usage: str
    summary: str
    run: Callable[[Request, list[str]], Reply]
    audience: Audience = everyone
    free_text: bool = False  # hand over the rest of the line as typed, as one argument


def help_reply(req: Request, table: Sequence[Subcommand]) -> Reply:
    lines = [
        "**What you can do with cohortbot**",
        "`/reflect [text]`: write a reflection in your journal",
        "`/evidence [text]`: log something you applied at work",
        "`/confidence`: rate your confidence with digital (baseline, midpoint, final)",
        "`/journal`: see your recent entries",
        "`/coach [what you'd like help with]`: ask your coach for a 1-2-1 (`/coach help` for more)",
        "`/cohortbot help`: show this list",
    ]
    lines += [f"`/cohortbot {sub.usage}`: {sub.summary}" for sub in table if sub.audience(req)]
    return Reply(text="\n".join(lines))


def run_subcommand(req: Request, text: str, table: Sequence[Subcommand]) -> Reply:
    """`/cohortbot NAME ARGS`: the subcommand of `table` called NAME; help when there is none."""
    words = text.split(maxsplit=1)
    if not words or words[0].lower() == "help":
        return help_reply(req, table)
    name, rest = words[0].lower(), words[1] if len(words) > 1 else ""
    for sub in table:
        if sub.name == name:
            return sub.run(req, _arguments(sub, rest))
    return Reply(text=f"I don't know `{name}`. Type `/cohortbot help` to see what you can do.")


def _arguments(sub: Subcommand, rest: str) -> list[str]:
    if sub.free_text:
        return [rest.strip()] if rest.strip() else []
    try:
        return shlex.split(rest)
    except ValueError:
        raise InvalidInput("I couldn't read that: a quotation mark is missing its pair.") from None
