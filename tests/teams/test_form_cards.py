"""Domain forms as Adaptive Cards, and a card's submitted data back as the domain's values."""

from __future__ import annotations

import json

import pytest

from bot.interaction.exchange import Field, Form, Option
from bot.journal.challenge import challenge_form
from bot.journal.evidence import evidence_form
from bot.journal.reflections import reflection_form
from bot.surveys.confidence import confidence_form
from bot.surveys.evaluation import evaluation_form
from handlers.teams.render.cards import DATA_KEY, FORM_VERB, Surface
from handlers.teams.render.forms import BadSubmission, form_card, submission
from storage.models import Cohort

COHORT = Cohort(id=7, name="Cohort 1")


def inputs(card: dict) -> dict[str, dict]:
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


def texts(card: dict) -> list[str]:
    return [element["text"] for element in card["body"] if element["type"] == "TextBlock"]


def submitted(card: dict, typed: dict[str, str]) -> dict:
    """What Teams sends for the card's submit action: its data with the inputs merged in, through JSON."""
    (action,) = card["actions"]
    return json.loads(json.dumps({**action["data"], **typed}))


def test_a_reflection_card_has_a_long_text_input_a_choice_and_an_execute_action() -> None:
    card = form_card(reflection_form(text="First draft"))
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    text = inputs(card)["text"]
    assert text["type"] == "Input.Text" and text["isMultiline"] is True and text["maxLength"] == 3000
    assert text["isRequired"] is True and text["errorMessage"] and text["value"] == "First draft"
    visibility = inputs(card)["visibility"]
    assert visibility["type"] == "Input.ChoiceSet" and visibility["style"] == "expanded"
    (action,) = card["actions"]
    assert action["type"] == "Action.Execute" and action["verb"] == FORM_VERB
    assert action["data"][DATA_KEY]["form"]["form_id"] == "reflection"


def test_ratings_are_expanded_choices_and_every_survey_question_is_there() -> None:
    form = confidence_form(COHORT, "baseline", {"digital_confidence": 4})
    card = form_card(form)
    fields = inputs(card)
    assert list(fields) == [field.key for field in form.fields]
    for element in fields.values():
        assert element["type"] == "Input.ChoiceSet" and element["style"] == "expanded"
        assert [choice["value"] for choice in element["choices"]] == ["1", "2", "3", "4", "5"]
    assert any("Cohort 1: baseline survey" in text for text in texts(card))


def test_themes_are_a_multi_select_and_a_link_is_checked_as_a_web_address() -> None:
    card = form_card(evidence_form(draft="A service blueprint"))
    themes = inputs(card)["themes"]
    assert themes["isMultiSelect"] is True and themes["style"] == "compact" and themes["isRequired"] is False
    link = inputs(card)["link"]
    assert link["style"] == "Url" and link["regex"].startswith("^https?://")


def test_a_submitted_card_gives_back_the_form_and_its_values() -> None:
    card = form_card(evidence_form(context={"entry": "evidence:3:0"}))
    data = submitted(card, {"technique": "Card sorting", "themes": "Data,AI", "outcome": "", "link": "https://x.org"})
    sent = submission(data)
    assert sent.form.form_id == "evidence" and sent.form.context == {"entry": "evidence:3:0"}
    assert sent.values == {
        "technique": "Card sorting",
        "context": None,
        "outcome": None,
        "themes": ["Data", "AI"],
        "link": "https://x.org",
    }


def test_a_refused_submission_shows_again_with_what_was_typed_and_the_error_by_its_field() -> None:
    form = evaluation_form(COHORT, {})
    sent = submission(submitted(form_card(form), {"quality_comment": "Long thoughts " * 50, "relevance": "4"}))
    card = form_card(sent.form, values=sent.values, error="Please choose a rating from 1 to 5.", error_field="quality")
    assert inputs(card)["quality_comment"]["value"] == "Long thoughts " * 50
    assert inputs(card)["relevance"]["value"] == "4"
    body = card["body"]
    where = next(i for i, element in enumerate(body) if element.get("id") == "quality")
    assert body[where + 1]["text"] == "Please choose a rating from 1 to 5." and body[where + 1]["color"] == "Attention"


def test_an_error_for_no_field_in_particular_shows_above_the_inputs() -> None:
    card = form_card(challenge_form("Old"), values={"challenge": "New words"}, error="Sorry, try again.")
    assert card["body"][1]["text"] == "Sorry, try again."
    assert inputs(card)["challenge"]["value"] == "New words"


def test_in_a_dialog_the_submit_is_an_action_submit_and_the_title_is_left_to_the_dialog() -> None:
    card = form_card(challenge_form(None), Surface.DIALOG)
    (action,) = card["actions"]
    assert action["type"] == "Action.Submit" and "verb" not in action
    assert "My challenge" not in texts(card)


def test_a_long_select_is_a_drop_down() -> None:
    options = tuple(Option(str(n), f"Option {n}") for n in range(10))
    card = form_card(Form("f", "Pick", (Field("pick", "Pick one", kind="select", options=options, initial="3"),)))
    assert inputs(card)["pick"]["style"] == "compact" and inputs(card)["pick"]["value"] == "3"


@pytest.mark.parametrize(
    "data",
    [None, {}, {DATA_KEY: "x"}, {DATA_KEY: {"form": {"form_id": "f"}}},
     {DATA_KEY: {"form": {"form_id": "f", "title": "t", "fields": [{"key": "k", "label": "l", "kind": "html",
                                                                     "required": True, "max_length": 3}]}}}],
)
def test_data_that_is_not_a_form_card_is_refused(data: object) -> None:
    with pytest.raises(BadSubmission):
        submission(data)
