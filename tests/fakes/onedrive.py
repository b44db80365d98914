"""A fake of the OneDrive upload URL Teams hands a bot when a person accepts a file: PUTs of byte ranges, over real HTTP.

    drive = FakeOneDrive()      # serving on 127.0.0.1
    url = drive.upload_url("report.xlsx")
    ... the bot PUTs the bytes to url, each piece with Content-Range: bytes START-END/TOTAL ...
    drive.files["report.xlsx"]  # the bytes, once every range has arrived in order
    drive.fail_next = 1         # the next PUT is answered 500
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


class FakeOneDrive:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.ranges: list[str] = []
        self.fail_next = 0
        self._partial: dict[str, bytearray] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def upload_url(self, name: str) -> str:
        return f"{self.url}/upload/{name}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _put(self, name: str, content_range: str, body: bytes) -> int:
        with self._lock:
            self.ranges.append(content_range)
            if self.fail_next:
                self.fail_next -= 1
                return 500
            match = RANGE.fullmatch(content_range)
            received = self._partial.setdefault(name, bytearray())
            start, end, total = (int(group) for group in match.groups()) if match else (-1, -1, 0)
            if start != len(received) or end - start + 1 != len(body):
                return 416
            received += body
            if len(received) < total:
                return 202
            self.files[name] = bytes(self._partial.pop(name))
            return 201

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        drive = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = drive._put(self.path.removeprefix("/upload/"), self.headers.get("Content-Range") or "", body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
