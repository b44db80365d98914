"""`/cohortbot coach ...`: facilitators assign coaches to delegates and see who coaches whom."""

from __future__ import annotations

from bot.coaching.assignments import Assigned, assign, assignments_text, queue_announcements
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.programme.cohorts import find_cohort
from bot.programme.commands import may_facilitate
from bot.programme.schedule import require_facilitator

USAGE = (
    "`/cohortbot coach assign NAME --coach @person --delegate @person ...`\n"
    "`/cohortbot coach list NAME`\n"
    "Put a NAME with spaces in quotes."
)


def _people(req: Request, args: list[str], flag: str) -> list[str]:
    """The people named after each `flag`, e.g. `--delegate @Sam --delegate @Ada`."""
    named = []
    for index, word in enumerate(args):
        if word == flag:
            user_id = req.person_named(args[index + 1]) if index + 1 < len(args) else None
            if user_id is None:
                raise InvalidInput(f"Name a person after {flag}, e.g. `{flag} @Sam`.")
            named.append(user_id)
    return named


def _name(args: list[str]) -> str:
    words = []
    for index, word in enumerate(args):
        if word.startswith("--") or (index and args[index - 1].startswith("--")):
            continue
        words.append(word)
    if not words:
        raise InvalidInput('Which cohort? Name it, e.g. `/cohortbot coach list "Cohort 1"`.')
    return " ".join(words)


def _assign(req: Request, args: list[str]) -> Reply:
    coaches, delegates = _people(req, args, "--coach"), _people(req, args, "--delegate")
    if len(coaches) != 1 or not delegates:
        raise InvalidInput("Name one coach and at least one delegate, e.g.\n" + USAGE)
    with req.ctx.db.write() as session:
        cohort = find_cohort(session, req.actor.person.scope, _name(args))
        require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
        done: list[Assigned] = [assign(session, cohort, coaches[0], delegate, by=req.actor.person) for delegate in delegates]
        queued = queue_announcements(session, done)
    return Reply(
        text=f"{len(done)} delegate(s) in {done[0].cohort} now have this coach; I've told them by DM.", queued=queued
    )


def _list(req: Request, args: list[str]) -> Reply:
    with req.ctx.db.read() as session:
        cohort = find_cohort(session, req.actor.person.scope, _name(args))
        require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
        return Reply(text=assignments_text(session, cohort))


def coach_command(req: Request, args: list[str]) -> Reply:
    action = {"assign": _assign, "list": _list}.get(args[0].lower()) if args else None
    return action(req, args[1:]) if action else Reply(text=USAGE)


SUBCOMMANDS = (
    Subcommand(
        "coach", "coach assign|list", "give delegates a coach (`/cohortbot coach` shows how)", coach_command, may_facilitate
    ),
)
