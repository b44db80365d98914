"""/reflect with no text opens the form; submitting it stores, invalid input errors in the form."""

import json

import pytest
from sqlalchemy import select

from storage.models import Reflection


def _view(call):
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _text_value(text):
    return {"text": {"text": {"type": "plain_text_input", "value": text}}}


def _count(db):
    with db.read() as session:
        return len(list(session.scalars(select(Reflection))))


def test_reflect_without_text_opens_a_multiline_form(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    assert slack.command("/reflect", text="  ", user_id="U1").status == 200
    view = _view(fake_slack.wait_for("views.open")[0])
    [text_input] = [b for b in view["blocks"] if b.get("block_id") == "text"]
    assert view["callback_id"] == "form:reflection"
    assert text_input["element"]["multiline"] is True
    assert text_input["element"]["max_length"] == 3000


@pytest.mark.parametrize(
    ("typed", "stored", "told"),
    [("Line one\nLine two", "Line one\nLine two", False), ("before\x00after", "beforeafter", True)],
    ids=["as typed", "a NUL byte left out, and said so"],
)
def test_submitting_the_form_stores_the_reflection_and_says_who_can_see_it(slack, db, make_cohort, typed, stored, told):
    make_cohort(delegates=["U1"])
    response = slack.view_submission("form:reflection", _text_value(typed), user_id="U1")
    assert response.status == 200
    body = response.json()
    assert body["response_action"] == "update"
    view = json.dumps(body["view"])
    assert "Only you, your facilitators" in view
    assert ("I left out an invisible control character" in view) is told
    with db.read() as session:
        assert session.scalar(select(Reflection.text)) == stored


def test_an_empty_form_shows_an_error_inside_the_form(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.view_submission("form:reflection", _text_value("   "), user_id="U1")
    body = response.json()
    assert body["response_action"] == "errors"
    assert "empty" in body["errors"]["text"]
    assert _count(db) == 0


def test_choosing_a_cohort_in_the_form_stores_it_there(slack, db, make_cohort):
    make_cohort("Alpha", channel="CALPHA", delegates=["U1"])
    beta = make_cohort("Beta", channel="CBETA", delegates=["U1"])
    values = {
        **_text_value("for beta"),
        "cohort": {"cohort": {"type": "static_select", "selected_option": {"value": str(beta.id)}}},
    }
    assert slack.view_submission("form:reflection", values, user_id="U1").json()["response_action"] == "update"
    with db.read() as session:
        assert session.scalar(select(Reflection)).cohort.name == "Beta"


def test_a_resubmitted_view_stores_one_copy(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    for _ in range(2):
        slack.view_submission("form:reflection", _text_value("twice?"), user_id="U1", view_id="V-same")
    assert _count(db) == 1


def test_a_forged_week_in_the_form_is_not_trusted(slack, db, make_cohort):
    make_cohort(delegates=["U1"], weeks=26)
    for week in ("abc", 99999, 0):
        metadata = json.dumps({"week": week})
        answer = slack.view_submission("form:reflection", _text_value(f"week {week}"), user_id="U1", private_metadata=metadata)
        assert answer.json()["response_action"] == "update"
    with db.read() as session:
        weeks = {r.week for r in session.scalars(select(Reflection))}
    assert weeks <= set(range(1, 27)) | {None}


def test_a_form_of_nothing_but_control_characters_is_refused_as_empty_and_says_why(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    body = slack.view_submission("form:reflection", _text_value("\x00\x01 \x02"), user_id="U1").json()
    assert body["response_action"] == "errors"
    assert "empty" in body["errors"]["text"] and "I left out 3 invisible control characters" in body["errors"]["text"]
    assert _count(db) == 0
