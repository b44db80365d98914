"""The HTTP server and Socket Mode, without Slack."""

import json
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler
from sqlalchemy import select

from bot.delivery.leases import leader_of
from handlers.slack.app import build_app
from storage.models import Reflection
from tests.bot_process import start_bot
from tests.fakes.requests import slash_command_envelope_payload
from tests.fakes.socket_mode import FakeSocketMode


def test_healthz_reports_the_database(slack):
    response = slack.get("/healthz")
    assert response.status == 200
    # The test server does not tick: no scheduler, no lease.
    assert response.json() == {"status": "ok", "database": "ok", "scheduler": "off", "leader": False, "replica": None}


def test_unknown_paths_are_not_found(slack):
    assert slack.get("/nothing-here").status == 404


def test_socket_mode_acknowledges_a_slash_command_and_stores_it(ctx, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    with FakeSocketMode() as socket:
        fake_slack.socket_url = socket.url
        handler = SocketModeHandler(build_app(ctx), "xapp-1-test")
        thread = threading.Thread(target=handler.connect, daemon=True)
        thread.start()
        try:
            socket.wait_for_client()
            payload = slash_command_envelope_payload(command="/reflect", text="over the socket", user_id="U1")
            envelope_id = socket.send_envelope(payload)
            ack = socket.wait_ack(envelope_id)
        finally:
            handler.close()
    assert "Saved to your journal" in ack["payload"]["text"]
    with ctx.db.read() as session:
        assert list(session.scalars(select(Reflection.text))) == ["over the socket"]


def test_healthz_says_when_the_database_is_unreachable(ctx, tmp_path):
    from wsgiref.util import setup_testing_defaults

    from handlers.slack.http import CohortbotWsgi
    from storage.db import Database

    broken = Database(f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    environ: dict = {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    statuses: list[str] = []
    body = b"".join(CohortbotWsgi(build_app(ctx), broken, "secret")(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["503 Service Unavailable"]
    assert json.loads(body) == {
        "status": "degraded", "database": "unreachable", "scheduler": "off", "leader": False, "replica": None,
    }  # fmt: skip


def test_cohortbot_run_serves_http_and_stops_cleanly_on_sigterm(fake_slack, database_url, db, tmp_path):
    import urllib.request

    settings = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake_slack.base_url,
    }
    server = start_bot(settings, tmp_path)
    try:
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
            health = json.load(response)
        assert {**health, "replica": "..."} == {
            "status": "ok", "database": "ok", "scheduler": "running", "leader": True, "replica": "...",
        }  # fmt: skip
        assert server.stop() == 0
        assert leader_of(db) is None  # it gave the lead up as it stopped: another replica takes it at once
    finally:
        if server.process.poll() is None:
            server.kill()
