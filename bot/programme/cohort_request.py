"""Reading `/cohortbot cohort ACTION [NAME] ...`: which cohort is meant, checked for permission, and week numbers."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.interaction.errors import InvalidInput, NotFound
from bot.interaction.exchange import Reply, Request
from bot.people.roles import DELEGATE, ROLES
from bot.programme.cohorts import cohort_at, find_cohort, workspace_of
from bot.programme.schedule import require_facilitator
from storage.models import Cohort


def cohort_for(session: Session, req: Request, args: list[str], numbers: int = 0) -> tuple[Cohort, list[str]]:
    """The cohort named before `numbers` trailing arguments, or this channel's; checked for permission."""
    named = args[: len(args) - numbers] if numbers else args
    rest = args[len(named):]
    if named:
        cohort = find_cohort(session, req.actor.person.scope, " ".join(named))
    else:
        cohort = cohort_at(session, req.actor.place)
        if cohort is None:
            raise InvalidInput("Which cohort? Name it, e.g. `/cohortbot cohort status \"Cohort 1\"`.")
    require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
    return cohort, rest


def on_cohort(operation: Callable[[Session, Cohort], str]) -> Callable[[Request, list[str]], Reply]:
    """A command that runs `operation` on the cohort named (or this channel's) and says what it did."""

    def run(req: Request, args: list[str]) -> Reply:
        with req.ctx.db.write() as session:
            cohort, _ = cohort_for(session, req, args)
            return Reply(text=operation(session, cohort))

    return run


def on_cohort_with(
    what: str, example: str, operation: Callable[..., str], read: Callable[[str], object] = str
) -> Callable[[Request, list[str]], Reply]:
    """A command on a cohort (named, or this channel's) taking one last argument, e.g. `rename [OLD] NEW`."""

    def run(req: Request, args: list[str]) -> Reply:
        if not args:
            raise InvalidInput(f"Say {what}, e.g. `/cohortbot cohort {example}`.")
        with req.ctx.db.write() as session:
            cohort, rest = cohort_for(session, req, args, numbers=1)
            return Reply(text=operation(session, cohort, read(rest[0])))

    return run


def cohort_by_id(session: Session, req: Request, cohort_id: int) -> Cohort:
    """The cohort a button names, if it is of the presser's workspace and they may run it."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or workspace_of(cohort) != req.actor.person.scope:
        raise NotFound("Sorry, that cohort no longer exists.")
    require_facilitator(session, req.actor.person, cohort, admin=req.ctx.is_admin(req.actor.person))
    return cohort


def people_and_role(req: Request, args: list[str], verb: str) -> tuple[list[str], str, list[str]]:
    """`NAME [ROLE] @person ...`: the people's user ids, the role (delegate unless named) and the words of the NAME."""
    people = [(word, user_id) for word in args if (user_id := req.person_named(word))]
    named = {word for word, _ in people}
    role = next((word.lower() for word in args if word.lower() in ROLES), DELEGATE)
    name = [word for word in args if word not in named and word.lower() not in ROLES]
    if not people:
        raise InvalidInput(f"Name the people to {verb}, e.g. `/cohortbot cohort {verb} \"Cohort 1\" delegate @Sam`.")
    return [user_id for _, user_id in people], role, name


def week_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a week number.") from None
