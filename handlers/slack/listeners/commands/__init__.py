from slack_bolt import App

from bot.context import Context
from bot.interaction import dispatch
from handlers.slack.listeners.commands import slash
from handlers.slack.listeners.names import any_of


def register(app: App, ctx: Context) -> None:
    app.command(any_of(dispatch.SLASH_COMMANDS))(slash.handler(ctx))
