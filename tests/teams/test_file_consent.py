"""An export in Teams: the file consent card, the upload on Allow (bytes arrive and open as a workbook), a note on Decline."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from sqlalchemy import select

from bot import clock
from bot.context import Context
from bot.delivery.drain import drain
from bot.interaction import dispatch
from bot.interaction.exchange import Reply
from bot.messaging.addresses import TEAMS, PersonRef, Place, Reach
from bot.messaging.messenger import Posted
from bot.people import retention
from handlers.teams import files
from handlers.teams.actions import answer_invoke
from storage.models import TeamsFileOffer
from tests.fakes.messenger import FakeMessenger
from tests.fakes.onedrive import FakeOneDrive
from tests.teams.people import DELEGATE_ID, EVALUATOR_ID, TENANT, teams_cohort, teams_request


class TeamsFiles(FakeMessenger):
    """The fake messenger, reaching Teams, offering files as the Teams messenger does (consent cards)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.reach = Reach(TEAMS)
        self.ctx = ctx
        self.activities: list[tuple[str, dict[str, Any]]] = []

    def _send(self, person: PersonRef, activity: dict[str, Any]) -> Posted:
        self.activities.append((person.user_id, activity))
        return Posted(Place(TEAMS, person.workspace, f"a:chat-{person.user_id}"), f"m{len(self.activities)}")

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        files.send_file(self.ctx.db, self._send, person, path, title, comment)

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        return files.find_file(self.ctx.db, person, title)


@pytest.fixture
def drive() -> Iterator[FakeOneDrive]:
    fake = FakeOneDrive()
    yield fake
    fake.close()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as client:
        yield client


@pytest.fixture
def teams(ctx: Context) -> TeamsFiles:
    return TeamsFiles(ctx)


@pytest.fixture
def offered(ctx: Context, teams: TeamsFiles) -> dict[str, Any]:
    """An evaluator asked for the export in their chat: the outbox built it and sent a consent card."""
    teams_ctx = ctx.with_messenger(teams)
    teams_cohort(teams_ctx)
    reply = dispatch.run_command(teams_request(teams_ctx, EVALUATOR_ID), "/cohortbot", "export")
    assert isinstance(reply, Reply) and reply.queued
    drain(teams_ctx, reply.queued)
    ((to, activity),) = teams.activities
    assert to == EVALUATOR_ID
    return activity


def consent(offered: dict[str, Any], action: str, upload_url: str = "", name: str = "cohortbot.xlsx") -> dict[str, Any]:
    card = offered["attachments"][0]["content"]
    context = card["acceptContext"] if action == "accept" else card["declineContext"]
    upload = {"name": name, "uploadUrl": upload_url, "contentUrl": f"https://onedrive.example/{name}", "uniqueId": "u1",
              "fileType": "xlsx"}
    return {"type": "invoke", "name": "fileConsent/invoke",
            "value": {"type": "fileUpload", "action": action, "context": context, "uploadInfo": upload}}


def then(answer: Any) -> list[dict[str, Any]]:
    assert answer.status == 200 and answer.body is None
    return answer.then() if answer.then else []


def test_the_export_comes_as_a_consent_card_naming_the_workbook(offered: dict[str, Any]) -> None:
    (attachment,) = offered["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
    assert attachment["name"].endswith(".xlsx")
    assert attachment["content"]["sizeInBytes"] > 0 and "Here is your workbook" in attachment["content"]["description"]


def test_on_allow_the_workbook_is_uploaded_once_and_a_file_card_follows(
    ctx: Context, offered: dict[str, Any], drive: FakeOneDrive, http: httpx.Client
) -> None:
    activity = consent(offered, "accept", drive.upload_url("cohortbot.xlsx"))
    req = teams_request(ctx, EVALUATOR_ID, source_key="teams:i1")
    (info,) = then(answer_invoke(req, activity, http))
    (card,) = info["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert card["contentUrl"] == "https://onedrive.example/cohortbot.xlsx" and card["content"]["uniqueId"] == "u1"
    workbook = openpyxl.load_workbook(io.BytesIO(drive.files["cohortbot.xlsx"]), read_only=True)
    assert "Reflections" in workbook.sheetnames

    assert then(answer_invoke(req, activity, http)) == []  # delivered again: nothing uploaded twice
    assert len(drive.ranges) == 1
    with ctx.db.read() as session:
        assert session.scalar(select(TeamsFileOffer.content)) is None


def test_a_large_file_goes_up_in_ranges(drive: FakeOneDrive, http: httpx.Client) -> None:
    files.upload(http, drive.upload_url("big.bin"), bytes(range(256)) * 40, chunk=4096)
    assert drive.ranges == ["bytes 0-4095/10240", "bytes 4096-8191/10240", "bytes 8192-10239/10240"]
    assert drive.files["big.bin"] == bytes(range(256)) * 40


def test_on_decline_a_short_note_and_the_bytes_are_dropped(ctx: Context, offered: dict[str, Any], http: httpx.Client) -> None:
    (note,) = then(answer_invoke(teams_request(ctx, EVALUATOR_ID), consent(offered, "decline"), http))
    assert note["text"] == files.DECLINED_NOTE
    with ctx.db.read() as session:
        offer = session.scalar(select(TeamsFileOffer))
        assert offer.answer == "declined" and offer.content is None


def test_a_failed_upload_says_so_and_is_not_retried_blindly(
    ctx: Context, offered: dict[str, Any], drive: FakeOneDrive, http: httpx.Client
) -> None:
    drive.fail_next = 1
    activity = consent(offered, "accept", drive.upload_url("cohortbot.xlsx"))
    (note,) = then(answer_invoke(teams_request(ctx, EVALUATOR_ID), activity, http))
    assert note["text"] == files.FAILED_NOTE and "cohortbot.xlsx" not in drive.files
    with ctx.db.read() as session:
        assert session.scalar(select(TeamsFileOffer.content)) is None


def test_someone_elses_consent_card_uploads_nothing(
    ctx: Context, offered: dict[str, Any], drive: FakeOneDrive, http: httpx.Client
) -> None:
    activity = consent(offered, "accept", drive.upload_url("cohortbot.xlsx"))
    (note,) = then(answer_invoke(teams_request(ctx, DELEGATE_ID), activity, http))
    assert note["text"] == files.GONE_NOTE and drive.ranges == []


def test_an_offer_nobody_answers_within_a_week_is_withdrawn_and_its_bytes_dropped(
    ctx: Context, offered: dict[str, Any], drive: FakeOneDrive, http: httpx.Client, time_machine
) -> None:
    time_machine.move_to(clock.now() + timedelta(days=retention.FILE_OFFER_DAYS - 1))
    assert retention.withdraw_unanswered_files(ctx) == 0
    time_machine.move_to(clock.now() + timedelta(days=2))
    retention.purge_expired(ctx)
    with ctx.db.read() as session:
        offer = session.scalar(select(TeamsFileOffer))
        assert (offer.answer, offer.content) == (retention.WITHDRAWN, None)
    activity = consent(offered, "accept", drive.upload_url("cohortbot.xlsx"))
    (note,) = then(answer_invoke(teams_request(ctx, EVALUATOR_ID), activity, http))
    assert note["text"] == files.GONE_NOTE and drive.ranges == []


def test_the_sent_offer_is_found_again_so_an_interrupted_export_is_not_offered_twice(
    ctx: Context, offered: dict[str, Any]
) -> None:
    with ctx.db.read() as session:
        title = session.scalar(select(TeamsFileOffer.title))
    found = files.find_file(ctx.db, TENANT.person(EVALUATOR_ID), title)
    assert found is not None and found.place.conversation == f"a:chat-{EVALUATOR_ID}"
    assert files.find_file(ctx.db, TENANT.person(DELEGATE_ID), title) is None
