"""Send Slack-shaped, correctly signed requests to the bot over HTTP.

The payload builders are module functions as well, so Socket Mode tests can push
exactly the same shapes through `FakeSocketMode.send_envelope`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import json
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from .slack_api import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

VERIFICATION_TOKEN = "verification-token"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

_serial = itertools.count(1)


@dataclass(frozen=True)
class Response:
    """What the bot answered. Header names are lower-cased."""

    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


# Payload builders


def new_trigger_id() -> str:
    """A unique trigger id shaped like Slack's."""
    return f"{next(_serial)}.{TEAM_ID}.{uuid.uuid4().hex[:21]}"


def unreachable_response_url() -> str:
    """A response URL that refuses connections, so a bot can never reach the real Slack.

    Pass ``FakeSlack.response_url()`` instead when the test wants to see the response.
    """
    return f"http://127.0.0.1:9/respond/{uuid.uuid4().hex}"


def _now_ts() -> str:
    return f"{time.time():.6f}"


def _channel_name(channel_id: str) -> str:
    return "directmessage" if channel_id.startswith("D") else f"channel-{channel_id.lower()}"


def _user(user_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def _team() -> dict[str, str]:
    return {"id": TEAM_ID, "domain": TEAM_DOMAIN}


def slash_command_envelope_payload(
    command: str = "/reflect",
    text: str = "",
    user_id: str = "U1",
    user_name: str = "alice",
    channel_id: str = "C1",
    response_url: str | None = None,
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, str]:
    """A slash command as Slack sends it: a form body over HTTP, this dict over Socket Mode."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": _channel_name(channel_id),
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url or unreachable_response_url(),
        "trigger_id": trigger_id or new_trigger_id(),
    }


def block_action_payload(
    action_id: str,
    value: str | None = None,
    user_id: str = "U1",
    channel_id: str = "C1",
    message_ts: str | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str | None = None,
    response_url: str | None = None,
    block_id: str = "b",
    container: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button click, in a message by default or in `view` (a modal or Home tab) when given."""
    action: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": action_id, "emoji": True},
        "action_ts": _now_ts(),
    }
    if value is not None:
        action["value"] = value
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team(),
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": {}},
        "actions": [action],
    }
    if view is not None:
        payload["container"] = container or {"type": "view", "view_id": view.get("id")}
        payload["view"] = view
        if response_url is not None:
            payload["response_url"] = response_url
        return payload
    ts = message_ts or _now_ts()
    payload["container"] = container or {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = {"id": channel_id, "name": _channel_name(channel_id)}
    payload["message"] = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": "", "ts": ts}
    payload["response_url"] = response_url or unreachable_response_url()
    return payload


def view_submission_payload(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    user_id: str = "U1",
    private_metadata: str = "",
    view_id: str | None = None,
) -> dict[str, Any]:
    """A modal submitted; `values` is ``view.state.values``: ``{block_id: {action_id: {...}}}``."""
    view_id = view_id or f"V{uuid.uuid4().hex[:10].upper()}"
    return {
        "type": "view_submission",
        "team": _team(),
        "user": _user(user_id),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.{view_id}",
            "title": {"type": "plain_text", "text": "Form", "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def event_callback_payload(
    event: dict[str, Any], event_id: str | None = None, team_id: str = TEAM_ID, enterprise_id: str | None = None
) -> dict[str, Any]:
    """The Events API wrapper around `event`, as delivered over HTTP and Socket Mode alike.

    An org-wide install's events name the org (`enterprise_id`) and `is_enterprise_install`."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "enterprise_id": enterprise_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": enterprise_id,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": enterprise_id is not None,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


# Sending


def sign(signing_secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature."""
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    return "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


class SlackRequester:
    """Posts signed Slack requests to ``base_url + "/slack/events"``; never raises on 4xx or 5xx."""

    def __init__(self, base_url: str, signing_secret: str, timeout: float = 10.0) -> None:
        parts = urlsplit(base_url)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._prefix = parts.path.rstrip("/")
        self.signing_secret = signing_secret
        self.timeout = timeout

    def command(
        self,
        command: str = "/reflect",
        text: str = "",
        user_id: str = "U1",
        user_name: str = "alice",
        channel_id: str = "C1",
        response_url: str | None = None,
        trigger_id: str | None = None,
        team_id: str = TEAM_ID,
        extra_headers: dict[str, str] | None = None,
    ) -> Response:
        payload = slash_command_envelope_payload(
            command=command,
            text=text,
            user_id=user_id,
            user_name=user_name,
            channel_id=channel_id,
            response_url=response_url,
            trigger_id=trigger_id,
            team_id=team_id,
        )
        return self.raw(urlencode(payload), FORM, headers=extra_headers)

    def block_action(
        self,
        action_id: str,
        value: str | None = None,
        user_id: str = "U1",
        channel_id: str = "C1",
        message_ts: str | None = None,
        view: dict[str, Any] | None = None,
        trigger_id: str | None = None,
        response_url: str | None = None,
        block_id: str = "b",
        container: dict[str, Any] | None = None,
    ) -> Response:
        payload = block_action_payload(
            action_id,
            value=value,
            user_id=user_id,
            channel_id=channel_id,
            message_ts=message_ts,
            view=view,
            trigger_id=trigger_id,
            response_url=response_url,
            block_id=block_id,
            container=container,
        )
        return self.interactive(payload)

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        user_id: str = "U1",
        private_metadata: str = "",
        view_id: str | None = None,
    ) -> Response:
        payload = view_submission_payload(
            callback_id, values, user_id=user_id, private_metadata=private_metadata, view_id=view_id
        )
        return self.interactive(payload)

    def interactive(self, payload: dict[str, Any]) -> Response:
        """Post any interaction payload the way Slack does: a form with one ``payload`` field."""
        return self.raw(urlencode({"payload": json.dumps(payload)}), FORM)

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        team_id: str = TEAM_ID,
        enterprise_id: str | None = None,
    ) -> Response:
        headers: dict[str, str] = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        payload = event_callback_payload(event, event_id, team_id=team_id, enterprise_id=enterprise_id)
        return self.raw(json.dumps(payload), JSON, headers=headers)

    def raw(
        self,
        body: str | bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> Response:
        """Post `body` signed (or with the given bad `timestamp`/`signature`) to the events path."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or sign(self.signing_secret, stamp, data),
            **(headers or {}),
        }
        return self._send("POST", "/slack/events", data, all_headers)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self._send("GET", path, None, headers or {})

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Response:
        connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        try:
            connection.request(method, self._prefix + path, body=body, headers=headers)
            reply = connection.getresponse()
            text = reply.read().decode("utf-8", errors="replace")
            return Response(reply.status, text, {name.lower(): value for name, value in reply.getheaders()})
        finally:
            connection.close()
