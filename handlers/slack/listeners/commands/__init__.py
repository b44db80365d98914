from slack_bolt import App

from bot.context import Context
from bot.interaction import dispatch
from handlers.slack.listeners.commands import slash


def register(app: App, ctx: Context) -> None:
    listener = slash.handler(ctx)
    for command in dispatch.SLASH_COMMANDS:
        app.command(command)(listener)
