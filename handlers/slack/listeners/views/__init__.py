import re

from slack_bolt import App

from bot.services import Services
from handlers.slack.listeners.views import form_submission
from handlers.slack.render.form import CALLBACK_PREFIX


def register(app: App, services: Services) -> None:
    app.view(re.compile("^" + re.escape(CALLBACK_PREFIX)))(form_submission.handler(services))
