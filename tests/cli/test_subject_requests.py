"""`cohortbot erase --person`: a person's request handled by an operator, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import Evidence, Person, Reflection
from tests.bot_process import bot_environment
from tests.conftest import BOT_TOKEN
from tests.journal.helpers import rows


@pytest.fixture
def cohortbot(database_url, fake_slack, tmp_path):
    """Run `cohortbot ARGS` in a process of its own, on the test database and the fake Slack."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = bot_environment({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.base_url})
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
        command = [sys.executable, "-m", "bot", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)

    return run


def stored_entries(db, make_cohort) -> int:
    """U1 has a private reflection, a shared one (posted in the channel), a deleted one and evidence; U2 one reflection."""
    cohort = make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"], channel="C111")
    with db.write() as session:
        u1, u2 = (session.scalar(select(Person.id).where(Person.platform_user_id == u)) for u in ("U1", "U2"))
        for person_id, words, extra in (
            (u1, "Private words", {}),
            (u1, "Shared words", {"visibility": "cohort", "shared_message_id": "1700000000.000900"}),
            (u1, "Deleted words", {"deleted_at": cohort.created_at}),
            (u2, "Someone else's words", {}),
        ):
            session.add(Reflection(person_id=person_id, cohort_id=cohort.id, text=words, **extra))
        session.add(Evidence(person_id=u1, cohort_id=cohort.id, technique="A dashboard"))
    return u1


def test_without_yes_it_shows_what_would_go_and_erases_nothing(cohortbot, db, make_cohort):
    stored_entries(db, make_cohort)
    result = cohortbot("erase", "--person", "U1")
    assert result.returncode == 1
    assert "reflections: 3\n" in result.stdout and "evidence entries: 1\n" in result.stdout
    assert result.stderr == "cohortbot: nothing was erased. Run again with --yes to erase it; this cannot be undone.\n"
    assert len(rows(db, Reflection)) == 4 and rows(db, Person, Person.platform_user_id == "U1")


def test_with_yes_it_erases_tells_the_facilitators_and_says_what_is_still_to_do(cohortbot, db, fake_slack, make_cohort):
    u1 = stored_entries(db, make_cohort)
    fake_slack.fail("chat.delete", "internal_error")  # a passing fault: tried again later
    result = cohortbot("erase", "--person", "U1", "--yes")
    assert result.returncode == 0
    warning = "WARNING bot.delivery.claims: removal of a shared post (row 1) failed: temporary (internal_error)\n"
    assert result.stderr.endswith(warning)
    assert result.stderr.count("\n") == 1
    assert result.stdout.splitlines() == [
        "Erased U1:",
        "  reflections: 3",
        "  evidence entries: 1",
        "  confidence ratings: 0",
        "  evaluations: 0",
        "  cohort memberships: 1",
        "  session invitations: 0",
        "  1-2-1s: 0",
        "  coach assignments: 0",
        "  and their name, timezone, challenge and reminder settings.",
        "Still to do: removing 1 shared post(s) from their cohort's channel. "
        "The running bot does this on its next tick (or run: cohortbot tick).",
    ]
    assert [r.text for r in rows(db, Reflection)] == ["Someone else's words"]
    assert rows(db, Person, Person.platform_user_id == "U1") == []
    assert rows(db, Person, Person.id == u1)[0].platform_user_id == f"erased:{u1}"
    (notice,) = [c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "DUFAC"]
    assert "asked cohortbot to erase their data" in str(notice.params)

    again = cohortbot("erase", "--person", "U1", "--yes")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == "cohortbot: No one with the id U1 is stored in workspace T1.\n"


def test_an_unknown_person_is_one_line(cohortbot, db):
    result = cohortbot("erase", "--person", "U404")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "cohortbot: No one with the id U404 is stored in workspace T1.\n"
