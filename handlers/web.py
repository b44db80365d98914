"""What every HTTP front end shares (Slack's /slack/events, Teams' /api/messages): the server, the body limit, refusals."""

from __future__ import annotations

import threading
from typing import Any, BinaryIO

from waitress.server import create_server

MAX_BODY_BYTES = 1024 * 1024
HEALTH_PATH = "/healthz"


class Refused(Exception):
    """A request that goes no further; `status` is the HTTP answer, the message says why, for the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def read_body(stream: BinaryIO, content_length: str | None) -> bytes:
    """The body, refused before reading when it says it is too large, or when it turns out to be."""
    try:
        declared = int(content_length) if content_length else None
    except ValueError:
        raise Refused(400, f"Content-Length is not a number: {content_length[:20]!r}") from None
    if declared is not None and declared > MAX_BODY_BYTES:
        raise Refused(413, f"body of {declared:,} bytes; the limit is {MAX_BODY_BYTES:,}")
    body = stream.read(MAX_BODY_BYTES + 1 if declared is None else declared)
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413, f"body over the limit of {MAX_BODY_BYTES:,} bytes")
    return body


class HttpServer:
    """A threaded waitress server whose `stop()` may be called from any thread; Slack's or Teams' WSGI app."""

    def __init__(self, wsgi: Any, *, host: str, port: int, threads: int) -> None:
        self._map: dict[int, Any] = {}
        self._served = threading.Event()
        self._server = create_server(
            wsgi,
            map=self._map,
            host=host,
            port=port,
            threads=threads,
            ident="cohortbot",
            max_request_body_size=MAX_BODY_BYTES,
        )

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve(self) -> None:
        """Serve until `stop()`; port 0 picked a free port, see `port`."""
        try:
            self._server.run()
        finally:
            self._served.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Empty the loop's map so it returns, wake it, and close every socket once it has."""
        dispatchers = list(self._map.values())
        self._map.clear()
        self._server.trigger.pull_trigger()
        self._served.wait(timeout)
        for dispatcher in dispatchers:
            dispatcher.close()
        self._server.task_dispatcher.shutdown()
