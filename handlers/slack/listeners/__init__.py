"""Registers every listener, one module per kind, as in Slack's Bolt starter template."""

from slack_bolt import App

from bot.services import Services
from handlers.slack.listeners import actions, commands, events, views


def register(app: App, services: Services) -> None:
    actions.register(app, services)
    commands.register(app, services)
    events.register(app, services)
    views.register(app, services)
