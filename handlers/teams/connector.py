"""A small synchronous client for the Bot Connector REST API, with Teams' refusals as the domain's.

Every call carries `Authorization: Bearer <token>` (client credentials, cached). A 429 (with or
without Retry-After) is waited out and tried again, as are 412, 502, 503 and 504 with backoff: the
connector did nothing. A call whose answer was lost (a timeout, a dropped connection) is tried again
only if it changes nothing (GET); otherwise it comes back as UNKNOWN_OUTCOME, never sent twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from bot.messaging.refusals import MessengerError, Refusal
from handlers.teams.limits import Limiter
from handlers.teams.tokens import ClientCredentials

log = logging.getLogger(__name__)

TRIES = 5
FIRST_BACKOFF = 0.5  # seconds; doubled after each passing failure
LONGEST_WAIT = 60.0  # a Retry-After longer than this is not waited out here: the claim retries later
PASSING = frozenset({412, 502, 503, 504})
# The connector's error codes that mean something other than their HTTP status says.
CODES: dict[str, Refusal] = {
    "BotNotInConversationRoster": Refusal.NOT_MEMBER,
    "ConversationBlockedByUser": Refusal.GONE,
    "BotDisabledByAdmin": Refusal.NOT_ALLOWED,
}
STATUSES: dict[int, Refusal] = {
    400: Refusal.GONE,  # e.g. a person not in the tenant any more
    401: Refusal.NOT_ALLOWED,
    403: Refusal.NOT_ALLOWED,
    404: Refusal.GONE,
    429: Refusal.RATE_LIMITED,
}


def path(*parts: str) -> str:
    """A connector path with each id quoted (conversation ids hold `:`, `@` and `;`)."""
    return "/".join(quote(part, safe=":@;=._-") for part in parts)


def refusal(response: httpx.Response) -> MessengerError:
    try:
        code = str(((response.json() or {}).get("error") or {}).get("code") or "")
    except (ValueError, AttributeError):
        code = ""
    reason = CODES.get(code) or STATUSES.get(response.status_code, Refusal.TEMPORARY)
    return MessengerError(reason, f"HTTP {response.status_code} {code}".strip())


def retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers["Retry-After"]))
    except (KeyError, ValueError):
        return None


class Connector:
    def __init__(
        self,
        tokens: ClientCredentials,
        http: httpx.Client,
        *,
        limiter: Limiter | None = None,
        backoff: float = FIRST_BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.tokens = tokens
        self.http = http
        self.limiter = limiter or Limiter()
        self.backoff = backoff
        self.sleep = sleep

    def send(self, service_url: str, tenant: str, conversation: str, method: str, route: str, body: Any = None) -> Any:
        """A call that puts a message in `conversation`: kept within Teams' rate limits first."""
        return self.call(method, service_url, route, body, before=lambda: self.limiter.wait(tenant, conversation))

    def call(
        self,
        method: str,
        service_url: str,
        route: str,
        body: Any = None,
        *,
        repeatable: bool = False,
        before: Callable[[], object] | None = None,
    ) -> Any:
        """Make one call, waiting out rate limits and passing faults. `repeatable`: doing it twice is harmless
        (every GET, and e.g. opening a 1:1 chat), so a lost answer is asked again rather than UNKNOWN_OUTCOME."""
        url = f"{service_url.rstrip('/')}/{route}"
        wait = self.backoff
        refused: MessengerError | None = None
        renewed = False
        for _ in range(TRIES):
            if before is not None:
                before()
            token = self.tokens.token()
            try:
                response = self.http.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"})
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
                refused = MessengerError(Refusal.TEMPORARY, type(error).__name__)  # never sent
            except httpx.TransportError as error:  # sent, but no answer came
                if not (repeatable or method == "GET"):
                    raise MessengerError(Refusal.UNKNOWN_OUTCOME, type(error).__name__) from error
                refused = MessengerError(Refusal.TEMPORARY, type(error).__name__)
            else:
                if response.is_success:
                    return response.json() if response.content else None
                refused = refusal(response)
                if response.status_code == 401 and not renewed:
                    self.tokens.forget(token)
                    renewed, wait = True, 0.0  # once more, with a fresh token
                elif response.status_code == 429:
                    after = retry_after(response)
                    if after is not None and after > LONGEST_WAIT:
                        raise refused
                    wait = wait if after is None else after
                elif response.status_code not in PASSING:
                    raise refused
            log.info("Teams connector %s %s: %s; trying again in %.1fs", method, route, refused, wait)
            self.sleep(wait)
            wait = max(wait * 2, self.backoff)
        assert refused is not None
        raise refused
