"""Cards, dialogs and file consent end to end: activities POSTed over real HTTP to the running bot, the fake Teams
recording what it sends, and the invokes' answers read from the HTTP responses."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from bot.delivery.outbox import EXPORT
from bot.people.roles import DELEGATE, EVALUATOR
from handlers.teams.commands import EXPORT_IN_CHANNEL
from handlers.teams.render.cards import BUTTON_VERB, DATA_KEY, FORM_VERB
from storage.db import Database
from storage.models import Cohort, Membership, OutboxItem, Person, Reflection
from tests.fakes.onedrive import FakeOneDrive
from tests.fakes.teams import GENERAL, FakeTeams, member
from tests.teams.activities import TeamsClient, in_channel, personal, team_install
from tests.waiting import wait_until

ADMIN = "29:admin"
SAM = "29:sam"
ADA = "29:ada"
CARD = "application/vnd.microsoft.card.adaptive"
ROLE_DMS = 1  # what Sam and Ada are sent when enrolled, before any test's own


def mention(activity: dict[str, Any], user_id: str, name: str) -> dict[str, Any]:
    """The activity with an @mention of the person, as Teams sends it: `<at>Name</at>` in the text and an entity."""
    tag = f"<at>{name}</at>"
    entity = {"type": "mention", "text": tag, "mentioned": {"id": user_id, "name": name}}
    return {**activity, "text": f"{activity['text']} {tag}", "entities": [*activity["entities"], entity]}


def invoke(fake: FakeTeams, name: str, value: Any, *, user: str = SAM, channel: bool = False) -> dict[str, Any]:
    """An invoke from a card: in the person's chat with the bot, or on a channel post."""
    base = in_channel(fake, "", user=user, mention=False) if channel else personal(fake, "", user=user)
    return {**base, "type": "invoke", "name": name, "value": value, "text": None}


def cards(activities: list[Any]) -> list[dict[str, Any]]:
    attached = [(a.body.get("attachments") or [{}])[0] for a in activities]
    return [attachment["content"] for attachment in attached if attachment.get("contentType") == CARD]


def said(fake: FakeTeams, user: str, count: int) -> list[Any]:
    """What the bot has said to `user` in their chat with it, once it has said `count` things, oldest first."""
    wait_until(lambda: len(fake.dms_to(user)) >= count, what=f"{count} message(s) to {user}")
    return fake.dms_to(user)


def answers(fake: FakeTeams, user: str, count: int, before: int) -> list[Any]:
    """The `count` things said to `user` after the first `before` (e.g. the DM telling them their role)."""
    return said(fake, user, before + count)[before:]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


def texts(card: dict[str, Any]) -> list[str]:
    return [element["text"] for element in card["body"] if element["type"] == "TextBlock"]


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(card.get("actions", []))
    for element in card["body"]:
        found += element.get("actions", [])
    found += [inner for action in found if action["type"] == "Action.ShowCard" for inner in action["card"]["actions"]]
    return found


def submit(card: dict[str, Any], typed: dict[str, str]) -> dict[str, Any]:
    """What Teams sends for a form card's submit action: its data with the inputs merged in."""
    (action,) = card["actions"]
    return {**action["data"], **typed}


@pytest.fixture
def cohort(bot: TeamsClient, fake_teams: FakeTeams, db: Database) -> int:
    """The bot in the team; an admin makes Cohort 1 in General and enrols Sam and Ada there by @mentioning them."""
    fake_teams.members[ADMIN] = member(ADMIN, "Ann Admin")
    assert bot.send(team_install(fake_teams)).status_code == 200
    commands = [
        in_channel(fake_teams, 'cohortbot cohort create "Cohort 1" --start 2027-01-04', user=ADMIN, name="Ann Admin"),
        mention(in_channel(fake_teams, 'cohortbot cohort enrol "Cohort 1" delegate', user=ADMIN), SAM, "Sam Delegate"),
        mention(in_channel(fake_teams, 'cohortbot cohort enrol "Cohort 1" evaluator', user=ADMIN), ADA, "Ada Lovelace"),
    ]
    for count, command in enumerate(commands, start=1):
        assert bot.send(command).status_code == 200
        said(fake_teams, ADMIN, count)
    for person in (SAM, ADA):
        (told,) = said(fake_teams, person, ROLE_DMS)
        assert "Cohort 1" in told.text
    with db.read() as session:
        return session.scalar(select(Cohort.id).where(Cohort.name == "Cohort 1"))


def test_a_cohort_made_and_filled_from_its_channel_by_mentions(cohort: int, fake_teams: FakeTeams, db: Database) -> None:
    created, enrolled, _ = (activity.text for activity in fake_teams.dms_to(ADMIN))
    assert created.startswith("Created Cohort 1") and enrolled.startswith("Enrolled 1 of 1 as delegate in Cohort 1")
    with db.read() as session:
        assert session.scalar(select(Cohort.conversation).where(Cohort.id == cohort)) == GENERAL
        roles = session.execute(
            select(Person.platform_user_id, Membership.role).join(Membership, Membership.person_id == Person.id)
            .where(Membership.cohort_id == cohort, Person.platform_user_id.in_([SAM, ADA]))
        ).all()
    assert sorted(roles) == [(ADA, EVALUATOR), (SAM, DELEGATE)]


def reflections(db: Database) -> list[tuple[str, int | None]]:
    with db.read() as session:
        rows = session.execute(select(Reflection.text, Reflection.week).where(Reflection.deleted_at.is_(None)))
        return [tuple(row) for row in rows]


def test_reflect_with_no_text_is_a_form_card_whose_errors_come_back_in_it(
    cohort: int, bot: TeamsClient, fake_teams: FakeTeams, db: Database
) -> None:
    assert bot.send(personal(fake_teams, "reflect", user=SAM)).status_code == 200
    (form,) = cards(answers(fake_teams, SAM, 1, ROLE_DMS))
    assert set(inputs(form)) == {"text", "visibility"} and form["actions"][0]["verb"] == FORM_VERB

    empty = {"action": {"verb": FORM_VERB, "data": submit(form, {"visibility": "cohort"})}}
    refused = bot.send(invoke(fake_teams, "adaptiveCard/action", empty))
    body = refused.json()
    assert refused.status_code == 200 and body["type"] == CARD
    assert inputs(body["value"])["visibility"]["value"] == "cohort"
    assert "Your reflection is empty. Please write a few words." in texts(body["value"])

    typed = {"action": {"verb": FORM_VERB, "data": submit(form, {"text": "Tried a **blueprint**", "visibility": "private"})}}
    saved = bot.send(invoke(fake_teams, "adaptiveCard/action", typed)).json()
    assert any(text.startswith("Saved to your journal (Cohort 1") for text in texts(saved["value"]))
    assert [text for text, _ in reflections(db)] == ["Tried a **blueprint**"]


def test_the_weekly_challenge_is_a_card_in_the_channel_whose_reflect_button_opens_a_dialog(
    cohort: int, bot: TeamsClient, fake_teams: FakeTeams, db: Database
) -> None:
    for command in ('cohortbot cohort schedule "Cohort 1"', 'cohortbot cohort post-now "Cohort 1"'):
        assert bot.send(in_channel(fake_teams, command, user=ADMIN)).status_code == 200
    wait_until(lambda: cards(fake_teams.sent(GENERAL)), what="the weekly post")
    (post,) = cards(fake_teams.sent(GENERAL))
    assert texts(post)[0].startswith("Week 1 of 26: ")
    reflect, evidence = actions(post)
    assert (reflect["title"], evidence["title"]) == ("Write a reflection", "Log evidence")
    assert reflect["data"]["msteams"] == {"type": "task/fetch"}

    fetched = bot.send(invoke(fake_teams, "task/fetch", {"data": reflect["data"]}, channel=True)).json()
    dialog = fetched["task"]["value"]["card"]["content"]
    assert fetched["task"]["type"] == "continue" and set(inputs(dialog)) == {"text", "visibility"}
    submitted = {"data": submit(dialog, {"text": "Mapped our service", "visibility": "private"})}
    for _ in range(2):  # Teams delivers the same invoke twice: one reflection
        activity = invoke(fake_teams, "task/submit", submitted, channel=True)
        done = bot.send({**activity, "id": "invoke-submit-1"}).json()
        assert any("Saved to your journal (Cohort 1, week 1)" in text for text in texts(done["task"]["value"]["card"]["content"]))
    assert reflections(db) == [("Mapped our service", 1)]


def test_journal_is_a_card_whose_delete_answers_with_the_journal_refreshed(
    cohort: int, bot: TeamsClient, fake_teams: FakeTeams
) -> None:
    for number, text in enumerate(["reflect First thoughts", "reflect Second thoughts", "journal"], start=1):
        assert bot.send(personal(fake_teams, text, user=SAM)).status_code == 200
        answers(fake_teams, SAM, number, ROLE_DMS)
    (journal,) = cards(answers(fake_teams, SAM, 3, ROLE_DMS))
    assert texts(journal)[0] == "Your learning journal" and "Second thoughts" in texts(journal)
    delete = next(action for action in actions(journal) if action["title"] == "Yes")
    assert delete["verb"] == BUTTON_VERB and delete["data"][DATA_KEY]["action_id"] == "delete_entry"
    answer = bot.send(invoke(fake_teams, "adaptiveCard/action", {"action": {"verb": BUTTON_VERB, "data": delete["data"]}})).json()
    refreshed = answer["value"]
    assert texts(refreshed)[0] == "Your learning journal" and "First thoughts" in texts(refreshed)
    assert "Second thoughts" not in texts(refreshed)


@pytest.fixture
def drive() -> Iterator[FakeOneDrive]:
    fake = FakeOneDrive()
    yield fake
    fake.close()


def consent_answer(card: dict[str, Any], action: str, drive: FakeOneDrive) -> dict[str, Any]:
    upload = {"name": card["name"], "uploadUrl": drive.upload_url(card["name"]), "contentUrl": "https://x.example/f.xlsx",
              "uniqueId": "u-1", "fileType": "xlsx"}
    context = card["content"]["acceptContext" if action == "accept" else "declineContext"]
    return {"type": "fileUpload", "action": action, "context": context, "uploadInfo": upload}


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_export_comes_by_file_consent(
    action: str, cohort: int, bot: TeamsClient, fake_teams: FakeTeams, drive: FakeOneDrive
) -> None:
    assert bot.send(personal(fake_teams, "cohortbot export", user=ADA)).status_code == 200
    building, offer = answers(fake_teams, ADA, 2, ROLE_DMS)
    assert building.text.startswith("Building your workbook")
    (consent,) = offer.body["attachments"]
    assert consent["contentType"] == "application/vnd.microsoft.teams.card.file.consent" and consent["name"].endswith(".xlsx")

    answer = bot.send(invoke(fake_teams, "fileConsent/invoke", consent_answer(consent, action, drive), user=ADA))
    assert answer.status_code == 200
    (*_, last) = answers(fake_teams, ADA, 3, ROLE_DMS)
    if action == "decline":
        assert last.text.startswith("No problem") and drive.ranges == []
        return
    (info,) = last.body["attachments"]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info" and info["content"]["uniqueId"] == "u-1"
    workbook = openpyxl.load_workbook(io.BytesIO(drive.files[consent["name"]]), read_only=True)
    assert "Reflections" in workbook.sheetnames


def test_an_export_asked_for_in_a_channel_is_refused_and_says_where_to_ask(
    cohort: int, bot: TeamsClient, fake_teams: FakeTeams, db: Database
) -> None:
    assert bot.send(in_channel(fake_teams, "cohortbot export", user=ADA, name="Ada Lovelace")).status_code == 200
    (answer,) = answers(fake_teams, ADA, 1, ROLE_DMS)
    assert answer.text == EXPORT_IN_CHANNEL
    with db.read() as session:
        assert session.scalar(select(OutboxItem.id).where(OutboxItem.kind == EXPORT)) is None
