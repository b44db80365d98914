"""The bot's own token for the Bot Connector: OAuth 2.0 client credentials, cached until shortly before it expires."""

from __future__ import annotations

import threading
import time

import httpx

from bot.messaging.refusals import MessengerError, Refusal

EARLY = 300.0  # seconds before expiry that a token is renewed
SHORTEST = 60.0  # a token that lives less than EARLY is renewed when half its life is over


class ClientCredentials:
    """Asks the token endpoint once and hands out the same token until it is nearly expired; thread-safe."""

    def __init__(self, http: httpx.Client, url: str, client_id: str, client_secret: str, scope: str) -> None:
        self._http = http
        self._url = url
        self._form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret, "scope": scope}
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    def token(self) -> str:
        with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                self._token, lifetime = self._fetch()
                early = EARLY if lifetime > 2 * EARLY else min(lifetime / 2, SHORTEST)
                self._renew_at = time.monotonic() + lifetime - early
            return self._token

    def forget(self, token: str) -> None:
        """The connector refused `token` (revoked, or expired early): the next call asks for a new one."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _fetch(self) -> tuple[str, float]:
        try:
            response = self._http.post(self._url, data=self._form)
        except httpx.HTTPError as error:
            raise MessengerError(Refusal.TEMPORARY, f"token endpoint: {type(error).__name__}") from error
        if response.status_code in (400, 401, 403):
            raise MessengerError(Refusal.NOT_ALLOWED, f"token endpoint refused the client id or secret ({response.status_code})")
        if response.status_code != 200:
            raise MessengerError(Refusal.TEMPORARY, f"token endpoint: HTTP {response.status_code}")
        try:
            answer = response.json()
            return str(answer["access_token"]), float(answer.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError) as error:
            raise MessengerError(Refusal.TEMPORARY, "token endpoint: an answer without access_token") from error
