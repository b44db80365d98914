"""Teams people and channels named on the command line: a channel's tenant, and a person found in a team's roster."""

from __future__ import annotations

from bot.config import ConfigError
from bot.context import Context
from bot.interaction.errors import UserError
from bot.messaging.addresses import TEAMS, Workspace
from bot.messaging.refusals import MessengerError, Refusal
from handlers.teams import conversations
from handlers.teams.messenger import teams_of
from handlers.teams.people import USER_ID
from storage.db import Database
from storage.models import Cohort

NOT_IN_TEAM = (
    "I'm not in the team of channel {channel} yet. In Teams, add the cohortbot app to that team "
    "(the team's ... menu > Manage team > Apps), then try again."
)


def channel_workspace(db: Database, channel: str) -> Workspace:
    """The Microsoft Entra tenant of a channel the bot is in; a clear refusal when it is in no such team."""
    tenant = conversations.tenant_of_channel(db, channel)
    if tenant is None:
        raise UserError(NOT_IN_TEAM.format(channel=channel))
    return Workspace(TEAMS, tenant)


def roster_user_id(ctx: Context, cohort: Cohort, who: str) -> str:
    """The Teams user id of `who` in the team of the cohort's channel: a user id as it is; a Microsoft Entra
    object id or an email looked up in the team's roster."""
    if USER_ID.fullmatch(who):
        return who
    where = conversations.known(ctx.db, cohort.workspace, cohort.conversation or "", conversations.CHANNEL)
    if not ctx.settings.teams:
        raise ConfigError(
            "TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET are not set (looking people up in Teams needs them). "
            "Set them in the environment or in .env; see .env.example."
        )
    if where is None or where.team is None:
        raise UserError(f"{cohort.name} has no Teams channel I'm in, so I can't look {who} up. Use their Teams user id (29:...).")
    try:
        member = teams_of(ctx.messenger).member_of(where.service_url, where.team, who)
    except MessengerError as error:
        if error.reason is Refusal.GONE:
            raise UserError(f"{who} is not in the team of {cohort.name}'s channel. Check it, or add them to the team.") from None
        raise UserError(f"I couldn't look {who} up in Teams ({error}). Try again, or use their Teams user id (29:...).") from None
    return str(member["id"])
