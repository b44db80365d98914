"""`cohortbot workspaces`, and the workspace every other command works in (`--workspace`).

With one bot token there is one workspace, the token's. With Slack's install flow there may be many:
a command that names or creates a cohort works in the one installed workspace, or, when there are
several, in the one named with `--workspace`.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from bot.config import ConfigError, Settings
from bot.context import Context
from bot.messaging.addresses import SLACK, TEAMS, UNKNOWN_WORKSPACE, Workspace
from handlers.bootstrap import bootstrap
from handlers.cli.arguments import ENTRA_OBJECT_ID, WORKSPACE
from handlers.slack.installations import Installed, installation_store
from handlers.teams import conversations

NOT_INSTALLED = (
    "cohortbot is not installed in any Slack workspace yet. "
    "Start it with `cohortbot run --http` and open /slack/install on it to install it."
)


NO_WORKSPACE = (
    "No workspace yet: set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID for many), or add the Teams app to a team; see .env.example."
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("workspaces", help="list the Slack workspaces and Teams tenants cohortbot works in")
    parser.set_defaults(func=list_command)


def add_workspace_option(parser: argparse.ArgumentParser, *, below: bool = False) -> None:
    """`--workspace ID`; `below` a command that takes it too, so either place may name it."""
    parser.add_argument(WORKSPACE[0], **WORKSPACE[1], **({"default": argparse.SUPPRESS} if below else {}))


def add_workspace_options(actions: argparse._SubParsersAction) -> None:
    """`--workspace ID` on every command of `actions` (each names or creates a cohort)."""
    for parser in actions.choices.values():
        add_workspace_option(parser)


def installed(ctx: Context) -> list[Installed]:
    return installation_store(ctx.settings, ctx.db).installed() if ctx.settings.oauth else []


def _which_of(ctx: Context) -> str:
    found = installed(ctx)
    if not found:
        return NOT_INSTALLED
    listed = ", ".join(f"{one.workspace.id} ({one.name})" for one in found)
    example = found[0].workspace.id
    return f"cohortbot is installed in {len(found)} Slack workspaces: {listed}. Name one, e.g. --workspace {example}."


def command_workspace(ctx: Context, named: str | None) -> Workspace:
    """The workspace named with --workspace (a Slack team or org, or a Teams tenant by its Entra id), else the
    bot's own (its token's, or the one installed); with several installed, the command must name one."""
    if named:
        named = named.strip()
        return Workspace(TEAMS if ENTRA_OBJECT_ID.fullmatch(named) else SLACK, named)
    if ctx.settings.oauth and ctx.workspace.id == UNKNOWN_WORKSPACE:
        raise ConfigError(_which_of(ctx))
    return ctx.workspace


def chosen_workspace(named: str | None, ctx: Context) -> Workspace:
    """As `command_workspace`, but a workspace must be known (a person is named in one)."""
    workspace = command_workspace(ctx, named)
    if workspace.id == UNKNOWN_WORKSPACE:
        raise ConfigError("Which workspace? Set SLACK_BOT_TOKEN, or name it with --workspace T0123ABCD.")
    return workspace


def cli_context(settings: Settings, args: argparse.Namespace) -> Context:
    """The bot's context, working in the workspace the command names or the bot's own."""
    ctx = bootstrap(settings)
    return replace(ctx, workspace=command_workspace(ctx, getattr(args, "workspace", None)))


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    ctx = bootstrap(settings)
    tenants = conversations.tenants(ctx.db)
    for tenant, teams in tenants:
        print(f"{tenant}\tMicrosoft Teams tenant\tin {teams} team{'' if teams == 1 else 's'}")
    if ctx.settings.oauth:
        _list_installed(ctx)
    elif ctx.workspace.platform == SLACK and ctx.workspace.id != UNKNOWN_WORKSPACE:
        print(f"{ctx.workspace.id}\tthe bot token's workspace")
    elif not tenants:
        print(NO_WORKSPACE)
    return 0


def _list_installed(ctx: Context) -> None:
    found = installed(ctx)
    if not found:
        print(NOT_INSTALLED)
    for one in found:
        kind = "Enterprise Grid org (org-wide install)" if one.enterprise else "workspace"
        print(f"{one.workspace.id}\t{one.name}\tinstalled {one.installed_at:%Y-%m-%d %H:%M} UTC\t{kind}")
