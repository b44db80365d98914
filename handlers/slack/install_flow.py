"""Slack's install flow (OAuth v2) through Bolt's OAuthSettings: GET /slack/install and /slack/oauth_redirect.

`/slack/install` shows an "Add to Slack" link to Slack's authorize page with the client id, the
bot scopes and a fresh state (also set as a cookie, so the way back must come in the same
browser). `/slack/oauth_redirect` checks and uses up the state, swaps the code for the bot token
with `oauth.v2.access` on SLACK_API_URL, stores the installation (tokens sealed) and says so on a
short page. The person who installed it becomes the workspace's first admin.
"""

from __future__ import annotations

import html
import logging

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.context import Context
from bot.people.admins import add_admin, admins_of
from handlers.slack.installations import STATE_SECONDS, InstallationStore, OAuthStateStore
from handlers.slack.workspaces import slack_workspace_of

log = logging.getLogger(__name__)

# The bot scopes of manifest.yml (a test keeps the two the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "channels:read",
    "channels:join",
    "channels:history",
    "groups:read",
    "groups:history",
    "im:write",
    "mpim:write",
    "im:history",
    "users:read",
    "files:write",
)

# Why an install did not finish, in words for the person who tried (Bolt's reasons as keys).
FAILURES = {
    "access_denied": "the install was cancelled in Slack",
    "invalid_browser": "the link was opened in a different browser from the one that started the install",
    "invalid_state": "the link has expired or was already used",
    "missing_code": "Slack did not send the code the install needs",
    "invalid_code": "Slack did not accept the install's code",
    "storage_error": "the installation could not be saved",
}


def _page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    )


def _html(status: int, body: str) -> BoltResponse:
    return BoltResponse(status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"})


def installed_page(ctx: Context, args: SuccessArgs) -> BoltResponse:
    """Thank the installer, who becomes the workspace's first admin if it has none yet."""
    installation = args.installation
    workspace = slack_workspace_of(installation.team_id, installation.enterprise_id, installation.is_enterprise_install)
    name = installation.enterprise_name if installation.is_enterprise_install else installation.team_name
    first = not admins_of(ctx.db, workspace)
    if first:
        add_admin(ctx.db, workspace.person(installation.user_id))
    log.info("cohortbot was installed in %s", workspace.id)
    admin = "You are its first admin: you decide who may create cohorts. " if first else ""
    return _html(
        200,
        _page(
            "cohortbot is installed",
            f"Thank you. cohortbot is now installed in {html.escape(name or workspace.id)}.",
            f"{admin}Type <code>/cohortbot help</code> in Slack to begin. You may close this page.",
        ),
    )


def failed_page(args: FailureArgs) -> BoltResponse:
    """Say politely why the install did not finish; nothing was installed."""
    why = FAILURES.get(args.reason, "something went wrong on the way back from Slack")
    log.warning("an install of cohortbot did not finish: %s", args.reason)
    return _html(
        args.suggested_status_code,
        _page(
            "cohortbot was not installed",
            f"Sorry, the install did not finish: {why}. Nothing was changed.",
            f'Please <a href="{args.settings.install_path}">start the install again</a>.',
        ),
    )


def oauth_settings(ctx: Context, store: InstallationStore) -> OAuthSettings:
    settings = ctx.settings
    flow = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=OAuthStateStore(ctx.db),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=lambda args: installed_page(ctx, args), failure=failed_page),
        logger=log,
    )
    # Each request still finds its workspace's bot in the store (so an uninstalled workspace is refused at
    # once), but what auth.test says about a token is kept, sparing a call to Slack before every ack.
    flow.authorize.cache_enabled = True  # type: ignore[attr-defined]
    return flow
