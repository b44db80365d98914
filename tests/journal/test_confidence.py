import json
from datetime import timedelta

import time_machine

from bot.surveys.confidence import instrument, send_survey_invite
from storage.models import ConfidenceRating
from tests.journal.helpers import WEEK_1, choice, dms_to, opened_view, rows, state

KEYS = [item.key for item in instrument().items]


def ratings(value="4", **overrides):
    return state(**{key: choice(overrides.get(key.replace("-", "_"), value)) for key in KEYS})


def baseline_metadata(cohort):
    return json.dumps({"cohort_id": cohort.id, "phase": "baseline"})


def test_confidence_opens_the_open_phase_with_one_rating_per_statement(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.command("/confidence", user_id="U1")
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:confidence" and view["title"]["text"] == "Confidence: baseline"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == KEYS


def test_middle_and_last_weeks_open_midpoint_and_final(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"], weeks=26)
    for count, (week, title) in enumerate(((14, "Confidence: midpoint"), (26, "Confidence: final")), start=1):
        with time_machine.travel(WEEK_1 + timedelta(weeks=week - 1), tick=True):
            slack.command("/confidence", user_id="U1")
        assert opened_view(fake_slack, count)["title"]["text"] == title


def test_a_phase_that_is_not_open_gets_a_clear_message(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1 - timedelta(weeks=2), tick=True):
        answer = slack.command("/confidence", user_id="U1").json()
    assert "isn't open right now" in answer["text"] and "week 14" in answer["text"]
    assert fake_slack.count("views.open") == 0


def test_answering_again_replaces_and_keeps_the_history(slack, db, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        first = slack.view_submission("form:confidence", ratings("2"), user_id="U1", private_metadata=baseline_metadata(cohort))
        second = slack.view_submission("form:confidence", ratings("4"), user_id="U1", private_metadata=baseline_metadata(cohort))
    assert first.json()["response_action"] == "update"
    assert "replace your earlier answers" in json.dumps(second.json())
    stored = rows(db, ConfidenceRating)
    assert len(stored) == 20
    assert {r.rating for r in stored if r.superseded_at is None} == {4}
    assert {r.rating for r in stored if r.superseded_at is not None} == {2}


def test_a_rating_outside_one_to_five_is_refused_in_the_modal(slack, db, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        answer = slack.view_submission(
            "form:confidence", ratings(decide_digital="7"), user_id="U1", private_metadata=baseline_metadata(cohort)
        ).json()
    assert answer == {"response_action": "errors", "errors": {"decide-digital": "Please choose a rating from 1 to 5."}}
    assert rows(db, ConfidenceRating) == []


def test_a_phase_that_closed_while_the_form_was_open_stores_nothing(slack, db, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1 + timedelta(weeks=13), tick=True):
        answer = slack.view_submission(
            "form:confidence", ratings(), user_id="U1", private_metadata=baseline_metadata(cohort)
        ).json()
    assert answer["response_action"] == "errors" and "not open any more" in answer["errors"][KEYS[0]]
    assert rows(db, ConfidenceRating) == []


def test_the_calendar_dms_the_survey_with_a_button_that_opens_it(slack, fake_slack, ctx, make_cohort):
    cohort = make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    assert send_survey_invite(ctx, cohort.id, week=2) == 0
    assert send_survey_invite(ctx, cohort.id, week=1) == 2
    assert dms_to(fake_slack, "UFAC") == []
    (dm,) = dms_to(fake_slack, "U1")
    button = next(e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == "open_confidence"
    with time_machine.travel(WEEK_1, tick=True):
        slack.block_action("open_confidence", value=button["value"], user_id="U1")
    assert opened_view(fake_slack)["callback_id"] == "form:confidence"


def test_delegates_who_already_answered_are_not_asked_again(slack, fake_slack, ctx, make_cohort):
    cohort = make_cohort(delegates=["U1", "U2"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.view_submission("form:confidence", ratings(), user_id="U1", private_metadata=baseline_metadata(cohort))
    assert send_survey_invite(ctx, cohort.id, week=1) == 1
    assert dms_to(fake_slack, "U1") == []
