"""The fakes, checked against the real slack_sdk clients."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.client import RemoteDisconnected
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient

from .requests import SlackRequester, slash_command_envelope_payload
from .slack_api import FakeSlack
from .socket_mode import FakeSocketMode

SECRET = "test-signing-secret"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


class _Recorder(BaseHTTPRequestHandler):
    """Stands in for the bot: keeps each request and answers 200."""

    server: _RecordingServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _RecordingServer(HTTPServer):
    received: list[tuple[dict[str, str], bytes]]


@pytest.fixture
def bot() -> Iterator[_RecordingServer]:
    server = _RecordingServer(("127.0.0.1", 0), _Recorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


# FakeSlack


def test_post_message_is_recorded(fake: FakeSlack, client: WebClient) -> None:
    result = client.chat_postMessage(channel="C1", text="hello", blocks=[{"type": "divider"}])

    call = fake.wait_for("chat.postMessage")[0]
    assert call.params["channel"] == "C1"
    assert call.params["text"] == "hello"
    assert call.params["blocks"] == [{"type": "divider"}]
    assert call.headers["authorization"] == "Bearer xoxb-test"
    assert result["channel"] == "C1"
    assert result["message"]["text"] == "hello"
    assert call.response == result.data


def test_timestamps_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C1", text=str(n))["ts"] for n in range(3)]

    assert stamps[0] == "1700000000.000100"
    assert stamps == sorted(set(stamps), key=float)


def test_metadata_comes_back_through_history(client: WebClient) -> None:
    metadata = {"event_type": "checkin", "event_payload": {"cohort": 7}}
    client.chat_postMessage(channel="D1", text="first")
    posted = client.chat_postMessage(channel="D1", text="second", metadata=metadata)

    history = client.conversations_history(channel="D1", include_all_metadata=True, limit=10)

    assert [m["text"] for m in history["messages"]] == ["second", "first"]
    assert history["messages"][0]["metadata"] == metadata
    newer = client.conversations_history(channel="D1", oldest=history["messages"][1]["ts"])
    assert [m["ts"] for m in newer["messages"]] == [posted["ts"]]


def test_fail_makes_the_client_raise(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", error="channel_not_found")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="hi")

    assert raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]


def test_drop_connection_acts_then_answers_nothing(fake: FakeSlack) -> None:
    fake.drop_connection("chat.postMessage")
    client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
    with pytest.raises(RemoteDisconnected):
        client.chat_postMessage(channel="C1", text="hello")
    assert [message["text"] for message in fake.history("C1")] == ["hello"]
    assert fake.last("chat.postMessage").status == 0
    assert client.chat_postMessage(channel="C1", text="again")["ok"]


def test_rate_limit_is_retried(fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", retry_after=0)
    client = WebClient(
        token="xoxb-test",
        base_url=fake.base_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )

    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [call.status for call in fake.calls("chat.postMessage")] == [429, 200]


def test_random_rate_limiting_is_repeatable(fake: FakeSlack, client: WebClient) -> None:
    def statuses() -> list[int]:
        fake.reset()
        fake.seed(3)
        for n in range(20):
            try:
                client.chat_postMessage(channel="C1", text=str(n))
            except SlackApiError:
                pass
        return [call.status for call in fake.calls("chat.postMessage")]

    fake.rate_limit_fraction = 0.3
    first = statuses()

    assert 429 in first and 200 in first
    assert statuses() == first
    assert client.auth_test()["user_id"] == "UBOT"  # exempt by default


def test_files_upload_v2_goes_through_all_three_steps(fake: FakeSlack, client: WebClient) -> None:
    content = b"PK\x03\x04 not really a workbook"

    result = client.files_upload_v2(
        channel="D1", content=content, filename="x.xlsx", initial_comment="Your report"
    )

    file_id = result["file"]["id"]
    assert [call.method for call in fake.calls()] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    assert fake.uploads[file_id] == content
    assert fake.last("files.getUploadURLExternal").params["length"] == str(len(content))
    completed = fake.last("files.completeUploadExternal").params
    assert completed["channel_id"] == "D1"
    assert completed["initial_comment"] == "Your report"
    assert fake.files[file_id]["channels"] == ["D1"]


def test_respond_through_response_url_is_recorded(fake: FakeSlack) -> None:
    url = fake.response_url("cmd-1")

    response = WebhookClient(url).send(text="done", response_type="ephemeral")

    assert response.status_code == 200
    call = fake.wait_for("respond")[0]
    assert call.params == {"text": "done", "response_type": "ephemeral", "key": "cmd-1"}


def test_shapes_of_common_answers(fake: FakeSlack, client: WebClient) -> None:
    fake.users["U2"] = {"real_name": "Bea", "tz": "Asia/Tokyo"}
    fake.channels["C9"] = {"is_archived": True}

    assert client.conversations_open(users="U2")["channel"]["id"] == "DU2"
    assert client.users_info(user="U2")["user"]["tz"] == "Asia/Tokyo"
    assert client.users_info(user="U2")["user"]["profile"]["real_name"] == "Bea"
    assert client.users_info(user="U3")["user"]["tz"] == "Europe/London"
    assert client.conversations_info(channel="C9")["channel"]["is_archived"] is True
    view = client.views_open(trigger_id="t", view={"type": "modal", "callback_id": "cb", "blocks": []})["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "cb"
    assert client.api_call("some.unknownMethod")["ok"]


def test_latency_and_wait_for_timeout(fake: FakeSlack, client: WebClient) -> None:
    fake.latency = 0.2
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started >= 0.2

    with pytest.raises(AssertionError, match="chat.postMessage.*auth.test x1"):
        fake.wait_for("chat.postMessage", timeout=0.1)


# SlackRequester


def test_requester_signature_verifies(bot: _RecordingServer) -> None:
    requester = SlackRequester(f"http://127.0.0.1:{bot.server_address[1]}", SECRET)

    response = requester.command(text="hello world", user_id="U7")

    assert response.status == 200
    headers, body = bot.received[0]
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    form = parse_qs(body.decode())
    assert form["command"] == ["/reflect"]
    assert form["text"] == ["hello world"]
    assert form["user_id"] == ["U7"]
    assert form["trigger_id"][0]


def test_requester_bad_signature_and_retry_headers(bot: _RecordingServer) -> None:
    requester = SlackRequester(f"http://127.0.0.1:{bot.server_address[1]}", SECRET)

    requester.raw("x=1", "application/x-www-form-urlencoded", signature="v0=bad")
    requester.raw("x=1", "application/x-www-form-urlencoded", timestamp=int(time.time()) - 3600)
    requester.event({"type": "app_home_opened", "user": "U1"}, retry_num=1)

    verifier = SignatureVerifier(SECRET)
    assert [verifier.is_valid_request(body, headers) for headers, body in bot.received] == [False, False, True]
    headers, body = bot.received[2]
    assert headers["x-slack-retry-num"] == "1"
    assert headers["x-slack-retry-reason"] == "http_timeout"
    assert json.loads(body)["event"]["type"] == "app_home_opened"


# FakeSocketMode


def test_socket_mode_round_trip(fake: FakeSlack) -> None:
    with FakeSocketMode() as socket_mode:
        fake.socket_url = socket_mode.url
        client = SocketModeClient(app_token="xapp-1-test", web_client=WebClient(base_url=fake.base_url))
        received: list[SocketModeRequest] = []

        def acknowledge(client: SocketModeClient, request: SocketModeRequest) -> None:
            received.append(request)
            client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload={"text": "got it"}))

        client.socket_mode_request_listeners.append(acknowledge)
        try:
            client.connect()
            socket_mode.wait_for_client()
            assert socket_mode.connection_count == 1
            payload = slash_command_envelope_payload(text="hi")
            envelope_id = socket_mode.send_envelope(payload)
            ack = socket_mode.wait_ack(envelope_id)
        finally:
            client.close()

    assert ack == {"envelope_id": envelope_id, "payload": {"text": "got it"}}
    assert received[0].type == "slash_commands"
    assert received[0].payload == payload
    assert fake.last("apps.connections.open").headers["authorization"] == "Bearer xapp-1-test"


def test_held_calls_wait_unanswered_and_are_done_once_released(fake, client):
    fake.hold("chat.postMessage")
    answers: list[Any] = []
    caller = threading.Thread(target=lambda: answers.append(client.chat_postMessage(channel="C1", text="later")))
    caller.start()
    fake.wait_held("chat.postMessage")
    assert fake.history("C1") == [] and answers == []
    fake.release("chat.postMessage")
    caller.join(timeout=5)
    assert answers[0]["ok"] and [m["text"] for m in fake.history("C1")] == ["later"]


def test_an_outage_answers_503_then_slack_is_back(fake, client):
    fake.unavailable("chat.postMessage")
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="hello")
    assert refused.value.response.status_code == 503
    assert client.chat_postMessage(channel="C1", text="hello")["ok"]


def test_while_down_every_call_answers_503_and_queued_answers_come_first(fake, client):
    fake.down = True
    fake.fail("chat.postMessage", "channel_not_found")
    for call, code in ((client.chat_postMessage, "channel_not_found"), (client.chat_postMessage, "service_unavailable")):
        with pytest.raises(SlackApiError) as refused:
            call(channel="C1", text="hello")
        assert refused.value.response["error"] == code
    with pytest.raises(SlackApiError):
        client.conversations_open(users="U1")
    fake.down = False
    assert client.chat_postMessage(channel="C1", text="hello")["ok"]
    assert fake.history("C1")[0]["text"] == "hello"


def test_thread_replies_and_shared_files_can_be_read_back(fake, client, tmp_path):
    parent = client.chat_postMessage(channel="C1", text="parent")["ts"]
    client.chat_postMessage(channel="C1", text="reply", thread_ts=parent, metadata={"event_type": "e", "event_payload": {"k": 1}})
    client.chat_postMessage(channel="C1", text="elsewhere")
    replies = client.conversations_replies(channel="C1", ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["parent", "reply"] and replies[1]["metadata"]["event_payload"] == {"k": 1}
    (tmp_path / "book.xlsx").write_bytes(b"data")
    client.files_upload_v2(channel="D1", file=str(tmp_path / "book.xlsx"), title="Your book", initial_comment="Here")
    (shared,) = client.conversations_history(channel="D1")["messages"]
    assert (shared["text"], shared["files"][0]["title"]) == ("Here", "Your book")
