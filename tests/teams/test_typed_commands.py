"""Commands typed in Teams: @mentions read as people, a cohort made from its channel, and answers sent where they belong."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from bot.context import Context
from bot.interaction.exchange import Actor, Request
from bot.people.roles import DELEGATE
from handlers.teams.command_answers import EXPORT_IN_CHANNEL, SENT_PRIVATELY, answer_command
from handlers.teams.mentions import person_named, typed_text
from storage.models import Cohort, Membership, Person
from tests.teams.people import CHANNEL, DELEGATE_ID, EVALUATOR_ID, FACILITATOR_ID, TENANT, teams_cohort, teams_request

BOT_ID = "28:bot-app-id"


def channel_message(text: str, *mentions: tuple[str, str]) -> dict[str, Any]:
    """A message in a channel as Teams sends it: the bot's own mention first, then anyone else's."""
    entities = [{"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": user_id, "name": name}}
                for user_id, name in ((BOT_ID, "cohortbot"), *mentions)]
    return {"type": "message", "text": f"<at>cohortbot</at> {text}", "entities": entities, "recipient": {"id": BOT_ID}}


def in_channel(ctx: Context, user_id: str) -> Request:
    return Request(ctx, Actor(TENANT.person(user_id), TENANT.place(CHANNEL)), person_named=person_named)


def test_mentions_become_person_references_and_the_bots_own_is_dropped() -> None:
    activity = channel_message("cohortbot cohort enrol \u201cCohort 1\u201d delegate <at>Sam Jones</at> &amp; more",
                               ("29:sam", "Sam Jones"))
    assert typed_text(activity) == 'cohortbot cohort enrol "Cohort 1" delegate @[29:sam] & more'
    assert person_named("@[29:sam]") == "29:sam" and person_named("29:abc-DEF") == "29:abc-DEF"
    assert person_named("Sam") is None


def test_a_facilitator_enrols_a_delegate_by_mentioning_them_in_the_channel(neutral_ctx: Context) -> None:
    teams_cohort(neutral_ctx)
    text = typed_text(channel_message('cohortbot cohort enrol "Cohort 1" delegate <at>Sam Jones</at>', ("29:sam", "Sam Jones")))
    command, rest = text.split(maxsplit=1)
    answer = answer_command(in_channel(neutral_ctx, FACILITATOR_ID), f"/{command}", rest, in_channel=True)
    (said,) = answer.here
    assert said["text"].startswith("Enrolled 1 of 1 as delegate in Cohort 1")
    with neutral_ctx.db.read() as session:
        enrolled = session.execute(
            select(Person.platform_user_id, Membership.role)
            .join(Membership, Membership.person_id == Person.id)
            .where(Person.platform_user_id == "29:sam")
        ).one()
    assert tuple(enrolled) == ("29:sam", DELEGATE)


@time_machine.travel("2026-12-01 10:00:00+00:00", tick=False)
def test_a_cohort_created_in_a_channel_lives_in_that_channel(neutral_ctx: Context) -> None:
    settings = neutral_ctx.settings.model_copy(update={"cohortbot_admins": frozenset({FACILITATOR_ID})})
    ctx = Context(settings, neutral_ctx.db, neutral_ctx.messenger, TENANT)
    text = typed_text(channel_message('cohortbot cohort create "Cohort 2" --start 2027-01-04'))
    answer = answer_command(in_channel(ctx, FACILITATOR_ID), "/cohortbot", text.split(maxsplit=1)[1], in_channel=True)
    assert answer.here[0]["text"].startswith("Created Cohort 2, with you as its facilitator.")
    with ctx.db.read() as session:
        cohort = session.scalar(select(Cohort).where(Cohort.name == "Cohort 2"))
    assert (cohort.platform, cohort.workspace, cohort.conversation) == ("teams", TENANT.id, CHANNEL)
    assert str(cohort.start_date) == "2027-01-04"


def test_an_export_asked_for_in_a_channel_is_refused_with_where_to_ask(neutral_ctx: Context) -> None:
    teams_cohort(neutral_ctx)
    answer = answer_command(in_channel(neutral_ctx, EVALUATOR_ID), "/cohortbot", "export pseudonymise", in_channel=True)
    assert [activity["text"] for activity in answer.here] == [EXPORT_IN_CHANNEL] and not answer.reply.queued


def test_a_form_asked_for_in_a_channel_goes_to_the_personal_chat(neutral_ctx: Context) -> None:
    teams_cohort(neutral_ctx)
    answer = answer_command(in_channel(neutral_ctx, DELEGATE_ID), "/reflect", "", in_channel=True)
    assert [activity["text"] for activity in answer.here] == [SENT_PRIVATELY]
    (form,) = answer.privately
    card = form["attachments"][0]["content"]
    assert any(element.get("id") == "text" for element in card["body"])


@pytest.mark.parametrize("where", ["personal", "channel"])
def test_journal_answers_with_the_journal_card_in_the_personal_chat(neutral_ctx: Context, where: str) -> None:
    teams_cohort(neutral_ctx)
    req = teams_request(neutral_ctx) if where == "personal" else in_channel(neutral_ctx, DELEGATE_ID)
    answer = answer_command(req, "/journal", "", in_channel=where == "channel")
    (journal,) = answer.privately if where == "channel" else answer.here
    card = journal["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Your learning journal"
