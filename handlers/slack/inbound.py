"""Checks on a request to /slack/events before Bolt or any listener sees it.

In this order, each before the next step does any work: the size (413, nothing read past
the limit), the signature over the raw bytes (401), then the shape: a numeric timestamp,
UTF-8, a form or JSON body that parses, not too deeply nested, with the fields every
listener relies on (400). A refusal is one log line; nothing is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import parse_qsl

from handlers.web import Refused, read_body

MAX_AGE_SECONDS = 5 * 60  # Slack's advice: refuse requests older than five minutes (replays)
MAX_DEPTH = 32  # Slack's deepest payloads (rich text in a view's state) nest about a dozen levels


@dataclass(frozen=True)
class Inbound:
    raw: str
    body: dict[str, Any]


def verify(signing_secret: str, timestamp: str | None, signature: str | None, body: bytes) -> None:
    """Slack's v0 signature over the raw bytes, then a fresh, numeric timestamp."""
    if not timestamp or not signature:
        raise Refused(401, "unsigned")
    base = b"v0:" + timestamp.encode("utf-8", "replace") + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused(401, "bad signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise Refused(400, f"timestamp is not a number: {timestamp[:20]!r}") from None
    if abs(time.time() - sent_at) > MAX_AGE_SECONDS:
        raise Refused(401, "stale timestamp")


def _json(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(400, f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, f"{what} is not a JSON object")
    return value


def _depth(value: Any) -> int:
    """How deeply `value` nests, counted without recursion."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, depth = level.pop()
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        level.extend((child, depth + 1) for child in children)
    return deepest


def parse(raw: str, content_type: str | None) -> dict[str, Any]:
    """A JSON body, a form with a JSON `payload` field (interactions), or a plain form (slash commands).

    Bolt 1.30 treats any form body that merely contains the word "payload" as an interactive
    payload, and finding no `payload=` field drops the request (404), so a slash command
    such as `/reflect the payload of this change` would be lost; the form is read here instead.
    """
    if raw.startswith("{") or (content_type or "").startswith("application/json"):
        return _json(raw, "body")
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    return _json(fields["payload"], "payload") if "payload" in fields else fields


# The fields the listeners rely on, by kind of request (a slash command has no `type`).
REQUIRED: dict[str, tuple[str, ...]] = {
    "command": ("command", "user_id", "trigger_id"),
    "block_actions": ("user.id", "trigger_id", "actions"),
    "view_submission": ("user.id", "view.id", "view.callback_id", "view.state.values"),
    "event_callback": ("event.type",),
}


def _field(body: dict[str, Any], path: str) -> Any:
    value: Any = body
    for name in path.split("."):
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _missing(body: dict[str, Any]) -> str | None:
    kind = "command" if "command" in body else body.get("type")
    if not isinstance(kind, str):
        return "type"
    return next((path for path in REQUIRED.get(kind, ()) if not _field(body, path)), None)


def check(
    signing_secret: str, stream: BinaryIO, headers: dict[str, str], content_length: str | None, content_type: str | None
) -> Inbound:
    """The request's text and parsed body, or `Refused`."""
    body = read_body(stream, content_length)
    verify(signing_secret, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature"), body)
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    parsed = parse(raw, content_type)
    if _depth(parsed) > MAX_DEPTH:
        raise Refused(400, f"body nests deeper than {MAX_DEPTH} levels")
    if missing := _missing(parsed):
        raise Refused(400, f"no {missing} in the request")
    return Inbound(raw=raw, body=parsed)
