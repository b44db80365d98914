"""`POST /api/messages` and `GET /healthz` for Teams, on the same threaded waitress server as Slack's.

A request is read with the 1 MB limit before anything else, its JWT checked before its body is
parsed, and only then handed to the bot; anything refused gets its status and nothing is stored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from bot.context import Context
from handlers.health import health
from handlers.teams.auth import BotFrameworkTokens, check_service_url
from handlers.teams.front import TeamsBot
from handlers.web import HEALTH_PATH, HttpServer, Refused, read_body

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
DEFAULT_PORT = 3978
JSON = [("Content-Type", "application/json; charset=utf-8")]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
}


def _status(code: int) -> str:
    return f"{code} {REASONS.get(code, 'Service Unavailable' if code == 503 else 'Error')}"


class TeamsWsgi:
    def __init__(self, ctx: Context, bot: TeamsBot, tokens: BotFrameworkTokens | None) -> None:
        self.ctx = ctx
        self.bot = bot
        self.tokens = tokens  # None: TEAMS_ALLOW_UNAUTHENTICATED, nothing is checked

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if path == HEALTH_PATH and method == "GET":
            return self._health(start_response)
        if path != MESSAGES_PATH:
            return self._answer(start_response, 404)
        if method != "POST":
            return self._answer(start_response, 405)
        try:
            activity = self._activity(environ)
        except Refused as refusal:
            log.warning("refused a request to %s (%s): %s", MESSAGES_PATH, refusal.status, refusal)
            return self._answer(start_response, refusal.status)
        try:
            status, body = self.bot.handle(activity)
        except Exception:  # e.g. the database is down: Teams sends the activity again later
            log.exception("could not handle a %s activity", activity.get("type"))
            return self._answer(start_response, 503)
        return self._answer(start_response, status, body)

    def _activity(self, environ: dict[str, Any]) -> dict[str, Any]:
        raw = read_body(environ["wsgi.input"], environ.get("CONTENT_LENGTH"))
        claims = self.tokens.check(environ.get("HTTP_AUTHORIZATION")) if self.tokens else None
        try:
            activity = json.loads(raw)
        except (ValueError, RecursionError):
            raise Refused(400, "the body is not JSON") from None
        if not isinstance(activity, dict):
            raise Refused(400, "the body is not an activity")
        if claims is not None:
            check_service_url(claims, activity.get("serviceUrl"))
        return activity

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        return self._answer(start_response, *health(self.ctx.db, self.ctx.replica))

    @staticmethod
    def _answer(start_response: StartResponse, status: int, body: dict[str, Any] | None = None) -> Iterable[bytes]:
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        start_response(_status(status), [*JSON, ("Content-Length", str(len(payload)))])
        return [payload]


def make_server(
    ctx: Context, bot: TeamsBot, tokens: BotFrameworkTokens | None, *, host: str, port: int, threads: int = 16
) -> HttpServer:
    return HttpServer(TeamsWsgi(ctx, bot, tokens), host=host, port=port, threads=threads)
