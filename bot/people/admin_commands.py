"""`/cohortbot admins ...`: what an admin decides for their own workspace."""

from __future__ import annotations

from bot.interaction.errors import NotAllowed
from bot.interaction.exchange import Reply, Request
from bot.interaction.subcommands import Subcommand
from bot.people.admins import allow_facilitators_to_create, facilitators_may_create, who_creates
from bot.people.roles import FACILITATOR, has_any_role

ALLOW_CREATE = "allow-facilitators-to-create"
SWITCH = {"on": True, "off": False}
USAGE = f"`/cohortbot admins {ALLOW_CREATE} on|off`: let this workspace's facilitators create cohorts, or only admins"


def is_admin(req: Request) -> bool:
    return req.ctx.is_admin(req.actor.person)


def may_create(req: Request) -> bool:
    """Admins; facilitators too where an admin allows it (`admins allow-facilitators-to-create on`)."""
    if is_admin(req):
        return True
    if not facilitators_may_create(req.ctx.db, req.actor.person.scope):
        return False
    with req.ctx.db.read() as session:
        return has_any_role(session, req.actor.person, FACILITATOR)


def require_create(req: Request) -> None:
    if not may_create(req):
        raise NotAllowed("Sorry, only an admin can create cohorts here. An admin can allow facilitators to create them too.")


def admins_command(req: Request, args: list[str]) -> Reply:
    if not is_admin(req):
        raise NotAllowed("Sorry, only admins can do that.")
    workspace = req.actor.person.scope
    if len(args) == 2 and args[0].lower() == ALLOW_CREATE and args[1].lower() in SWITCH:
        allowed = SWITCH[args[1].lower()]
        changed = allow_facilitators_to_create(req.ctx.db, workspace, allowed)
        return Reply(text=("Done. " if changed else "Nothing to change. ") + who_creates(allowed))
    return Reply(text=f"{who_creates(facilitators_may_create(req.ctx.db, workspace))}\n{USAGE}")


SUBCOMMANDS = (
    Subcommand("admins", f"admins {ALLOW_CREATE} on|off", "decide who may create cohorts here", admins_command, is_admin),
)
