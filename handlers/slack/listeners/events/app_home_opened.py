"""The Home tab opened: publish the person's journal there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.home import publish_home
from bot.services import Services
from handlers.slack.messenger import SlackMessenger


def handler(services: Services) -> Callable[..., None]:
    def home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        publish_home(services, SlackMessenger(client), event["user"])

    return home_opened
