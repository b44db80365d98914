"""HTTP mode: POST /slack/events and GET /healthz on a threaded WSGI server (waitress)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context
from waitress import wasyncore
from waitress.server import create_server

from storage.db import Database

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def parse_form(request: BoltRequest) -> None:
    """Re-read a form body the way Slack means it.

    Bolt 1.30 treats any form body that merely contains the word "payload" as an
    interactive payload, and finding no `payload=` field it drops the request (404).
    A slash command such as `/reflect the payload of this change` would be lost.
    """
    if request.raw_body.startswith("{") or request.content_type == "application/json":
        return
    fields = dict(parse_qsl(request.raw_body, keep_blank_values=True))
    request.body = json.loads(fields["payload"]) if "payload" in fields else fields
    request.context = build_context(BoltContext(), request.body)


class CohortbotWsgi(SlackRequestHandler):
    def __init__(self, app: App, db: Database) -> None:
        super().__init__(app, path=EVENTS_PATH)
        self.db = db

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        bolt_request = BoltRequest(body=request.get_body(), query=request.query_string, headers=request.get_headers())
        parse_form(bolt_request)
        return self.app.dispatch(bolt_request)

    def _get_http_response(self, request: WsgiHttpRequest) -> WsgiHttpResponse:
        if request.method == "GET" and request.path == HEALTH_PATH:
            return self._health()
        return super()._get_http_response(request)

    def _health(self) -> WsgiHttpResponse:
        ok = self.db.ping()
        body = json.dumps({"status": "ok" if ok else "degraded", "database": "ok" if ok else "unreachable"})
        return WsgiHttpResponse(status=200 if ok else 503, headers={"content-type": ["application/json"]}, body=body)


class HttpServer:
    """A threaded waitress server whose `stop()` is safe to call from any thread."""

    def __init__(self, app: App, db: Database, *, host: str, port: int, threads: int) -> None:
        self._map: dict[int, Any] = {}
        self._server = create_server(
            CohortbotWsgi(app, db), map=self._map, host=host, port=port, threads=threads, ident="cohortbot"
        )

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve(self) -> None:
        """Serve until `stop()`; port 0 picked a free port, see `port`."""
        self._server.run()

    def stop(self) -> None:
        # Closing happens on the server's own loop thread, which then finds nothing left to serve.
        self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
        self._server.task_dispatcher.shutdown()


def make_server(app: App, db: Database, *, host: str, port: int, threads: int = 16) -> HttpServer:
    return HttpServer(app, db, host=host, port=port, threads=threads)
