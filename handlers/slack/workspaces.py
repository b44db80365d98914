"""Which Slack workspace a token or a request belongs to.

The workspace is the team id, or the Enterprise Grid org's id for an org-wide install.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.messaging.addresses import SLACK, UNKNOWN_WORKSPACE, Workspace

log = logging.getLogger(__name__)


def slack_workspace_of(team_id: Any, enterprise_id: Any, enterprise_install: Any) -> Workspace:
    """The team, or the Enterprise Grid org for an org-wide install."""
    org_wide = enterprise_install in (True, "true") and enterprise_id
    return Workspace(SLACK, str(enterprise_id if org_wide else team_id or UNKNOWN_WORKSPACE))


def token_workspace(client: WebClient) -> Workspace:
    """The workspace of the client's token (auth.test); not learnt when Slack can't be asked now."""
    try:
        answer = client.auth_test()
    except (SlackClientError, OSError) as error:
        log.debug("could not ask Slack which workspace the bot token belongs to: %s", error)
        return Workspace(SLACK, UNKNOWN_WORKSPACE)
    return slack_workspace_of(answer.get("team_id"), answer.get("enterprise_id"), answer.get("is_enterprise_install"))


def request_workspace(context: BoltContext, fallback: Workspace) -> Workspace:
    """The workspace a request came from, as Bolt read it from the payload (`team_id` or `team.id`,
    `enterprise_id` when `is_enterprise_install`); `fallback` when the payload names none."""
    workspace = slack_workspace_of(context.team_id, context.enterprise_id, context.is_enterprise_install)
    return fallback if workspace.id == UNKNOWN_WORKSPACE else workspace
