"""Fill in a person's name and timezone from Slack the first time we meet them.

Whether someone still needs a name is looked up at most once an hour a person and process
(`CHECK_EVERY`), so a busy delegate's requests cost neither a read nor a `users.info` call each;
a lookup that failed is tried again after the same hour.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import clock
from bot.context import Context
from bot.messaging.addresses import PersonRef
from bot.people.profiles import needs_profile, update_profile

log = logging.getLogger(__name__)
CHECK_EVERY = timedelta(hours=1)
MAX_PEOPLE = 100_000  # then start again empty


class ProfileChecks:
    """When each person's profile was last looked at; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked: dict[PersonRef, datetime] = {}

    def due(self, person: PersonRef, now: datetime) -> bool:
        with self._lock:
            checked = self._checked.get(person)
        return checked is None or now - checked >= CHECK_EVERY

    def claim(self, person: PersonRef, now: datetime) -> bool:
        """True for the one caller that should look now; noted, so others wait for the next hour."""
        with self._lock:
            checked = self._checked.get(person)
            if checked is not None and now - checked < CHECK_EVERY:
                return False
            if len(self._checked) >= MAX_PEOPLE:
                self._checked.clear()
            self._checked[person] = now
            return True


def _checks(ctx: Context) -> ProfileChecks:
    return ctx.db.memo("slack-profile-checks", ProfileChecks)


def profile_due(ctx: Context, person: PersonRef) -> bool:
    """Whether `learn_profile` would look at this person now."""
    return _checks(ctx).due(person, clock.now())


def learn_profile(ctx: Context, client: WebClient, person: PersonRef) -> None:
    """Best effort: a failure here must never affect what the person asked for."""
    if not _checks(ctx).claim(person, clock.now()) or not needs_profile(ctx.db, person):
        return
    try:
        user = client.users_info(user=person.user_id)["user"]
    except SlackApiError as error:
        log.warning("users.info failed for %s: %s", person, error.response.get("error"))
        return
    profile = user.get("profile", {})
    name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name") or ""
    update_profile(ctx.db, person, display_name=name, timezone=user.get("tz"))
