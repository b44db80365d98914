"""Registers every listener, one module per kind, as in Slack's Bolt starter template."""

from slack_bolt import App

from bot.context import Context
from handlers.slack.listeners import actions, commands, events, views


def register(app: App, ctx: Context) -> None:
    actions.register(app, ctx)
    commands.register(app, ctx)
    events.register(app, ctx)
    views.register(app, ctx)
