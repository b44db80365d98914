"""`/cohortbot suggest`: anyone enrolled suggests a challenge with a licence; facilitators accept or decline it."""

from __future__ import annotations

import json

import pytest

from bot.programme.nudges import digest_text
from bot.programme.suggestions import ACCEPT, DECLINE
from storage.models import Prompt, Suggestion
from tests.coaching.helpers import SettledRequester, buttons_in, dm_texts, press
from tests.conftest import SIGNING_SECRET
from tests.journal.helpers import choice, opened_view, published_home, rows, state, text

IDEA = "Shadow a call handler for an hour and map what the system makes them do twice"


@pytest.fixture
def slack(bot_server) -> SettledRequester:
    return SettledRequester(bot_server.url, SIGNING_SECRET)


@pytest.fixture
def cohorts(make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"], facilitators=["UFAC"], evaluators=["UEVAL"])
    make_cohort("Cohort 2", channel="C222", delegates=["U9"], facilitators=["UOTHERFAC"])


def suggest(slack, fake_slack, user_id: str, idea: str = IDEA, licence: str = "CC BY-SA 4.0"):
    assert slack.command("/cohortbot", f"suggest {idea}", user_id=user_id, channel_id="C111").status == 200
    view = opened_view(fake_slack, fake_slack.count("views.open"))
    assert view["callback_id"] == "form:suggest"
    return slack.view_submission("form:suggest", state(idea=text(idea), licence=choice(licence)), user_id=user_id)


def test_an_idea_is_suggested_with_its_licence_and_accepted_into_the_library_with_credit(cohorts, slack, fake_slack, db):
    suggest(slack, fake_slack, "UEVAL")  # any role in a cohort may suggest
    answer = suggest(slack, fake_slack, "U1")
    assert answer.status == 200
    [from_evaluator, idea] = rows(db, Suggestion)
    assert (idea.text, idea.licence, idea.status, from_evaluator.licence) == (IDEA, "CC BY-SA 4.0", "open", "CC BY-SA 4.0")
    with db.read() as session:
        assert "Challenge ideas waiting for your review: 2 (`/cohortbot suggestions`)" in digest_text(session, idea.cohort_id, 1)
    assert slack.command("/cohortbot", "suggestions", user_id="UOTHERFAC").json()["text"] == (
        "No challenge ideas are waiting for review."
    )
    listing = slack.command("/cohortbot", "suggestions", user_id="UFAC").json()
    assert "From <@U1> in Cohort 1, CC BY-SA 4.0: Shadow a call handler" in json.dumps(listing)
    assert ("Accept 2", ACCEPT, str(idea.id)) in buttons_in(listing)

    assert press(slack, fake_slack, ACCEPT, str(idea.id), "UOTHERFAC") == "Sorry, only a facilitator of Cohort 1 can do that."
    accepted = press(slack, fake_slack, ACCEPT, str(idea.id), "UFAC")
    slug = f"idea-shadow-a-call-handler-for-{idea.id}"
    assert accepted.startswith(f"Added to the prompt library as `{slug}`, credited to u1 under CC BY-SA 4.0.")
    [prompt] = rows(db, Prompt, Prompt.slug == slug)
    assert (prompt.challenge, prompt.licence, prompt.author) == (IDEA, "CC BY-SA 4.0", "u1")
    assert press(slack, fake_slack, ACCEPT, str(idea.id), "UFAC") == "That idea was already accepted."
    [told] = dm_texts(fake_slack, "U1")
    assert "Your challenge idea is now in the prompt library, credited to you under CC BY-SA 4.0." in told


def test_a_declined_idea_sends_the_facilitators_note_to_its_author(cohorts, slack, fake_slack, db):
    suggest(slack, fake_slack, "U1", licence="CC0 1.0")
    [idea] = rows(db, Suggestion)
    slack.block_action(DECLINE, value=str(idea.id), user_id="UFAC", channel_id="DUFAC")
    view = opened_view(fake_slack, 2)
    assert view["callback_id"] == "form:suggestion_decline"
    empty = slack.view_submission("form:suggestion_decline", state(note=text(" ")), user_id="UFAC",
                                  private_metadata=view["private_metadata"]).json()
    assert empty["errors"]["note"] == "The note is empty. Please write a few words."
    slack.view_submission("form:suggestion_decline", state(note=text("Week 9 already covers this.")), user_id="UFAC",
                          private_metadata=view["private_metadata"])
    [idea] = rows(db, Suggestion)
    assert (idea.status, idea.note) == ("declined", "Week 9 already covers this.")
    [told] = dm_texts(fake_slack, "U1")
    assert "won't add your challenge idea to the library this time. Their note: Week 9 already covers this." in told
    assert rows(db, Prompt, Prompt.slug.like("idea-%")) == []


def test_the_facilitators_home_shows_ideas_waiting(cohorts, slack, fake_slack, db):
    suggest(slack, fake_slack, "U1")
    slack.event({"type": "app_home_opened", "user": "UFAC", "tab": "home"})
    assert "1 challenge idea(s) from your cohorts waiting for review" in json.dumps(published_home(fake_slack))


@pytest.mark.parametrize(
    ("user_id", "values", "answer"),
    [
        ("U1", {"idea": text(""), "licence": choice("CC BY 4.0")}, {"idea": "Your idea is empty. Please write a few words."}),
        (
            "U1",
            {"idea": text(IDEA), "licence": choice("All rights reserved")},
            {"licence": "Choose one of the open licences listed."},
        ),
    ],
)
def test_bad_suggestions_are_refused_beside_the_field(cohorts, slack, db, user_id, values, answer):
    assert slack.view_submission("form:suggest", state(**values), user_id=user_id).json()["errors"] == answer
    assert rows(db, Suggestion) == []


def test_someone_not_enrolled_cannot_suggest(cohorts, slack, fake_slack, db):
    answer = slack.command("/cohortbot", f"suggest {IDEA}", user_id="USTRANGER").json()["text"]
    assert answer == "You're not enrolled in a cohort yet, so I can't take a suggestion from you. Nothing was stored."
    assert fake_slack.count("views.open") == 0



def test_help_offers_suggest_to_everyone_and_the_review_to_facilitators(cohorts, slack):
    delegate = slack.command("/cohortbot", "help", user_id="U1").json()["text"]
    facilitator = slack.command("/cohortbot", "help", user_id="UFAC").json()["text"]
    assert "`/cohortbot suggest [a challenge idea]`" in delegate and "`/cohortbot suggestions`" not in delegate
    assert "`/cohortbot suggestions`: review the challenge ideas people suggested" in facilitator
