"""The bot added to (or removed from) a team or a personal chat: remember where it may speak later."""

from __future__ import annotations

import logging

from bot.messaging.refusals import MessengerError
from handlers.teams import conversations
from handlers.teams.activity import CHANNEL, PERSONAL, Activity
from handlers.teams.messenger import TeamsMessenger
from storage.db import Database

log = logging.getLogger(__name__)


def is_install(activity: Activity) -> bool:
    if activity.type == "installationUpdate":
        return str(activity.body.get("action") or "").startswith("add")
    added = activity.body.get("membersAdded") or []
    return activity.type == "conversationUpdate" and any(m.get("id") == activity.bot_id for m in added if isinstance(m, dict))


def is_removal(activity: Activity) -> bool:
    if activity.type == "installationUpdate":
        return str(activity.body.get("action") or "").startswith("remove")
    removed = activity.body.get("membersRemoved") or []
    return activity.type == "conversationUpdate" and any(m.get("id") == activity.bot_id for m in removed if isinstance(m, dict))


def learn(db: Database, activity: Activity) -> None:
    """Remember the conversation an activity came from (every activity: service URLs can change)."""
    if not activity.tenant or not activity.service_url:
        return
    if activity.kind == CHANNEL and activity.channel:
        conversations.remember(
            db, activity.tenant, activity.channel, activity.service_url, kind=conversations.CHANNEL, team=activity.team
        )
    elif activity.kind == PERSONAL and activity.sender is not None:
        conversations.remember(
            db,
            activity.tenant,
            activity.conversation,
            activity.service_url,
            kind=conversations.PERSONAL,
            user_id=activity.sender.user_id,
        )


def installed(db: Database, teams: TeamsMessenger, activity: Activity) -> None:
    """Added to a team: every channel of it is stored (through the roster of channels); to a chat: that chat."""
    learn(db, activity)
    team = activity.team
    if team is None:
        return
    try:
        channels = teams.channels(activity.service_url, team)
    except MessengerError as error:
        log.warning("could not list the channels of team %s: %s", team, error)
        channels = [{"id": team}]
    for channel in channels:
        conversations.remember(
            db,
            activity.tenant,
            str(channel["id"]),
            activity.service_url,
            kind=conversations.CHANNEL,
            team=team,
            name=channel.get("name") or ("General" if channel["id"] == team else ""),
        )
    log.info("added to team %s in tenant %s: %d channel(s)", team, activity.tenant, len(channels))


def removed(db: Database, activity: Activity) -> None:
    if activity.team:
        conversations.forget_team(db, activity.tenant, activity.team)
        log.info("removed from team %s in tenant %s", activity.team, activity.tenant)


def channel_event(db: Database, activity: Activity) -> None:
    """A channel created, renamed or deleted in a team the bot is in: kept in step."""
    event = str(activity.body.get("channelData", {}).get("eventType") or "")
    channel = activity.body.get("channelData", {}).get("channel") or {}
    if not (activity.team and channel.get("id") and activity.tenant):
        return
    if event in ("channelCreated", "channelRenamed", "channelRestored"):
        conversations.remember(
            db,
            activity.tenant,
            channel["id"],
            activity.service_url,
            kind=conversations.CHANNEL,
            team=activity.team,
            name=channel.get("name"),
        )
    elif event == "channelDeleted":
        conversations.forget_channel(db, activity.tenant, channel["id"])
