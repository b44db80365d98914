from slack_bolt import App

from bot.services import Services
from handlers.slack.listeners.commands import reflect


def register(app: App, services: Services) -> None:
    app.command("/reflect")(reflect.handler(services))
