"""Commands are messages in Teams: in the personal chat, or after @mentioning the bot in a channel."""

from __future__ import annotations

import pytest
import time_machine
from sqlalchemy import select

from storage.models import Evidence, Person, Reflection
from tests.fakes.teams import GENERAL, member
from tests.journal.helpers import WEEK_1, rows
from tests.teams.activities import in_channel, personal, team_install
from tests.teams.helpers import answered


@pytest.fixture
def installed(bot, fake_teams, teams_cohort):
    bot.send(team_install(fake_teams))
    return teams_cohort(delegates=("29:ada",))


def answers_to(fake_teams, user: str) -> list[str]:
    answered()
    return [activity.text for activity in fake_teams.dms_to(user)]


@pytest.mark.parametrize(
    "typed", ["reflect I tried pair writing", "Reflect I tried pair writing", "/REFLECT I tried pair writing"]
)
def test_a_reflection_typed_in_the_personal_chat_is_saved_and_answered_there(typed, installed, bot, fake_teams, db):
    with time_machine.travel(WEEK_1, tick=True):
        assert bot.send(personal(fake_teams, typed)).status_code == 200
    [reflection] = rows(db, Reflection)
    assert reflection.text == "I tried pair writing"
    [answer] = answers_to(fake_teams, "29:ada")
    assert "saved" in answer.lower()
    [call] = [c for c in fake_teams.calls("send") if c.params["conversation"] == fake_teams.personal_chat("29:ada")]
    assert call.body["replyToId"].startswith("activity-")


def test_evidence_typed_with_its_text_is_logged(installed, bot, fake_teams, db):
    with time_machine.travel(WEEK_1, tick=True):
        bot.send(personal(fake_teams, "evidence Used the open data checklist with my team"))
    [evidence] = rows(db, Evidence)
    assert "open data checklist" in evidence.technique
    assert answers_to(fake_teams, "29:ada")


@pytest.mark.parametrize(("typed", "asks"), [("reflect", "text"), ("confidence", "decide-digital")])
def test_a_command_that_opens_a_form_answers_with_the_form_as_a_card(typed, asks, installed, bot, fake_teams):
    with time_machine.travel(WEEK_1, tick=True):
        bot.send(personal(fake_teams, typed))
    answered()
    [answer] = fake_teams.dms_to("29:ada")
    [card] = answer.body["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert asks in [element.get("id") for element in card["content"]["body"]]


def test_journal_answers_with_the_latest_entries(installed, bot, fake_teams):
    with time_machine.travel(WEEK_1, tick=True):
        bot.send(personal(fake_teams, "reflect Shadowed the data team"))
        answered()
        bot.send(personal(fake_teams, "journal"))
    answered()
    assert "Shadowed the data team" in fake_teams.dms_to("29:ada")[-1].shown()


@pytest.mark.parametrize("typed", ["help", "cohortbot help", "/cohortbot HELP", "hello there"])
def test_help_and_anything_else_answer_with_what_the_bot_can_do(typed, installed, bot, fake_teams):
    bot.send(personal(fake_teams, typed))
    [answer] = answers_to(fake_teams, "29:ada")
    assert "reflect" in answer


def test_coach_is_a_command_too(installed, bot, fake_teams):
    bot.send(personal(fake_teams, "coach"))
    assert answers_to(fake_teams, "29:ada")


def test_a_redelivered_activity_saves_one_reflection(installed, bot, fake_teams, db):
    activity = personal(fake_teams, "reflect Only once please")
    with time_machine.travel(WEEK_1, tick=True):
        bot.send(activity)
        bot.send(activity)
    assert len(rows(db, Reflection)) == 1


def test_in_a_channel_the_bot_answers_after_an_at_mention_privately_and_points_there(installed, bot, fake_teams):
    with time_machine.travel(WEEK_1, tick=True):
        bot.send(in_channel(fake_teams, "cohortbot help", user="29:fac"))
    assert any("reflect" in text for text in answers_to(fake_teams, "29:fac"))
    [pointer] = [a for a in fake_teams.sent() if a.conversation == GENERAL and a.thread]
    assert "personal chat" in pointer.text


def test_in_a_channel_a_message_not_to_the_bot_is_left_alone(installed, bot, fake_teams, db):
    bot.send(in_channel(fake_teams, "reflect not for the bot", mention=False, user="29:ada"))
    answered()
    assert rows(db, Reflection) == []
    assert fake_teams.calls("send") == fake_teams.calls("create_conversation") == []


def test_a_mention_of_someone_else_reaches_the_domain_as_a_person_reference(installed, bot, fake_teams, db):
    fake_teams.members["29:admin"] = member("29:admin", "Alex Admin")
    activity = in_channel(fake_teams, 'cohortbot cohort enrol "Cohort 1" delegate <at>Sam Delegate</at>', user="29:admin")
    activity["entities"].append(
        {"type": "mention", "text": "<at>Sam Delegate</at>", "mentioned": {"id": "29:sam", "name": "Sam"}}
    )
    bot.send(activity)
    [answer] = answers_to(fake_teams, "29:admin")
    assert answer.startswith("Enrolled 1 of 1 as delegate in Cohort 1")
    with db.read() as session:
        assert session.scalar(select(Person.id).where(Person.platform_user_id == "29:sam")) is not None
