"""`cohortbot erase --person` and `export --person`: a person's requests handled by an operator, as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import (
    Base,
    ChallengeRevision,
    CoachAssignment,
    CoachingAction,
    CoachingMeeting,
    Cohort,
    CohortSession,
    ConfidenceRating,
    Evaluation,
    Evidence,
    ExportAudit,
    PeerGroup,
    PeerGroupMember,
    PeerReply,
    PeerSkip,
    Person,
    Reflection,
    SessionInvitation,
    Suggestion,
    TeamsFileOffer,
)
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
        "  earlier versions of their challenge: 0",
        "  challenge ideas: 0",
        "  peer pairings: 0",
        "  peer rounds sat out: 0",
        "  replies counted as peer support: 0",
        "  files waiting for their consent in Teams: 0",
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


def tables_naming_a_person() -> set[str]:
    """Every mapped table with a column that refers to a person, found from the models themselves."""
    return {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        for column in mapper.local_table.columns
        if any(key.column.table.name == "people" for key in column.foreign_keys)
    }


def one_row_in_every_table(db, make_cohort) -> None:
    """U1 as a delegate in every kind of record, and as U2's coach; U2's own words must not leak."""
    stored_entries(db, make_cohort)
    make_cohort("Cohort 2", channel="C222", delegates=["U2"], facilitators=["UFAC"])
    with db.write() as session:
        ids = dict(session.execute(select(Person.platform_user_id, Person.id)).all())
        cohort = session.scalar(select(Cohort).where(Cohort.name == "Cohort 1"))
        u1, u2, fac = ids["U1"], ids["U2"], ids["UFAC"]
        session.add(ConfidenceRating(person_id=u1, cohort_id=cohort.id, phase="baseline", item_key="data", rating=3))
        session.add(Evaluation(person_id=u1, cohort_id=cohort.id, answers={"quality": {"rating": 4, "comment": "Useful"}}))
        session.add(CoachAssignment(cohort_id=cohort.id, delegate_id=u1, coach_id=fac))
        session.add(CoachAssignment(cohort_id=cohort.id, delegate_id=u2, coach_id=u1))
        mine = CoachingMeeting(cohort_id=cohort.id, delegate_id=u1, coach_id=fac, request="Help with my data", notes="U1 notes")
        theirs = CoachingMeeting(cohort_id=cohort.id, delegate_id=u2, coach_id=u1, request="U2 request", notes="U2 notes")
        session.add_all([mine, theirs])
        session.flush()
        session.add(CoachingAction(meeting_id=mine.id, text="Book the data course"))
        session.add(CoachingAction(meeting_id=theirs.id, text="U2 action"))
        planned = CohortSession(cohort_id=cohort.id, title="Kick-off", starts_at=cohort.created_at)
        session.add(planned)
        session.flush()
        session.add(SessionInvitation(session_id=planned.id, person_id=u1, role="delegate", answer="going"))
        session.add(SessionInvitation(session_id=planned.id, person_id=u2, role="delegate", reason="U2 reason"))
        session.add(ChallengeRevision(person_id=u1, text="My first challenge"))
        session.add(Suggestion(cohort_id=cohort.id, person_id=u1, text="Shadow a call handler", licence="CC BY 4.0"))
        session.add(Suggestion(cohort_id=cohort.id, person_id=u2, text="U2 idea", licence="CC BY 4.0"))
        pair = PeerGroup(cohort_id=cohort.id, week=1)
        session.add(pair)
        session.flush()
        session.add_all([PeerGroupMember(group_id=pair.id, person_id=u1), PeerGroupMember(group_id=pair.id, person_id=u2)])
        session.add(PeerSkip(cohort_id=cohort.id, person_id=u1, week=3))
        session.add(PeerReply(cohort_id=cohort.id, person_id=u1, week=1, conversation="C111", message_id="1700000000.000100"))
        offer = TeamsFileOffer(token="t1", person_id=u1, name="cohort.xlsx", title="Cohort 1", comment="", size=9)
        session.add(offer)
        offer.content = b"U2's workbook bytes"


def test_a_subject_access_export_holds_every_table_that_names_them_and_nothing_of_others(cohortbot, db, make_cohort, tmp_path):
    one_row_in_every_table(db, make_cohort)
    result = cohortbot("export", "--person", "U1", "--out", str(tmp_path / "u1.json"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Wrote {tmp_path / 'u1.json'} (people: 1, challenge revisions: 1, coach assignments: 2, ")
    assert ", reflections: 3," in result.stdout and ", evidence: 1," in result.stdout
    assert result.stdout.endswith("It holds everything stored about U1: send it to them securely.\n")
    document = json.loads((tmp_path / "u1.json").read_text(encoding="utf-8"))

    assert tables_naming_a_person() == {
        "memberships", "reflections", "evidence", "confidence_ratings", "evaluations",
        "coach_assignments", "coaching_meetings", "session_invitations",
        "challenge_revisions", "suggestions", "peer_group_members", "peer_skips", "peer_replies",
        "teams_file_offers",
    }  # fmt: skip
    assert [table for table in tables_naming_a_person() if not document.get(table)] == []
    assert document["about"]["person"] == "slack:T1:U1"
    (deleted,) = [r for r in document["reflections"] if r["deleted_at"]]
    assert deleted["text"] == "Deleted words"
    assert [a["text"] for a in document["coaching_actions"]] == ["Book the data course"]
    assert [m.get("notes") for m in document["coaching_meetings"]] == ["U1 notes", None]  # as U2's coach: nothing of U2's
    assert [c["name"] for c in document["cohorts"]] == ["Cohort 1"]
    assert [s["title"] for s in document["cohort_sessions"]] == ["Kick-off"]
    text = json.dumps(document)
    others = ("Someone else's words", "U2 request", "U2 notes", "U2 action", "U2 reason", "U2 idea", "U2's workbook")
    assert [w for w in others if w in text] == []
    (offer,) = document["teams_file_offers"]  # what they were offered, but not the workbook itself: it is about others
    assert offer["name"] == "cohort.xlsx" and "content" not in offer
    (audit,) = rows(db, ExportAudit)
    assert (audit.kind, audit.scope["person"]) == ("subject_access", "slack:T1:U1")


def test_a_subject_access_export_of_someone_unknown_is_one_line_and_writes_nothing(cohortbot, db, tmp_path):
    result = cohortbot("export", "--person", "U404", "--out", str(tmp_path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "cohortbot: No one with the id U404 is stored in workspace T1.\n"
    assert list(tmp_path.glob("*.json")) == []
