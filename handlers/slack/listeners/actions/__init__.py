from slack_bolt import App

from bot.context import Context
from bot.interaction import dispatch
from handlers.slack.listeners.actions import button
from handlers.slack.listeners.names import any_of


def register(app: App, ctx: Context) -> None:
    app.action(any_of(dispatch.ACTIONS))(button.handler(ctx))
