"""`cohortbot console` as a person runs it: a real process, input piped in, no .env, no Slack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.models import Person, Reflection

ROOT = Path(__file__).resolve().parents[2]


def cohortbot(*args: str, stdin: str = "", cwd: Path, database_url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def reflections(url: str) -> list[tuple[str, str]]:
    db = Database(url)
    try:
        with db.read() as session:
            query = select(Person.display_name, Reflection.text).join(Person).order_by(Reflection.id)
            return [tuple(row) for row in session.execute(query)]
    finally:
        db.dispose()


def test_first_run_on_a_fresh_machine_builds_the_demo_and_takes_commands(tmp_path: Path):
    assert not (tmp_path / ".env").exists()
    result = cohortbot("console", stdin="/reflect My first try of the console\n/as Rosa\n/who\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Added the demo programme" in result.stdout and "fictional" in result.stdout
    assert "[only you] Saved to your journal (Cohort 1 (demo), week 14)." in result.stdout
    assert "You are now Rosa Delacourt" in result.stdout
    assert "Nobody" not in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert ">" not in result.stdout.replace("<- you", "")  # piped input: no prompts in the transcript
    assert reflections(f"sqlite:///{tmp_path / 'cohortbot-demo.db'}")[-1] == ("Ada Brightwater", "My first try of the console")
    assert not (tmp_path / "cohortbot.db").exists()  # the real bot's default database never gets the demo


def test_a_second_run_keeps_what_the_first_saved(tmp_path: Path, database_url: str):
    first = cohortbot("console", "--as", "Kemi", stdin="/reflect Kept across runs\n", cwd=tmp_path, database_url=database_url)
    assert first.returncode == 0, first.stderr
    second = cohortbot("console", "--as", "Kemi", stdin="/reflect", cwd=tmp_path, database_url=database_url)
    assert second.returncode == 0, second.stderr
    assert "Added the demo programme" not in second.stdout
    assert "The input ended before the form was finished" in second.stdout
    assert "Goodbye." in second.stdout and "Traceback" not in second.stderr
    kemi = [text for name, text in reflections(database_url) if name == "Kemi Ashdown"]
    assert kemi[-1] == "Kept across runs"


def test_starting_as_someone_unknown_says_so_and_starts_anyway_so_who_can_help(tmp_path: Path, database_url: str):
    result = cohortbot("console", "--as", "Nobody Atall", stdin="/who\n", cwd=tmp_path, database_url=database_url)
    assert result.returncode == 0, result.stderr
    assert "There is no one called 'nobody atall' here. Type /who to see who you can be." in result.stdout
    assert "You are Ada Brightwater" in result.stdout
    assert "Rosa" in result.stdout.split("You are Ada Brightwater", 1)[1]  # /who lists the people one can be
    assert result.stderr == ""


def test_the_programme_lead_can_use_admin_commands_in_the_console(tmp_path: Path, database_url: str):
    result = cohortbot("console", "--as", "Rosa", stdin="/cohortbot help\n", cwd=tmp_path, database_url=database_url)
    assert result.returncode == 0, result.stderr
    assert "[only you] What you can do with cohortbot\n" in result.stdout
    assert "*" not in result.stdout and "`" not in result.stdout  # plain text, not Slack markup
