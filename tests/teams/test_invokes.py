"""Card actions and dialogs answered as Teams expects, through the same dispatch table as Slack's buttons and modals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.exchange import Button
from bot.journal.entries import REFLECTION, EntryRef
from bot.journal.reflections import ReflectionRequest, add_reflection
from bot.journal.view import PAGE_SIZE
from bot.programme.weekly_post import week_buttons
from bot.surveys.confidence import instrument
from handlers.teams.actions.card_action import card_action
from handlers.teams.actions.dialogs import task_fetch, task_submit
from handlers.teams.render.cards import BUTTON_VERB, DATA_KEY, FORM_VERB, Surface, button_data
from handlers.teams.render.forms import form_card
from storage.models import Cohort, ConfidenceRating, Reflection
from tests.teams.people import DELEGATE_ID, TENANT, teams_cohort, teams_request


@pytest.fixture
def teams_ctx(neutral_ctx: Context) -> Context:
    teams_cohort(neutral_ctx)
    return neutral_ctx


def inputs(card: dict) -> dict[str, dict]:
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


def texts(card: dict) -> list[str]:
    return [element["text"] for element in card["body"] if element["type"] == "TextBlock"]


def dialog_card(body: dict) -> dict:
    assert body["task"]["type"] == "continue"
    attachment = body["task"]["value"]["card"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


def answered_card(body: dict) -> dict:
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    return body["value"]


def submit_data(card: dict, typed: dict[str, str]) -> dict:
    (action,) = card["actions"]
    return json.loads(json.dumps({**action["data"], **typed}))


def reflections(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Reflection.text).where(Reflection.deleted_at.is_(None)).order_by(Reflection.id)))


def test_the_weekly_posts_reflect_button_opens_the_form_in_a_dialog_and_saves_once(teams_ctx: Context) -> None:
    cohort_id = teams_cohort_id(teams_ctx)
    reflect = week_buttons(cohort_id, 1)[0]
    fetched = task_fetch(teams_request(teams_ctx), {"data": {"msteams": {"type": "task/fetch"}, **button_data(reflect)}})
    assert fetched.body["task"]["value"]["title"] == "Reflection"
    card = dialog_card(fetched.body)
    assert set(inputs(card)) == {"text", "visibility"} and card["actions"][0]["type"] == "Action.Submit"

    empty = task_submit(teams_request(teams_ctx, source_key="teams:a1"), {"data": submit_data(card, {"visibility": "cohort"})})
    again = dialog_card(empty.body)
    assert inputs(again)["visibility"]["value"] == "cohort"
    assert "Your reflection is empty. Please write a few words." in texts(again)
    assert reflections(teams_ctx) == []

    typed = submit_data(card, {"text": "Tried a blueprint", "visibility": "private"})
    for _ in range(2):  # Teams delivers the same invoke again: one reflection
        saved = task_submit(teams_request(teams_ctx, source_key="teams:a2"), {"data": typed})
        assert any("Saved to your journal (Cohort 1, week 1)" in text for text in texts(dialog_card(saved.body)))
    assert reflections(teams_ctx) == ["Tried a blueprint"]


def teams_cohort_id(ctx: Context) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(Cohort.id).where(Cohort.workspace == TENANT.id))


def test_a_survey_card_keeps_its_answers_when_one_is_missing_and_saves_when_complete(teams_ctx: Context) -> None:
    opened = dispatch.run_command(teams_request(teams_ctx), "/confidence", "")
    form = opened.form
    assert form is not None
    card = form_card(form, Surface.PERSONAL)
    keys = [item.key for item in instrument().items]
    partial = {key: "4" for key in keys[1:]}
    action = {"action": {"type": "Action.Execute", "verb": FORM_VERB, "data": submit_data(card, partial)}}
    refused = answered_card(card_action(teams_request(teams_ctx, source_key="teams:c1"), action).body)
    assert all(inputs(refused)[key]["value"] == "4" for key in keys[1:])
    assert "Please choose a rating from 1 to 5." in texts(refused)

    action["action"]["data"] = submit_data(card, {key: "3" for key in keys})
    saved = answered_card(card_action(teams_request(teams_ctx, source_key="teams:c2"), action).body)
    assert not inputs(saved)
    with teams_ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ConfidenceRating)) == len(keys)


def _reflect(ctx: Context, count: int) -> list[int]:
    cohort_id = teams_cohort_id(ctx)
    person = TENANT.person(DELEGATE_ID)
    return [add_reflection(ctx.db, ReflectionRequest(person, f"Entry {n}", cohort_id=cohort_id)).id for n in range(count)]


def press(ctx: Context, action_id: str, value: str) -> dict:
    data = button_data(Button("x", action_id, value))
    return answered_card(card_action(teams_request(ctx), {"action": {"verb": BUTTON_VERB, "data": data}}).body)


def test_journal_buttons_answer_with_the_journal_refreshed_in_place(teams_ctx: Context) -> None:
    ids = _reflect(teams_ctx, PAGE_SIZE + 2)
    older = press(teams_ctx, "home_page", "1")
    assert "12 in all, newest first. Page 2." in texts(older)
    assert "Entry 0" in texts(older) and f"Entry {PAGE_SIZE + 1}" not in texts(older)

    deleted = press(teams_ctx, "delete_entry", EntryRef(REFLECTION, ids[0], 1).value())
    assert "11 in all, newest first. Page 2." in texts(deleted) and "Entry 0" not in texts(deleted)
    assert "Entry 0" not in reflections(teams_ctx)


def test_editing_an_entry_opens_its_form_and_saving_shows_the_journal_with_a_notice(teams_ctx: Context) -> None:
    (entry,) = _reflect(teams_ctx, 1)
    form = press(teams_ctx, "edit_entry", EntryRef(REFLECTION, entry, 0).value())
    assert inputs(form)["text"]["value"] == "Entry 0"
    action = {"action": {"verb": FORM_VERB, "data": submit_data(form, {"text": "Entry, revised", "visibility": "private"})}}
    journal = answered_card(card_action(teams_request(teams_ctx), action).body)
    assert "Your learning journal" in texts(journal) and "Entry, revised" in texts(journal)
    assert any(text.startswith("Your reflection is updated") for text in texts(journal))


@pytest.mark.parametrize(
    "value",
    [None, {}, {"action": {"verb": BUTTON_VERB, "data": {}}}, {"action": {"verb": FORM_VERB, "data": {DATA_KEY: {"form": 1}}}}],
)
def test_an_action_the_bot_cannot_read_is_answered_politely(teams_ctx: Context, value: object) -> None:
    card = answered_card(card_action(teams_request(teams_ctx), value).body)
    assert texts(card) == ["Sorry, that button or form no longer works. Please start again."]
