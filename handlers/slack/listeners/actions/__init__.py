from slack_bolt import App

from bot.interaction import dispatch
from bot.services import Services
from handlers.slack.listeners.actions import button


def register(app: App, services: Services) -> None:
    listener = button.handler(services)
    for action_id in dispatch.ACTIONS:
        app.action(action_id)(listener)
