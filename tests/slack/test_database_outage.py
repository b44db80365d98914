"""A database that is locked or hung: people are answered in time with their words, /healthz says why."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.interaction.text import NOT_SAVED
from handlers.after_answer import finish_after_ack_work
from handlers.slack.app import build_app
from handlers.slack.http import make_server
from storage.db import Database
from storage.models import Reflection
from tests.conftest import POSTGRES_URL, SIGNING_SECRET
from tests.fakes.requests import SlackRequester
from tests.journal.helpers import state, text

WORDS = "What I learnt this week & why it matters"


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts TCP connections on 127.0.0.1 and never says a word, like a hung PostgreSQL."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    accepted: list[socket.socket] = []
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stopping.set()
        listener.close()
        for connection in accepted:
            connection.close()


@contextmanager
def bot_on(ctx, db: Database) -> Iterator[SlackRequester]:
    """The real Bolt app and WSGI server, working on `db`."""
    server = make_server(build_app(replace(ctx, db=db)), db, SIGNING_SECRET, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        # Slack gives up after 3 s; the client here waits a generous 10 s (the old SQLite
        # busy timeout was 15 s, and a hung PostgreSQL was waited for without end).
        yield SlackRequester(f"http://127.0.0.1:{server.port}", SIGNING_SECRET, timeout=10)
    finally:
        finish_after_ack_work()
        server.stop()
        thread.join(timeout=5)


def _told_not_saved_with_their_words(response) -> None:
    assert response.status == 200
    text = response.json()["text"]
    assert NOT_SAVED in text
    assert "Here is what you wrote" in text
    assert WORDS.replace("&", "&amp;") in text


def test_a_hung_postgresql_gets_an_answer_with_their_words_and_healthz_503(ctx, make_cohort):
    with silent_server() as port:
        hung = Database(f"postgresql://postgres@127.0.0.1:{port}/cohortbot")
        try:
            with bot_on(ctx, hung) as slack:
                _told_not_saved_with_their_words(slack.command("/reflect", WORDS, user_id="U1"))
                health = slack.get("/healthz")
        finally:
            hung.dispose()
    assert health.status == 503
    assert health.json() == {
        "status": "degraded", "database": "not answering", "scheduler": "off", "leader": False, "replica": None,
    }  # fmt: skip


sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's write lock")


@contextmanager
def write_lock_elsewhere(database_url: str) -> Iterator[None]:
    """Another process's connection holding SQLite's write lock on the same file."""
    other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


@sqlite_only
def test_a_locked_sqlite_file_gets_an_answer_with_their_words(ctx, db, database_url, make_cohort):
    make_cohort(delegates=["U1"])
    with bot_on(ctx, db) as slack:
        with write_lock_elsewhere(database_url):
            _told_not_saved_with_their_words(slack.command("/reflect", WORDS, user_id="U1"))
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Reflection)) == 0
        assert "Saved to your journal" in slack.command("/reflect", WORDS, user_id="U1").json()["text"]


@sqlite_only
def test_healthz_names_the_lock_while_the_sqlite_file_cannot_be_written(ctx, db, database_url):
    with bot_on(ctx, db) as slack:
        with write_lock_elsewhere(database_url):
            locked = slack.get("/healthz")
        free = slack.get("/healthz")
    assert locked.status == 503
    assert locked.json() == {"status": "degraded", "database": "locked", "scheduler": "off", "leader": False, "replica": None}
    assert free.status == 200
    assert free.json() == {"status": "ok", "database": "ok", "scheduler": "off", "leader": False, "replica": None}


@sqlite_only
def test_a_form_sent_while_the_sqlite_file_is_locked_stays_open_with_what_was_typed(ctx, db, database_url, make_cohort):
    make_cohort(delegates=["U1"])
    with bot_on(ctx, db) as slack:
        with write_lock_elsewhere(database_url):
            answer = slack.view_submission("form:reflection", state(text=text(WORDS)), user_id="U1")
    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert NOT_SAVED in body["errors"]["text"]
