"""`app_uninstalled` and `tokens_revoked`: the workspace's installation is forgotten, so its deliveries stop.

Its cohorts, people and entries stay until an admin erases them; installing the app again picks them up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.context import NOT_LEARNT
from handlers.slack.installations import InstallationStore
from handlers.slack.workspaces import request_workspace

log = logging.getLogger(__name__)


def app_uninstalled(store: InstallationStore) -> Callable[..., None]:
    def handle(context: BoltContext) -> None:
        workspace = request_workspace(context, fallback=NOT_LEARNT)
        store.remove(workspace)
        log.info(
            "cohortbot was uninstalled from %s: nothing more is sent there; its data stays until an admin erases it", workspace.id
        )

    return handle


def tokens_revoked(store: InstallationStore) -> Callable[..., None]:
    def handle(event: dict[str, Any], context: BoltContext) -> None:
        if not (event.get("tokens") or {}).get("bot"):
            return  # only people's own tokens, which cohortbot never asks for
        workspace = request_workspace(context, fallback=NOT_LEARNT)
        store.remove(workspace)
        log.info("cohortbot's token for %s was revoked: nothing more is sent there until it is installed again", workspace.id)

    return handle
