from slack_bolt import App

from bot.services import Services
from handlers.slack.blocks import REFLECT_MODAL
from handlers.slack.listeners.views import reflect_modal


def register(app: App, services: Services) -> None:
    app.view(REFLECT_MODAL)(reflect_modal.handler(services))
