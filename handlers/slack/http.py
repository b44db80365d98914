"""HTTP mode: POST /slack/events and GET /healthz on a threaded WSGI server (waitress)."""

from __future__ import annotations

import json
import logging

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context

from bot.delivery.leases import Replica
from handlers.health import health
from handlers.slack.inbound import check
from handlers.web import HEALTH_PATH, HttpServer, Refused
from storage.db import Database

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
WSGI_THREADS = 8


class CohortbotWsgi(SlackRequestHandler):
    def __init__(self, app: App, db: Database, signing_secret: str, replica: Replica | None = None) -> None:
        super().__init__(app, path=EVENTS_PATH)
        self.db = db
        self.signing_secret = signing_secret
        self.replica = replica

    def _get_http_response(self, request: WsgiHttpRequest) -> WsgiHttpResponse:
        if request.method == "GET" and request.path == HEALTH_PATH:
            return self._health()
        if request.method == "POST" and request.path == EVENTS_PATH:
            return self._events(request)
        return super()._get_http_response(request)

    def _events(self, request: WsgiHttpRequest) -> WsgiHttpResponse:
        environ = request.environ
        headers = {name: str(value) for name, value in request.get_headers().items()}
        try:
            inbound = check(
                self.signing_secret, environ["wsgi.input"], headers, environ.get("CONTENT_LENGTH"), environ.get("CONTENT_TYPE")
            )
        except Refused as refusal:
            log.warning("refused a request to %s (%s): %s", EVENTS_PATH, refusal.status, refusal)
            return WsgiHttpResponse(status=refusal.status, headers={"content-type": ["text/plain;charset=utf-8"]}, body="")
        bolt_request = BoltRequest(body=inbound.raw, query=request.query_string, headers=request.get_headers())
        bolt_request.body = inbound.body
        bolt_request.context = build_context(BoltContext(), inbound.body)
        response = self.app.dispatch(bolt_request)
        return WsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)

    def _health(self) -> WsgiHttpResponse:
        status, body = health(self.db, self.replica)
        return WsgiHttpResponse(status=status, headers={"content-type": ["application/json"]}, body=json.dumps(body))


def make_server(
    app: App,
    db: Database,
    signing_secret: str,
    *,
    host: str,
    port: int,
    threads: int = WSGI_THREADS,
    replica: Replica | None = None,
) -> HttpServer:
    return HttpServer(CohortbotWsgi(app, db, signing_secret, replica), host=host, port=port, threads=threads)
