"""A failure on our side in a slash command or a form: a polite answer in Slack, the traceback in our log."""

from bot.interaction import dispatch
from bot.journal.reflections import REFLECTION_FORM
from handlers.slack.requests import FAILED


def broken(*args):
    raise RuntimeError("database on fire")


def test_a_failing_slash_command_answers_politely_and_gives_their_words_back(slack, make_cohort, monkeypatch, caplog):
    make_cohort(delegates=["U1"])
    monkeypatch.setitem(dispatch.SLASH_COMMANDS, "/reflect", broken)
    response = slack.command("/reflect", text="My precious words", user_id="U1")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith(FAILED) and body["text"].endswith("My precious words")
    assert "on fire" not in response.body
    assert "/reflect failed for U1" in caplog.text and "RuntimeError: database on fire" in caplog.text


def test_a_failing_form_shows_the_failure_inside_the_form(slack, make_cohort, monkeypatch, caplog):
    make_cohort(delegates=["U1"])
    monkeypatch.setitem(dispatch.FORMS, REFLECTION_FORM, broken)
    values = {"text": {"text": {"type": "plain_text_input", "value": "Kept in the form"}}}
    response = slack.view_submission(f"form:{REFLECTION_FORM}", values, user_id="U1")
    assert response.status == 200
    assert response.json() == {"response_action": "errors", "errors": {"text": FAILED}}
    assert f"form {REFLECTION_FORM} failed for U1" in caplog.text and "RuntimeError: database on fire" in caplog.text
