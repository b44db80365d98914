from slack_bolt import App

from bot.interaction import dispatch
from bot.services import Services
from handlers.slack.listeners.commands import slash


def register(app: App, services: Services) -> None:
    listener = slash.handler(services)
    for command in dispatch.SLASH_COMMANDS:
        app.command(command)(listener)
