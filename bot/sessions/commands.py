"""`/cohortbot session ...`: facilitators add, list, cancel and move a cohort's sessions."""

from __future__ import annotations

from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.programme.cohorts import find_cohort
from bot.programme.commands import may_facilitate
from bot.programme.schedule import require_facilitator
from bot.sessions.invitations import describe, queue_change
from bot.sessions.planning import (
    SessionDetails,
    add_session,
    cancel_session,
    find_session,
    move_session,
    sessions_text,
)

FLAGS = ("--at", "--title", "--minutes", "--place", "--link")
USAGE = (
    '`/cohortbot session add NAME --at "YYYY-MM-DD HH:MM" --title TEXT [--minutes N] [--place TEXT | --link URL]`\n'
    "`/cohortbot session list NAME`\n"
    "`/cohortbot session cancel NAME NUMBER`\n"
    '`/cohortbot session move NAME NUMBER --at "YYYY-MM-DD HH:MM"`\n'
    "Times are in the cohort's timezone. Put a NAME or TEXT with spaces in quotes."
)


def split_flags(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """Plain words, and the value after each known flag."""
    words: list[str] = []
    flags: dict[str, str] = {}
    index = 0
    while index < len(args):
        word = args[index]
        if word in FLAGS:
            if index + 1 >= len(args):
                raise InvalidInput(f"{word} needs a value after it.\n{USAGE}")
            flags[word[2:]] = args[index + 1]
            index += 2
        elif word.startswith("--"):
            raise InvalidInput(f"I don't know {word}.\n{USAGE}")
        else:
            words.append(word)
            index += 1
    return words, flags


def details_from(flags: dict[str, str]) -> SessionDetails:
    if "at" not in flags or "title" not in flags:
        raise InvalidInput(f"A session needs --at and --title.\n{USAGE}")
    minutes = flags.get("minutes", "90")
    if not minutes.isdigit():
        raise InvalidInput("--minutes must be a whole number, e.g. 90.")
    return SessionDetails(flags["title"], flags["at"], int(minutes), flags.get("place"), flags.get("link"))


def session_command(req: Request, args: list[str]) -> Reply:
    action = args[0].lower() if args else ""
    words, flags = split_flags(args[1:])
    if action not in ("add", "list", "cancel", "move"):
        return Reply(text=USAGE)
    if not words:
        raise InvalidInput(f"Which cohort?\n{USAGE}")
    with req.ctx.db.write() as session:
        name = " ".join(words[:-1] if action in ("cancel", "move") else words)
        cohort = find_cohort(session, req.actor.person.scope, name)
        require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
        if action == "list":
            return Reply(text=sessions_text(session, cohort))
        if action == "add":
            added = add_session(session, cohort, details_from(flags))
            return Reply(text=f"Added session {added.id}: {describe(added)}. Invitations go out by DM in a moment.")
        planned = find_session(session, cohort, words[-1])
        if action == "cancel":
            change = cancel_session(session, planned)
        elif "at" in flags:
            change = move_session(session, planned, flags["at"])
        else:
            raise InvalidInput(f"Say when, with --at.\n{USAGE}")
        return Reply(text=change.reply, queued=(queue_change(session, change),))


SUBCOMMANDS = (
    Subcommand(
        "session",
        "session add|list|cancel|move",
        "plan cohort sessions (`/cohortbot session` shows how)",
        session_command,
        may_facilitate,
    ),
)
