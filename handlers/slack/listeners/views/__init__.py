import re

from slack_bolt import App

from bot.context import Context
from handlers.slack.listeners.views import form_submission
from handlers.slack.render.form import CALLBACK_PREFIX


def register(app: App, ctx: Context) -> None:
    app.view(re.compile("^" + re.escape(CALLBACK_PREFIX)))(form_submission.handler(ctx))
