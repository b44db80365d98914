"""Driving the console in-process: lines in through a StringIO, the transcript back as text."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.context import Context
from bot.demo import build_demo
from handlers.bootstrap import bootstrap
from handlers.console.session import ConsoleSession
from handlers.console.terminal import Terminal
from storage.db import Database
from storage.models import Person, Reflection

Console = Callable[..., str]


@pytest.fixture
def console_ctx(database_url: str) -> Iterator[Context]:
    ctx = bootstrap(Settings(_env_file=None, database_url=database_url))
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def console_db(console_ctx: Context) -> Database:
    return console_ctx.db


@pytest.fixture
def demo(console_db: Database) -> Database:
    build_demo(console_db)
    return console_db


@pytest.fixture
def console(console_ctx: Context, tmp_path: Path) -> Console:
    """console("/reflect hi", "/as Rosa", person="Ada") runs the lines and returns what was printed."""

    def run(*lines: str, person: str | None = None) -> str:
        out = io.StringIO()
        terminal = Terminal(io.StringIO("".join(f"{line}\n" for line in lines)), out, interactive=False)
        ConsoleSession(console_ctx, terminal, outbox=tmp_path / "outbox").run(person)
        return out.getvalue()

    return run


def reflections_by(db: Database, name: str) -> list[str]:
    with db.read() as session:
        query = select(Reflection.text).join(Person).where(Person.display_name == name).order_by(Reflection.id)
        return list(session.scalars(query))
