from slack_bolt import App

from bot.context import Context
from bot.interaction import dispatch
from handlers.slack.listeners.actions import button


def register(app: App, ctx: Context) -> None:
    listener = button.handler(ctx)
    for action_id in dispatch.ACTIONS:
        app.action(action_id)(listener)
