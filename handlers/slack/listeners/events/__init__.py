from slack_bolt import App

from bot.context import Context
from handlers.slack.listeners.events import app_home_opened, direct_message


def register(app: App, ctx: Context) -> None:
    app.event("app_home_opened")(app_home_opened.handler(ctx))
    app.event("message")(direct_message.handler(ctx))
