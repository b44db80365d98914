"""Fill in a person's name and timezone from Slack the first time we meet them."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.context import Context
from bot.messaging.addresses import PersonRef
from bot.people.profiles import needs_profile, update_profile

log = logging.getLogger(__name__)


def learn_profile(ctx: Context, client: WebClient, person: PersonRef) -> None:
    """Best effort: a failure here must never affect what the person asked for."""
    if not needs_profile(ctx.db, person):
        return
    try:
        user = client.users_info(user=person.user_id)["user"]
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", person, error.response.get("error"))
        return
    profile = user.get("profile", {})
    name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name") or ""
    update_profile(ctx.db, person, display_name=name, timezone=user.get("tz"))
