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


def make_server(app: App, db: Database, *, host: str, port: int, threads: int = 16) -> Any:
    """A waitress server (call `.run()` to serve, `.close()` to stop); port 0 picks a free port."""
    return create_server(CohortbotWsgi(app, db), host=host, port=port, threads=threads, ident="cohortbot")
