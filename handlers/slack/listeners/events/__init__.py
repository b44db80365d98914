from slack_bolt import App

from bot.services import Services
from handlers.slack.listeners.events import app_home_opened


def register(app: App, services: Services) -> None:
    app.event("app_home_opened")(app_home_opened.handler(services))
