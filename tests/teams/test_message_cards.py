"""Domain messages, buttons and the journal as Adaptive Cards."""

from __future__ import annotations

import json
from datetime import datetime

from bot.interaction.exchange import Button
from bot.journal.entries import EVIDENCE, REFLECTION, EntryRef
from bot.journal.view import EntryItem, JournalHome
from bot.messaging.markup import person
from bot.messaging.messenger import Message
from bot.programme.weekly_post import OPEN_EVIDENCE, OPEN_REFLECTION, week_buttons
from handlers.teams.render.cards import BUTTON_VERB, DATA_KEY, Surface
from handlers.teams.render.journal import journal_card
from handlers.teams.render.messages import message_card


def all_actions(card: dict) -> list[dict]:
    found = list(card.get("actions", []))
    for element in card["body"]:
        found += element.get("actions", [])
    return found


def test_the_weekly_challenge_names_the_week_and_its_buttons_open_dialogs() -> None:
    message = Message(
        title="Week 3 of 26: Map a service", text="Draw it **end to end**.", buttons=week_buttons(4, 3), footer="By Jo."
    )
    card = message_card(message, Surface.SHARED)
    assert card["body"][0]["text"] == "Week 3 of 26: Map a service"
    assert card["body"][1]["text"] == "Draw it **end to end**."
    reflect, evidence = all_actions(card)
    assert reflect["type"] == evidence["type"] == "Action.Submit"
    assert reflect["data"]["msteams"] == {"type": "task/fetch"}
    assert reflect["data"][DATA_KEY] == {"action_id": OPEN_REFLECTION, "value": '{"cohort_id": 4, "week": 3}'}
    assert evidence["data"][DATA_KEY]["action_id"] == OPEN_EVIDENCE
    assert reflect["style"] == "positive" and reflect["title"] == "Write a reflection"


def test_in_a_personal_chat_buttons_are_universal_actions() -> None:
    card = message_card(Message(text="Your survey is open.", buttons=(Button("Open", "open_confidence", "7"),)), Surface.PERSONAL)
    (action,) = all_actions(card)
    assert action == {
        "type": "Action.Execute",
        "title": "Open",
        "verb": BUTTON_VERB,
        "data": {DATA_KEY: {"action_id": "open_confidence", "value": "7"}},
    }


def test_a_button_that_asks_first_shows_its_question_and_a_yes() -> None:
    button = Button("Forget me", "confirm_forget_me", style="danger", confirm="Erase everything?")
    (action,) = all_actions(message_card(Message(text="Sure?", buttons=(button,)), Surface.PERSONAL))
    assert action["type"] == "Action.ShowCard" and action["title"] == "Forget me"
    assert action["card"]["body"][0]["text"] == "Erase everything?"
    (yes,) = action["card"]["actions"]
    assert yes["title"] == "Yes" and yes["style"] == "destructive" and yes["data"][DATA_KEY]["action_id"] == "confirm_forget_me"


def test_people_are_mentioned_by_name_with_an_entity_and_code_loses_its_backticks() -> None:
    names = {"29:sam": "Sam Jones"}
    card = message_card(Message(text=f"Pair: {person('29:sam')}. Type `reflect`."), Surface.PERSONAL, names.__getitem__)
    assert card["body"][0]["text"] == "Pair: <at>Sam Jones</at>. Type reflect."
    assert card["msteams"]["entities"] == [
        {"type": "mention", "text": "<at>Sam Jones</at>", "mentioned": {"id": "29:sam", "name": "Sam Jones"}}
    ]


def _entry(kind: str, id_: int) -> EntryItem:
    return EntryItem(
        ref=EntryRef(kind, id_, 0),
        cohort_name="Cohort 1",
        week=2,
        created_at=datetime(2027, 1, 12),
        text=f"Entry {id_}",
        who_can_see="Private.",
        quotable=False if kind == REFLECTION else None,
    )


def test_the_journal_shows_entries_with_edit_delete_and_paging() -> None:
    home = JournalHome(enrolled=True, challenge="Fix forms", entries=(_entry(REFLECTION, 1), _entry(EVIDENCE, 2)), entry_count=12)
    card = journal_card(home, notice="Your evidence is updated.")
    texts = [element.get("text") for element in card["body"]]
    assert "Your learning journal" in texts and "Your evidence is updated." in texts
    assert "Entry 1" in texts and "Entry 2" in texts and "12 in all, newest first. Page 1." in texts
    actions = all_actions(card)
    titles = [action["title"] for action in actions]
    assert titles == ["Revise", "Edit", "Delete", "Allow quoting", "Edit", "Delete", "Older"]
    assert all(action["type"] in ("Action.Execute", "Action.ShowCard") for action in actions)
    older = actions[-1]
    assert older["data"][DATA_KEY] == {"action_id": "home_page", "value": "1"}


def test_someone_not_enrolled_is_told_how_to_join() -> None:
    card = journal_card(JournalHome(enrolled=False))
    assert "not enrolled" in card["body"][-1]["text"]


def test_text_too_long_for_a_teams_message_is_cut_within_its_limit() -> None:
    card = message_card(Message(text="word " * 10_000, buttons=(Button("Open", "open_confidence"),)), Surface.PERSONAL)
    assert len(json.dumps(card)) < 28_000 and card["body"][0]["text"].endswith("…")
