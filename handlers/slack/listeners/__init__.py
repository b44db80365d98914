"""Registers every listener, one module per kind, as in Slack's Bolt starter template."""

from slack_bolt import App

from bot.services import Services
from handlers.slack.listeners import commands, views


def register(app: App, services: Services) -> None:
    commands.register(app, services)
    views.register(app, services)
