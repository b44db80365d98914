"""A fake Slack Web API served over real HTTP on 127.0.0.1.

Point a real client at it with ``WebClient(token="xoxb-test", base_url=fake.base_url)``.
Every request is recorded as a `Call`, answered in Slack's shape, and can be made
slow, failing or rate limited on purpose. The same server also accepts the raw
uploads of ``files_upload_v2`` and the ``response_url`` posts of ``respond()``.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import random
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

TEAM_ID = "T1"
TEAM_NAME = "Test"
TEAM_DOMAIN = "test"
APP_ID = "A1"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"

_FIRST_TS_SECONDS = 1_700_000_000
# What a posted or updated message keeps from the call's arguments.
_MESSAGE_FIELDS = ("text", "blocks", "attachments", "metadata")
# Arguments Slack refuses to go without, per method.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("channel",),
    "chat.postEphemeral": ("channel", "user"),
    "chat.update": ("channel", "ts"),
    "chat.delete": ("channel", "ts"),
    "conversations.history": ("channel",),
    "conversations.replies": ("channel", "ts"),
    "conversations.info": ("channel",),
    "conversations.join": ("channel",),
    "users.info": ("user",),
    "views.open": ("trigger_id", "view"),
    "views.push": ("trigger_id", "view"),
    "views.update": ("view",),
    "views.publish": ("user_id", "view"),
    "files.getUploadURLExternal": ("filename", "length"),
    "files.completeUploadExternal": ("files",),
}

Answer = dict[str, Any] | str  # a JSON object, or plain text for uploads and response URLs


@dataclass(frozen=True)
class Call:
    """One request the fake received. Header names are lower-cased."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    body: bytes
    at: float
    status: int = 200
    response: Answer | None = None

    @property
    def token(self) -> str | None:
        """The token the call was made with (the Authorization header's, or a `token` parameter)."""
        return _token(self.params, self.headers)


@dataclass(frozen=True)
class Team:
    """A workspace the app can be installed in through the fake's OAuth flow, with the bot token it gets."""

    id: str
    name: str
    token: str
    installer: str = "UINSTALLER"
    enterprise_id: str | None = None
    enterprise_name: str | None = None
    org_wide: bool = False  # an Enterprise Grid org-wide install: the org is the workspace

    @property
    def code(self) -> str:
        """The temporary code Slack hands the redirect after someone allows the install here."""
        return f"code-{self.id}"


@dataclass(frozen=True)
class _Reply:
    """An answer on its way back, with its HTTP status and any extra headers."""

    answer: Answer
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    dropped: bool = False  # acted on, then the connection closes before any answer


def _error(code: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": code, **extra}


def _bot_message(ts: str) -> dict[str, Any]:
    return {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID, "team": TEAM_ID, "ts": ts}


def _missing_argument(name: str) -> dict[str, Any]:
    return _error("invalid_arguments", response_metadata={"messages": [f"[ERROR] missing required field: {name}"]})


def _rate_limited(retry_after: int) -> _Reply:
    return _Reply(_error("ratelimited"), 429, {"Retry-After": str(retry_after)})


def _unavailable() -> _Reply:
    return _Reply(_error("service_unavailable"), 503)


def _decoded(value: Any) -> Any:
    """Parse a JSON string sent through a form body; leave anything else alone."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        return json.loads(value)
    return value


def _is_true(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _parse_params(query: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """Merge the query string with a form or JSON body, as Slack does."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    content_type = headers.get("content-type", "")
    if "json" in content_type:
        params.update(_json_object(body))
    elif "x-www-form-urlencoded" in content_type:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return params


def _token(params: dict[str, Any], headers: dict[str, str]) -> str | None:
    bearer = headers.get("authorization", "")
    return bearer.removeprefix("Bearer ") if bearer.startswith("Bearer ") else params.get("token") or None


class FakeSlack:
    """A threaded HTTP server that answers Slack Web API calls and records them."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._calls: list[Call] = []
        self._queued: defaultdict[str, deque[_Reply]] = defaultdict(deque)
        self._drops: Counter[str] = Counter()
        self._overrides: dict[str, dict[str, Any]] = {}
        self._history: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self._held: dict[str, threading.Event] = {}
        self._holding: defaultdict[str, int] = defaultdict(int)
        self._ts_serial = itertools.count(1)
        self._id_serial = itertools.count(1)
        self._random = random.Random(0)
        self._handlers: dict[str, Callable[[dict[str, Any]], Answer]] = {
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.join": self._conversations_join,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "apps.connections.open": self._apps_connections_open,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }
        # Behaviour controls; plain attribute writes are atomic, so set them freely.
        self.latency: float = 0.0
        self.rate_limit_fraction: float = 0.0
        self.random_retry_after: int = 1
        self.rate_limit_exempt: set[str] = {"auth.test", "apps.connections.open", "upload", "respond"}
        self.down: bool = False  # an outage: every call not answered by `fail` and the like gets HTTP 503
        # Configuration read when answering.
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.socket_url: str | None = None
        self.client_id = "1.2"
        self.client_secret = "fake-client-secret"
        self.teams: dict[str, Team] = {}  # by bot token; a token not here belongs to TEAM_ID
        # What arrived through files_upload_v2, keyed by file id.
        self.uploads: dict[str, bytes] = {}
        self.files: dict[str, dict[str, Any]] = {}

    # Lifecycle

    def start(self) -> FakeSlack:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        for method in list(self._held):
            self.release(method)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """What `WebClient(base_url=...)` takes."""
        return f"{self.root_url}/api/"

    def response_url(self, key: str | None = None) -> str:
        """A `response_url` whose posts are recorded as calls to method ``"respond"``."""
        return f"{self.root_url}/respond/{key or self._new_id('R')}"

    # Inspection

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self._calls if method is None or call.method == method]

    def count(self, method: str | None = None) -> int:
        return len(self.calls(method))

    def last(self, method: str) -> Call:
        calls = self.calls(method)
        if not calls:
            raise AssertionError(f"no call to {method}; calls so far: {self._summary()}")
        return calls[-1]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until at least `count` calls to `method` have arrived, and return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(calls := self.calls(method)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected at least {count} call(s) to {method} within {timeout}s, "
                        f"got {len(calls)}; calls so far: {self._summary()}"
                    )
                self._changed.wait(remaining)
            return calls

    def history(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to `channel`, oldest first."""
        with self._lock:
            return [dict(message) for message in self._history[channel]]

    def reset(self) -> None:
        """Forget recorded calls; configuration and queued answers stay."""
        with self._lock:
            self._calls.clear()

    # Behaviour controls

    def fail(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next `times` calls to `method` with ``{"ok": false, "error": error}``."""
        with self._lock:
            self._queued[method].extend([_Reply(_error(error))] * times)

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls to `method` with HTTP 429 and a ``Retry-After`` header."""
        with self._lock:
            self._queued[method].extend([_rate_limited(retry_after)] * times)

    def unavailable(self, method: str, times: int = 1) -> None:
        """Answer the next `times` calls to `method` with HTTP 503, as Slack does during an outage."""
        with self._lock:
            self._queued[method].extend([_unavailable()] * times)

    def drop_connection(self, method: str, times: int = 1) -> None:
        """Carry out the next `times` calls to `method`, then close the connection without answering.

        Recorded with status 0: the caller cannot know whether Slack acted on them.
        """
        with self._lock:
            self._drops[method] += times

    def hold(self, method: str) -> None:
        """Keep calls to `method` waiting, unanswered and not yet done, until `release`."""
        with self._lock:
            self._held[method] = threading.Event()

    def wait_held(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Block until `count` calls to `method` are being held."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._holding[method] >= count, timeout):
                raise AssertionError(f"no call to {method} was held within {timeout}s; calls so far: {self._summary()}")

    def release(self, method: str) -> None:
        """Let held calls to `method` go on and be done, as if Slack had only been slow."""
        with self._lock:
            event = self._held.pop(method, None)
        if event is not None:
            event.set()

    def seed(self, n: int) -> None:
        """Make the random rate limiting of `rate_limit_fraction` repeatable."""
        with self._lock:
            self._random = random.Random(n)

    def set_response(self, method: str, answer: dict[str, Any] | None) -> None:
        """Always answer `method` with `answer` (``None`` restores the built-in answer)."""
        with self._lock:
            if answer is None:
                self._overrides.pop(method, None)
            else:
                self._overrides[method] = answer

    # Request handling, called from the server's threads

    def _dispatch(self, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        url = urlsplit(path)
        kind, _, rest = url.path.lstrip("/").partition("/")
        if kind == "api":
            method, params = rest, _parse_params(url.query, headers, body)
        elif kind == "upload":
            method, params = "upload", {"file_id": rest}
        elif kind == "respond":
            method, params = "respond", {**_json_object(body), "key": rest}
        else:
            return _Reply("not found", 404)
        self._wait_if_held(method)
        at = time.time()
        with self._changed:
            reply = self._decide(method, params, headers, body)
            if self._drops[method] > 0:
                self._drops[method] -= 1
                reply = _Reply(reply.answer, 0, dropped=True)
            self._calls.append(Call(method, params, headers, body, at, reply.status, reply.answer))
            self._changed.notify_all()
        time.sleep(self.latency)
        return reply

    def _wait_if_held(self, method: str) -> None:
        with self._changed:
            held = self._held.get(method)
            if held is None:
                return
            self._holding[method] += 1
            self._changed.notify_all()
        held.wait()

    def _decide(self, method: str, params: dict[str, Any], headers: dict[str, str], body: bytes) -> _Reply:
        if self._queued[method]:
            return self._queued[method].popleft()
        if self.down:
            return _unavailable()
        if self._randomly_rate_limited(method):
            return _rate_limited(self.random_retry_after)
        if method in self._overrides:
            return _Reply(self._overrides[method])
        return _Reply(self._answer(method, params, headers, body))

    def _randomly_rate_limited(self, method: str) -> bool:
        return (
            self.rate_limit_fraction > 0
            and method not in self.rate_limit_exempt
            and self._random.random() < self.rate_limit_fraction
        )

    def _answer(self, method: str, params: dict[str, Any], headers: dict[str, str], body: bytes) -> Answer:
        if method == "upload":
            return self._upload(params["file_id"], body)
        if method == "respond":
            return "ok"
        if method == "oauth.v2.access":
            return self._oauth_v2_access(params, headers)
        token = _token(params, headers)
        if not token:
            return _error("not_authed")
        missing = [name for name in _REQUIRED.get(method, ()) if name not in params]
        if missing:
            return _missing_argument(missing[0])
        if method == "auth.test":
            return self._auth_test(token)
        handler = self._handlers.get(method)
        return handler(params) if handler else {"ok": True}

    # Building blocks for answers

    def _next_ts(self) -> str:
        micros = next(self._ts_serial) * 100
        return f"{_FIRST_TS_SECONDS + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._id_serial):08X}"

    def _summary(self) -> str:
        counts = Counter(call.method for call in self.calls())
        return ", ".join(f"{method} x{n}" for method, n in counts.items()) or "none"

    def _find_message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self._history[channel] if m["ts"] == ts), None)

    def _channel(self, channel_id: str) -> dict[str, Any]:
        is_im = channel_id.startswith("D")
        channel: dict[str, Any] = {
            "id": channel_id,
            "created": _FIRST_TS_SECONDS,
            "is_channel": not is_im,
            "is_group": False,
            "is_im": is_im,
            "is_private": False,
            "is_archived": False,
            "is_general": False,
            "is_member": True,
            "context_team_id": TEAM_ID,
        }
        if is_im:
            channel["user"] = "U" + channel_id[1:]
        else:
            channel["name"] = channel["name_normalized"] = f"channel-{channel_id.lower()}"
        return {**channel, **self.channels.get(channel_id, {})}

    def _user(self, user_id: str) -> dict[str, Any]:
        override = self.users.get(user_id, {})
        real_name = override.get("real_name", f"User {user_id}")
        profile = {"display_name": override.get("name", user_id.lower()), "real_name": real_name}
        return {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": user_id.lower(),
            "real_name": real_name,
            "deleted": False,
            "is_bot": False,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            **override,
            "profile": {**profile, **override.get("profile", {})},
        }

    def _view(self, view: dict[str, Any], view_id: str) -> dict[str, Any]:
        return {
            "type": "modal",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "state": {"values": {}},
            "clear_on_close": False,
            "notify_on_close": False,
            "previous_view_id": None,
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "hash": f"{int(time.time())}.{view_id}",
            "root_view_id": view_id,
            "app_id": APP_ID,
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }

    @staticmethod
    def _apply_content(message: dict[str, Any], params: dict[str, Any]) -> None:
        """Copy text, blocks, attachments and metadata from the call into a stored message."""
        for key in _MESSAGE_FIELDS:
            if key in params:
                message[key] = _decoded(params[key])

    # Method handlers; each receives the merged params and returns the answer

    def _auth_test(self, token: str) -> Answer:
        team = self.teams.get(token)
        if team is None:
            return {
                "ok": True,
                "url": f"https://{TEAM_DOMAIN}.slack.com/",
                "team": TEAM_NAME,
                "user": "cohortbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        return {
            "ok": True,
            "url": f"https://{team.id.lower()}.slack.com/",
            "team": team.name,
            "user": "cohortbot",
            "team_id": None if team.org_wide else team.id,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "enterprise_id": team.enterprise_id,
            "is_enterprise_install": team.org_wide,
        }

    def add_team(self, team: Team) -> Team:
        """Let the app be installed in `team`: `oauth.v2.access` swaps `team.code` for its token."""
        with self._lock:
            self.teams[team.token] = team
        return team

    def _oauth_v2_access(self, params: dict[str, Any], headers: dict[str, str]) -> Answer:
        basic = headers.get("authorization", "").removeprefix("Basic ")
        client = base64.b64decode(basic).decode() if basic else f"{params.get('client_id')}:{params.get('client_secret')}"
        if client != f"{self.client_id}:{self.client_secret}":
            return _error("invalid_client_id")
        team = next((team for team in self.teams.values() if team.code == params.get("code")), None)
        if team is None:
            return _error("invalid_code")
        enterprise = {"id": team.enterprise_id, "name": team.enterprise_name} if team.enterprise_id else None
        return {
            "ok": True,
            "app_id": APP_ID,
            "authed_user": {"id": team.installer},
            "scope": str(params.get("scope") or "commands,chat:write"),
            "token_type": "bot",
            "access_token": team.token,
            "bot_user_id": BOT_USER_ID,
            "team": None if team.org_wide else {"id": team.id, "name": team.name},
            "enterprise": enterprise,
            "is_enterprise_install": team.org_wide,
        }

    def _chat_post_message(self, params: dict[str, Any]) -> Answer:
        if not any(params.get(key) for key in ("text", "blocks", "attachments")):
            return _error("no_text")
        channel = params["channel"]
        message = {**_bot_message(self._next_ts()), "text": ""}
        self._apply_content(message, params)
        if "thread_ts" in params:
            message["thread_ts"] = params["thread_ts"]
        self._history[channel].append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": dict(message)}

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> Answer:
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: dict[str, Any]) -> Answer:
        # Lenient: a message this fake never saw (say, from a faked event) updates fine.
        channel, ts = params["channel"], params["ts"]
        message = self._find_message(channel, ts) or _bot_message(ts)
        self._apply_content(message, params)
        text = message.get("text", "")
        return {"ok": True, "channel": channel, "ts": ts, "text": text, "message": dict(message)}

    def _chat_delete(self, params: dict[str, Any]) -> Answer:
        channel, ts = params["channel"], params["ts"]
        self._history[channel] = [m for m in self._history[channel] if m["ts"] != ts]
        return {"ok": True, "channel": channel, "ts": ts}

    def _conversations_history(self, params: dict[str, Any]) -> Answer:
        messages = self._history[params["channel"]][::-1]
        if "oldest" in params:
            oldest = Decimal(params["oldest"])
            inclusive = _is_true(params.get("inclusive"))
            messages = [
                m for m in messages if Decimal(m["ts"]) > oldest or inclusive and Decimal(m["ts"]) == oldest
            ]
        limit = int(params.get("limit") or 100)
        return {
            "ok": True,
            "messages": [dict(m) for m in messages[:limit]],
            "has_more": len(messages) > limit,
            "pin_count": 0,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_replies(self, params: dict[str, Any]) -> Answer:
        ts = params["ts"]
        thread = [m for m in self._history[params["channel"]] if m["ts"] == ts or m.get("thread_ts") == ts]
        limit = int(params.get("limit") or 1000)
        return {
            "ok": True,
            "messages": [dict(m) for m in thread[:limit]],
            "has_more": len(thread) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_open(self, params: dict[str, Any]) -> Answer:
        if "channel" in params:
            channel_id = params["channel"]
        else:
            users = str(params.get("users", "")).split(",")
            channel_id = "D" + users[0] if len(users) == 1 else "G" + "".join(users)
        return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel_id}}

    def _conversations_info(self, params: dict[str, Any]) -> Answer:
        return {"ok": True, "channel": self._channel(params["channel"])}

    def _conversations_join(self, params: dict[str, Any]) -> Answer:
        channel_id = params["channel"]
        self.channels.setdefault(channel_id, {})["is_member"] = True
        return {"ok": True, "channel": self._channel(channel_id)}

    def _views_open(self, params: dict[str, Any]) -> Answer:
        return {"ok": True, "view": self._view(_decoded(params["view"]), self._new_id("V"))}

    def _views_update(self, params: dict[str, Any]) -> Answer:
        view_id = params.get("view_id") or self._new_id("V")
        return {"ok": True, "view": self._view(_decoded(params["view"]), view_id)}

    def _views_publish(self, params: dict[str, Any]) -> Answer:
        view = {"type": "home", **_decoded(params["view"])}
        return {"ok": True, "view": self._view(view, self._new_id("V"))}

    def _users_info(self, params: dict[str, Any]) -> Answer:
        return {"ok": True, "user": self._user(params["user"])}

    def _apps_connections_open(self, params: dict[str, Any]) -> Answer:
        if self.socket_url is None:
            return _error("fake_socket_url_not_set")
        return {"ok": True, "url": self.socket_url}

    def _files_get_upload_url(self, params: dict[str, Any]) -> Answer:
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": params["filename"],
            "title": params["filename"],
            "size": int(params["length"]),
        }
        return {"ok": True, "upload_url": f"{self.root_url}/upload/{file_id}", "file_id": file_id}

    def _upload(self, file_id: str, content: bytes) -> Answer:
        self.uploads[file_id] = content
        return f"OK - {len(content)}"

    def _files_complete_upload(self, params: dict[str, Any]) -> Answer:
        shared = []
        channels = [c for c in (params.get("channel_id"), *str(params.get("channels", "")).split(",")) if c]
        for item in _decoded(params["files"]):
            record = self.files.setdefault(item["id"], {"id": item["id"], "name": item.get("title", "")})
            record["title"] = item.get("title") or record["name"]
            record["channels"] = channels
            record["initial_comment"] = params.get("initial_comment")
            record["thread_ts"] = params.get("thread_ts")
            shared.append({key: record[key] for key in ("id", "name", "title") if key in record})
        for channel in channels:  # the files appear in the channel as one message, as in Slack
            message = {**_bot_message(self._next_ts()), "text": params.get("initial_comment") or "", "files": shared}
            self._history[channel].append(message)
        return {"ok": True, "files": shared}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    fake: FakeSlack

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up mid-answer (a timeout, say) is not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for clients that ask for it
    timeout = 5  # closes idle keep-alive connections
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            reply = self.server.fake._dispatch(self.path, headers, body)
        except Exception as exc:  # surface fake bugs to the client instead of hanging it
            reply = _Reply(_error("fake_internal_error", detail=repr(exc)), 500)
        if reply.dropped:
            self.close_connection = True
            return
        self._send(reply)

    do_GET = do_POST  # Slack accepts either verb

    def _send(self, reply: _Reply) -> None:
        if isinstance(reply.answer, str):
            payload, content_type = reply.answer.encode("utf-8"), "text/plain; charset=utf-8"
        else:
            payload, content_type = json.dumps(reply.answer).encode("utf-8"), "application/json; charset=utf-8"
        self.send_response(reply.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown the test output
