"""The Teams messenger as the settings describe it: its token source, connector and rate limits."""

from __future__ import annotations

import httpx

from bot.config import Settings
from handlers.teams.cloud import endpoints
from handlers.teams.connector import Connector
from handlers.teams.messenger import TeamsMessenger
from handlers.teams.tokens import ClientCredentials
from storage.db import Database

CONNECT_SECONDS = 5.0
ANSWER_SECONDS = 20.0
CONNECTIONS = 64  # a fan-out to many channels at once shares one pool


def http_client() -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(ANSWER_SECONDS, connect=CONNECT_SECONDS),
        limits=httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS),
    )


def teams_messenger(settings: Settings, db: Database) -> TeamsMessenger:
    where = endpoints(settings)
    http = http_client()
    tokens = ClientCredentials(http, where.token_url, settings.teams_client_id, settings.teams_client_secret, where.scope)
    return TeamsMessenger(Connector(tokens, http), db, settings.teams_client_id)
