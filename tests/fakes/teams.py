"""A fake Microsoft Teams served over real HTTP on 127.0.0.1: OpenID metadata and keys, a token
endpoint and a Bot Connector, plus Bot Framework JWTs signed with a test key.

Point the bot at it with `TEAMS_OPENID_METADATA_URL=fake.metadata_url`, `TEAMS_TOKEN_URL=fake.token_url`,
and activities whose `serviceUrl` is `fake.service_url`. Every connector call is recorded as a `Call`;
calls can be made slow, rate limited (with or without Retry-After), failing, or dropped after the
connector acted on them (the caller cannot know whether they were done).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

CLIENT_ID = "00000000-0000-4000-8000-00000000b07"
CLIENT_SECRET = "test-teams-secret"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
ISSUER = "https://api.botframework.com"
BOT_ID = f"28:{CLIENT_ID}"
KEY_ID = "test-key"

TEAM_ID = "19:team-general@thread.tacv2"  # a team's id is its General channel's
GENERAL = TEAM_ID
PROJECTS = "19:team-projects@thread.tacv2"
PERSONAL_PREFIX = "a:personal-"

# Routes of the Bot Connector, by the name tests use to steer them.
ROUTES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("create_conversation", "POST", re.compile(r"/v3/conversations")),
    ("send", "POST", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/activities")),
    ("reply", "POST", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/activities/(?P<activity>[^/]+)")),
    ("update", "PUT", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/activities/(?P<activity>[^/]+)")),
    ("delete", "DELETE", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/activities/(?P<activity>[^/]+)")),
    ("members", "GET", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/members")),
    ("member", "GET", re.compile(r"/v3/conversations/(?P<conversation>[^/]+)/members/(?P<member>[^/]+)")),
    ("team_conversations", "GET", re.compile(r"/v3/teams/(?P<team>[^/]+)/conversations")),
)
CONNECTOR = "/connector"


@functools.cache
def signing_key(name: str = "published") -> rsa.RSAPrivateKey:
    """An RSA key made once per test run (making one takes a while): the published one, or another by name."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class Call:
    """One request to the Bot Connector. Header names are lower-cased."""

    route: str
    method: str
    path: str
    params: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int = 200


@dataclass
class Activity:
    """An activity the bot sent, as the connector keeps it."""

    id: str
    conversation: str  # the conversation it went to (a channel, a 1:1 chat)
    body: dict[str, Any]
    thread: str | None = None  # the thread's first activity, for a reply in a channel thread
    deleted: bool = False

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    def shown(self) -> str:
        """Everything a person would read: text and any attachment's content, as JSON."""
        return json.dumps({"text": self.text, "attachments": self.body.get("attachments") or []})


@dataclass(frozen=True)
class _Reply:
    answer: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    dropped: bool = False


def _error(status: int, code: str, **headers: str) -> _Reply:
    return _Reply({"error": {"code": code, "message": code}}, status, dict(headers))


def member(user_id: str, name: str, *, email: str | None = None, aad: str | None = None) -> dict[str, Any]:
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    return {
        "id": user_id,
        "name": name,
        "aadObjectId": aad or f"aad-{user_id.removeprefix('29:')}",
        "email": email,
        "userPrincipalName": email,
        "tenantId": TENANT_ID,
        "userRole": "user",
    }


class FakeTeams:
    """A threaded HTTP server answering as Bot Framework's login, Entra's token endpoint and the Bot Connector."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.key = signing_key()
        self.calls_: list[Call] = []
        self.token_calls: list[dict[str, str]] = []
        self.activities: list[Activity] = []
        self._queued: defaultdict[str, deque[_Reply]] = defaultdict(deque)
        self._drops: Counter[str] = Counter()
        self._serial = itertools.count(1)
        self._random = random.Random(0)
        self._issued: set[str] = set()
        # Behaviour controls; plain attribute writes are atomic, so set them freely.
        self.latency: float = 0.0
        self.rate_limit_fraction: float = 0.0  # this share of sends is answered 429 (bench)
        self.token_lifetime: int = 3600
        # The tenant: its teams (team id -> channels), and who is in them.
        self.teams: dict[str, list[dict[str, str]]] = {
            TEAM_ID: [{"id": GENERAL, "name": "General"}, {"id": PROJECTS, "name": "Projects"}]
        }
        self.members: dict[str, dict[str, Any]] = {
            user_id: member(user_id, name)
            for user_id, name in (("29:ada", "Ada Lovelace"), ("29:fac", "Fay Facilitator"), ("29:sam", "Sam Delegate"))
        }

    # Lifecycle

    def start(self) -> FakeTeams:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-teams", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._thread = None

    def __enter__(self) -> FakeTeams:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def service_url(self) -> str:
        """The Bot Connector's address, as activities name it in `serviceUrl`."""
        return f"{self.root_url}{CONNECTOR}/"

    @property
    def metadata_url(self) -> str:
        return f"{self.root_url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.root_url}/oauth2/v2.0/token"

    # Tokens from Bot Framework, signed with the published key (or another)

    def mint(
        self,
        *,
        service_url: str | None = None,
        audience: str = CLIENT_ID,
        issuer: str = ISSUER,
        expires_in: int = 3600,
        key: rsa.RSAPrivateKey | None = None,
        **claims: Any,
    ) -> str:
        """A Bot Framework JWT like the one Teams sends with each activity."""
        now = int(time.time())
        payload = {
            "iss": issuer,
            "aud": audience,
            "serviceurl": service_url or self.service_url,
            "nbf": now - 60,
            "iat": now - 60,
            "exp": now + expires_in,
            **claims,
        }
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": KEY_ID})

    # Steering

    def fail(self, route: str, status: int, *, code: str = "", times: int = 1, retry_after: str | None = None) -> None:
        """Answer the next `times` calls to `route` with `status` (and a Retry-After header when given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        with self._lock:
            for _ in range(times):
                self._queued[route].append(_error(status, code or f"http_{status}", **headers))

    def drop_connection(self, route: str, times: int = 1) -> None:
        """Carry out the next `times` calls to `route`, then close the connection without answering."""
        with self._lock:
            self._drops[route] += times

    # Inspection

    def calls(self, route: str | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self.calls_ if route is None or call.route == route]

    def count(self, route: str | None = None) -> int:
        return len(self.calls(route))

    def wait_for(self, route: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(calls := self.calls(route)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} call(s) to {route}, got {len(calls)}: {self.calls()}")
                self._changed.wait(remaining)
            return calls

    def sent(self, conversation: str | None = None, *, thread: str | None = None) -> list[Activity]:
        """What the bot sent and did not delete: to `conversation` (top level, or in `thread`), or anywhere."""
        with self._lock:
            return [
                a
                for a in self.activities
                if not a.deleted and (conversation is None or (a.conversation == conversation and a.thread == thread))
            ]

    def personal_chat(self, user_id: str) -> str:
        return f"{PERSONAL_PREFIX}{user_id.removeprefix('29:')}"

    def dms_to(self, user_id: str) -> list[Activity]:
        return self.sent(self.personal_chat(user_id))

    # Answering

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls_.append(call)
            self._changed.notify_all()

    def _dispatch(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> _Reply:
        parts = urlsplit(path)
        if parts.path == "/v1/.well-known/openidconfiguration":
            return _Reply(
                {
                    "issuer": ISSUER,
                    "jwks_uri": f"{self.root_url}/v1/.well-known/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )
        if parts.path == "/v1/.well-known/keys":
            return _Reply({"keys": [self._jwk()]})
        if parts.path == "/oauth2/v2.0/token" and method == "POST":
            return self._token(dict(parse_qsl(raw.decode("utf-8"))))
        if not parts.path.startswith(CONNECTOR + "/"):
            return _error(404, "NotFound")
        route, params = self._route(method, parts.path.removeprefix(CONNECTOR))
        body = json.loads(raw) if raw else None
        if self.latency:
            time.sleep(self.latency)
        reply = self._answer(route, params, body, headers)
        self._record(Call(route, method, parts.path, params, body, headers, 0 if reply.dropped else reply.status))
        return reply

    def _jwk(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]}

    def _token(self, form: dict[str, str]) -> _Reply:
        with self._lock:
            self.token_calls.append(form)
        if form.get("grant_type") != "client_credentials" or form.get("scope") != "https://api.botframework.com/.default":
            return _Reply({"error": "invalid_request"}, 400)
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return _Reply({"error": "invalid_client"}, 401)
        token = f"token-{next(self._serial)}"
        with self._lock:
            self._issued.add(token)
        return _Reply({"token_type": "Bearer", "access_token": token, "expires_in": self.token_lifetime})

    def _route(self, method: str, path: str) -> tuple[str, dict[str, str]]:
        for name, verb, pattern in ROUTES:
            match = pattern.fullmatch(path)
            if verb == method and match:
                return name, {key: unquote(value) for key, value in match.groupdict().items()}
        return "unknown", {}

    def _answer(self, route: str, params: dict[str, str], body: Any, headers: dict[str, str]) -> _Reply:
        if headers.get("authorization", "").removeprefix("Bearer ") not in self._issued:
            return _error(401, "Unauthorized")
        with self._lock:
            if self._queued[route]:
                return self._queued[route].popleft()
            dropped = self._drops[route] > 0
            if dropped:
                self._drops[route] -= 1
            limited = route in {"send", "reply", "create_conversation"} and self._random.random() < self.rate_limit_fraction
        if limited:
            return _error(429, "TooManyRequests", **{"Retry-After": "0"})
        handler = getattr(self, f"_{route}", None)
        reply = handler(params, body or {}) if handler else _error(404, "NotFound")
        return _Reply(reply.answer, reply.status, reply.headers, dropped=dropped)

    def _new_activity(self, conversation: str, body: dict[str, Any], thread: str | None = None) -> Activity:
        with self._lock:
            activity = Activity(str(1_700_000_000_000 + next(self._serial)), conversation, body, thread)
            self.activities.append(activity)
            return activity

    def _known(self, conversation: str) -> bool:
        channels = {channel["id"] for channels in self.teams.values() for channel in channels}
        return conversation in channels or conversation.startswith(PERSONAL_PREFIX)

    def _create_conversation(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        channel = ((body.get("channelData") or {}).get("channel") or {}).get("id")
        if channel:
            if not self._known(channel):
                return _error(404, "ConversationNotFound")
            activity = self._new_activity(channel, body.get("activity") or {})
            return _Reply({"id": f"{channel};messageid={activity.id}", "activityId": activity.id})
        people = body.get("members") or []
        if len(people) != 1 or body.get("isGroup"):
            return _error(400, "BadArgument")
        user_id = people[0].get("id", "")
        if user_id not in self.members:
            return _error(404, "MemberNotFoundInConversation")
        return _Reply({"id": self.personal_chat(user_id)})

    def _send(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        conversation = params["conversation"]
        if not self._known(conversation):
            return _error(404, "ConversationNotFound")
        return _Reply({"id": self._new_activity(conversation, body).id})

    def _reply(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        conversation, root = params["conversation"], params["activity"]
        if not self._known(conversation):
            return _error(404, "ConversationNotFound")
        return _Reply({"id": self._new_activity(conversation, body, thread=root).id})

    def _find(self, params: dict[str, str]) -> Activity | None:
        with self._lock:
            for activity in self.activities:
                if activity.id == params["activity"] and not activity.deleted:
                    return activity
        return None

    def _update(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        activity = self._find(params)
        if activity is None:
            return _error(404, "ActivityNotFoundInConversation")
        activity.body = body
        return _Reply({"id": activity.id})

    def _delete(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        activity = self._find(params)
        if activity is None:
            return _error(404, "ActivityNotFoundInConversation")
        activity.deleted = True
        return _Reply({})

    def _members(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        if not self._known(params["conversation"]):
            return _error(404, "ConversationNotFound")
        return _Reply(list(self.members.values()))

    def _member(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        wanted = params["member"].lower()
        for person in self.members.values():
            if wanted in {str(person[key]).lower() for key in ("id", "aadObjectId", "email", "userPrincipalName")}:
                return _Reply(person)
        return _error(404, "MemberNotFoundInConversation")

    def _team_conversations(self, params: dict[str, str], body: dict[str, Any]) -> _Reply:
        channels = self.teams.get(params["team"])
        if channels is None:
            return _error(403, "BotNotInConversationRoster")
        return _Reply(
            {"conversations": [{"id": c["id"], "name": None if c["id"] == params["team"] else c["name"]} for c in channels]}
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    fake: FakeTeams

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            reply = self.server.fake._dispatch(self.command, self.path, headers, body)
        except Exception as exc:  # surface fake bugs to the client instead of hanging it
            reply = _Reply({"error": {"code": "FakeInternalError", "message": repr(exc)}}, 500)
        if reply.dropped:
            self.close_connection = True
            return
        payload = json.dumps(reply.answer).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass
