"""Requests that are too large, unsigned or malformed: refused with 413, 401 or 400, one log line, nothing stored."""

from __future__ import annotations

import io
import json
import logging
import socket
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from handlers.slack.app import build_app
from handlers.slack.http import CohortbotWsgi
from handlers.slack.inbound import MAX_DEPTH
from handlers.web import MAX_BODY_BYTES
from storage.models import Person, Reflection
from tests.conftest import SIGNING_SECRET
from tests.fakes.requests import FORM, JSON, sign, slash_command_envelope_payload

OVER_THE_LIMIT = 200 * 1024 * 1024


def _nothing_stored(db) -> None:
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def _one_refusal_logged(caplog: pytest.LogCaptureFixture, status: int) -> None:
    refusals = [record for record in caplog.records if record.name == "handlers.slack.http"]
    assert [record.getMessage().split(":")[0] for record in refusals] == [f"refused a request to /slack/events ({status})"]
    assert not any(record.exc_info for record in caplog.records)
    assert not any(record.levelno >= logging.ERROR for record in caplog.records)


def _command_body(**changes: str | None) -> str:
    payload = slash_command_envelope_payload(command="/reflect", text="my words", user_id="U1")
    for name, value in changes.items():
        if value is None:
            payload.pop(name)
        else:
            payload[name] = value
    return urlencode(payload)


def _deeply_nested(levels: int) -> str:
    return json.dumps({"type": "event_callback", "event": {"type": "message", "x": "["}}).replace(
        '"["', "[" * levels + "]" * levels
    )


SIGNED_BUT_MALFORMED = {
    "broken payload": (urlencode({"payload": '{"type": "block_actions", "user": '}), FORM),
    "payload not an object": (urlencode({"payload": "[1, 2]"}), FORM),
    "JSON body not an object": ('"just a string"', JSON),
    "nesting past the parser": (_deeply_nested(100_000), JSON),
    "nesting past the limit": (_deeply_nested(MAX_DEPTH + 1), JSON),
    "bad UTF-8": (b"command=%2Freflect&user_id=U1&trigger_id=1.2.3&text=\xff\xfe", FORM),
    "slash command missing user_id": (_command_body(user_id=None), FORM),
    "slash command with an empty user_id": (_command_body(user_id=""), FORM),
    "button without a user": (urlencode({"payload": json.dumps({"type": "block_actions", "actions": []})}), FORM),
    "form without its view": (urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "U1"}})}), FORM),
    "event without an event": (json.dumps({"type": "event_callback"}), JSON),
}


@pytest.mark.parametrize("body, content_type", SIGNED_BUT_MALFORMED.values(), ids=SIGNED_BUT_MALFORMED.keys())
def test_a_signed_but_malformed_request_is_refused_with_400(slack, db, caplog, body, content_type):
    caplog.set_level(logging.INFO)
    response = slack.raw(body, content_type)
    assert response.status == 400
    assert "Traceback" not in response.body
    _one_refusal_logged(caplog, 400)
    _nothing_stored(db)


@pytest.mark.parametrize("body, content_type", SIGNED_BUT_MALFORMED.values(), ids=SIGNED_BUT_MALFORMED.keys())
def test_an_unsigned_malformed_request_is_refused_with_401(slack, db, caplog, body, content_type):
    caplog.set_level(logging.INFO)
    response = slack.raw(body, content_type, signature="v0=" + "0" * 64)
    assert response.status == 401
    _one_refusal_logged(caplog, 401)
    _nothing_stored(db)


def test_a_request_with_no_signature_headers_is_refused_with_401(slack, db, caplog):
    status = _post(slack, {"Content-Type": FORM}, _command_body().encode())
    assert status == 401
    _nothing_stored(db)


def test_a_non_numeric_timestamp_is_refused_with_400_when_signed_and_401_when_not(slack, db, caplog):
    caplog.set_level(logging.INFO)
    assert slack.raw(_command_body(), FORM, timestamp="soon").status == 400
    assert slack.raw(_command_body(), FORM, timestamp="soon", signature="v0=" + "0" * 64).status == 401
    _nothing_stored(db)


def test_a_well_formed_command_still_gets_through(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.raw(_command_body(), FORM)
    assert response.status == 200
    assert "Saved to your journal" in response.json()["text"]


# Size: refused before the body is read


def _post(slack, headers: dict[str, str], body: bytes, *, chunked: bool = False) -> int:
    """Send a POST over a plain socket and return the status, even if the server stops reading early."""
    with socket.create_connection((slack._host, slack._port), timeout=10) as connection:
        head = ["POST /slack/events HTTP/1.1", f"Host: {slack._host}", *(f"{k}: {v}" for k, v in headers.items())]
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            if chunked:
                for start in range(0, len(body), 64 * 1024):
                    piece = body[start : start + 64 * 1024]
                    connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                connection.sendall(b"0\r\n\r\n")
            else:
                connection.sendall(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking it all, as it should
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def _signed_headers(body: bytes, **extra: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(SIGNING_SECRET, stamp, body),
        **extra,
    }


def test_a_body_declared_over_1_mb_is_refused_before_it_is_sent(slack, db):
    """Only a few bytes follow a 200 MB Content-Length: the answer can only come if nothing waits for the rest."""
    body = b"command=%2Freflect"
    status = _post(slack, _signed_headers(body, **{"Content-Length": str(OVER_THE_LIMIT)}), body)
    assert status == 413
    _nothing_stored(db)


def test_a_chunked_body_over_1_mb_is_refused(slack, db):
    body = b"text=" + b"a" * (MAX_BODY_BYTES + 10)
    status = _post(slack, _signed_headers(body, **{"Transfer-Encoding": "chunked"}), body, chunked=True)
    assert status == 413
    _nothing_stored(db)


class _Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


def _call_wsgi(ctx, environ: dict) -> str:
    from wsgiref.util import setup_testing_defaults

    environ = {"PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST", **environ}
    setup_testing_defaults(environ)
    statuses: list[str] = []
    b"".join(CohortbotWsgi(build_app(ctx), ctx.db, SIGNING_SECRET)(environ, lambda status, headers: statuses.append(status)))
    return statuses[0]


def test_the_wsgi_layer_itself_refuses_a_large_declared_body_without_reading_it(ctx):
    status = _call_wsgi(ctx, {"CONTENT_LENGTH": str(OVER_THE_LIMIT), "wsgi.input": _Unreadable()})
    assert status == "413 Request Entity Too Large"


def test_the_wsgi_layer_reads_at_most_1_mb_of_a_body_of_unknown_length(ctx):
    stream = io.BytesIO(b"a" * (3 * MAX_BODY_BYTES))
    status = _call_wsgi(ctx, {"CONTENT_LENGTH": "", "wsgi.input": stream})
    assert status == "413 Request Entity Too Large"
    assert stream.tell() == MAX_BODY_BYTES + 1


def test_the_signature_is_checked_before_the_body_is_parsed(ctx):
    """A forged body that would break the parser is never parsed: 401, not 400."""
    body = b"payload=%7Bbroken"
    environ = {
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": FORM,
        "wsgi.input": io.BytesIO(body),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": str(int(time.time())),
        "HTTP_X_SLACK_SIGNATURE": "v0=" + "0" * 64,
    }
    assert _call_wsgi(ctx, environ).startswith("401")
