"""A fake Slack Socket Mode endpoint: a websocket server on 127.0.0.1.

Hand its `url` to `FakeSlack.socket_url` so that ``apps.connections.open`` points
clients here. It greets each client with Slack's ``hello``, pushes envelopes to
the newest client and collects the acknowledgements that come back.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

HELLO: dict[str, Any] = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
    "connection_info": {"app_id": "A1"},
}


class FakeSocketMode:
    """A websocket server speaking enough of Socket Mode for slack_sdk's clients."""

    def __init__(self, ping_interval: float = 0.1) -> None:
        # Slack pings its clients too. Pinging often also wakes slack_sdk's builtin
        # client from its blocking read, so that its close() takes milliseconds
        # rather than the three seconds of its read timeout.
        self._server = serve(self._handle, "127.0.0.1", 0, ping_interval=ping_interval, close_timeout=1)
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}

    # Lifecycle

    def start(self) -> FakeSocketMode:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-socket-mode", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and wait for the server's threads to finish."""
        if self._thread is None:
            return
        self._server.shutdown()
        self._thread.join()
        self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"

    @property
    def connection_count(self) -> int:
        with self._changed:
            return len(self._connections)

    # Talking to the client

    def wait_for_client(self, timeout: float = 5.0) -> None:
        """Block until a client has connected and been greeted."""
        self._newest_connection(timeout)

    def send_envelope(
        self,
        payload: dict[str, Any],
        type_: str = "slash_commands",
        envelope_id: str | None = None,
        timeout: float = 5.0,
    ) -> str:
        """Push an envelope to the newest client and return its envelope id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": type_,
            "payload": payload,
            # Slack never takes a response payload for events.
            "accepts_response_payload": type_ != "events_api",
        }
        self._newest_connection(timeout).send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Return the client's acknowledgement, ``{"envelope_id": ..., "payload": ...?}``."""
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                acked = list(self._acks)
                raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s; acked so far: {acked}")
            return self._acks[envelope_id]

    def _newest_connection(self, timeout: float) -> ServerConnection:
        with self._changed:
            if not self._changed.wait_for(lambda: self._connections, timeout):
                raise AssertionError(f"no Socket Mode client connected to {self.url} within {timeout}s")
            return self._connections[-1]

    # Server side, one thread per connection

    def _handle(self, connection: ServerConnection) -> None:
        try:
            connection.send(json.dumps(HELLO))
            with self._changed:
                self._connections.append(connection)
                self._changed.notify_all()
            for message in connection:
                self._receive(message)
        except ConnectionClosed:
            pass  # the client went away without a closing handshake
        finally:
            with self._changed:
                if connection in self._connections:
                    self._connections.remove(connection)
                self._changed.notify_all()

    def _receive(self, message: str | bytes) -> None:
        data = json.loads(message)
        if "envelope_id" in data:
            with self._changed:
                self._acks[data["envelope_id"]] = data
                self._changed.notify_all()
