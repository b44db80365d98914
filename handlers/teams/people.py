"""People in Teams: their names, a typed word naming one, and admins named by email in COHORTBOT_ADMINS."""

from __future__ import annotations

import logging
import re

from bot.context import Context
from bot.messaging.addresses import PersonRef
from bot.messaging.markup import PERSON
from bot.messaging.refusals import MessengerError
from bot.people.admins import add_admin, is_workspace_admin
from bot.people.profiles import needs_profile, update_profile
from handlers.teams.activity import Activity
from handlers.teams.messenger import TeamsMessenger

log = logging.getLogger(__name__)

USER_ID = re.compile(r"29:[\w\-]+")  # a Teams user id typed bare


def person_named(word: str) -> str | None:
    """The Teams user a word of a command names: a mention (already a person reference) or a bare user id."""
    if match := PERSON.fullmatch(word):
        return match.group(1)
    return word if USER_ID.fullmatch(word) else None


def learn_name(ctx: Context, activity: Activity, person: PersonRef) -> None:
    """Teams names the sender in every activity: remembered the first time, and the timezone their client gives."""
    if activity.sender_name and needs_profile(ctx.db, person):
        update_profile(ctx.db, person, display_name=activity.sender_name, timezone=activity.body.get("localTimezone"))


def admin_emails(ctx: Context) -> frozenset[str]:
    return frozenset(name.lower() for name in ctx.settings.cohortbot_admins if "@" in name)


def recognise_admin(ctx: Context, teams: TeamsMessenger, activity: Activity, person: PersonRef, seen: set[PersonRef]) -> None:
    """An admin named by email in COHORTBOT_ADMINS becomes an admin of their tenant (a row) when first heard from.

    Teams does not send the email with an activity, so it is read from the conversation's roster, once
    per person and process (`seen`).
    """
    emails = admin_emails(ctx)
    if not emails or person in seen or is_workspace_admin(ctx.db, person):
        return
    seen.add(person)
    roster = activity.team or activity.conversation
    try:
        member = teams.member_of(activity.service_url, roster, person.user_id)
    except MessengerError as error:
        log.warning("could not read %s in the roster of %s: %s", person, roster, error)
        return
    named = {str(member.get(key) or "").lower() for key in ("email", "userPrincipalName")}
    if named & emails:
        add_admin(ctx.db, person)
        log.info("%s is an admin of tenant %s (COHORTBOT_ADMINS names their email)", person.user_id, person.workspace)
