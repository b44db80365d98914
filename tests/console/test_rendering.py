"""Forms, buttons, channel posts, DMs and files as the console shows them, through the real dispatch table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.delivery.outbox import enqueue
from bot.delivery.outbox_kinds import OUTBOX_KINDS, OutboxKind
from bot.interaction import dispatch
from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import Button, Field, Form, Option, Reply
from bot.journal.view import JournalHome
from bot.messaging.messenger import Message
from bot.people.erasure import CONFIRM_FORGET_ME
from tests.workspaces import CONSOLE

CHOICES = tuple(Option(value, label) for value, label in (("ux", "User needs"), ("data", "Data"), ("ai", "AI")))
ONE_TO_FIVE = tuple(Option(str(n), str(n)) for n in range(1, 6))
FORM = Form(
    "try-form",
    "Log evidence",
    (
        Field("theme", "Theme", kind="select", options=CHOICES),
        Field("themes", "Other themes", kind="multi_select", options=CHOICES, required=False),
        Field("score", "How useful was it?", kind="rating", options=ONE_TO_FIVE, hint="1 is not at all, 5 is very"),
        Field("link", "A link", kind="url", required=False),
        Field("what", "What did you do?"),
    ),
    context={"week": 3},
)


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict, dict]]:
    """A form that refuses the first `what`, as a domain would, then records what it was sent."""
    calls: list[tuple[dict, dict]] = []

    def submit(req, context, values):
        calls.append((context, dict(values)))
        if values["what"] == "too vague":
            raise InvalidInput("Please say a little more about what you did.", "what")
        return Reply(text=f"Logged for {req.actor.display_name}.")

    monkeypatch.setitem(dispatch.SLASH_COMMANDS, "/try", lambda req, text: Reply(form=FORM))
    monkeypatch.setitem(dispatch.FORMS, "try-form", submit)
    return calls


def test_form_fields_become_numbered_questions_and_a_refused_field_is_asked_again(demo, console, submitted):
    out = console(
        "/try", "7", "2", "data, 3 2", "", "2", "ftp://nope", "https://example.org/x", "too vague", "Ran a show and tell"
    )
    assert "    Theme\n      (1) User needs\n      (2) Data\n      (3) AI" in out
    assert "Please answer with a number from 1 to 3." in out
    assert "    Other themes (optional: press Enter to skip)" in out
    assert "    How useful was it?\n    1 is not at all, 5 is very\n      (1) 1" in out
    assert "This one is needed." in out
    assert "Please give a web address starting with https://" in out
    assert "[only you] Please say a little more about what you did.\n    What did you do?\n" in out
    assert out.count("    Theme\n") == 1  # only the refused field is asked again
    assert "[only you] Logged for Ada Brightwater." in out
    first = {"theme": "data", "themes": ["data", "ai"], "score": "2", "link": "https://example.org/x", "what": "too vague"}
    assert submitted == [({"week": 3}, first), ({"week": 3}, {**first, "what": "Ran a show and tell"})]


def test_optional_fields_left_blank_are_sent_empty(demo, console, submitted):
    console("/try", "User needs", "", "5", "", "Something")
    assert submitted[0][1] == {"theme": "ux", "themes": [], "score": "5", "link": None, "what": "Something"}


@pytest.fixture
def pressed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """/nudge shows two buttons and does slow work after the reply; "evidence" posts, DMs and sends a file."""
    calls: list[tuple[str, str]] = []
    report = tmp_path / "report.txt"
    report.write_text("a report")

    def nudge(req, text):
        buttons = (Button("Write a reflection", "reflect", "r"), Button("Log evidence", "evidence", "week-3"))
        with req.ctx.db.write() as session:
            queued = enqueue(session, "nudge", CONSOLE)
        return Reply(text="What would you like to do?", buttons=buttons, queued=(queued,))

    def evidence(req, value):
        calls.append((req.actor.person.user_id, value))
        cheer = (Button("Well done", "cheer"),)
        req.ctx.messenger.post(CONSOLE.place("CDEMO1"), Message(text="Ada logged evidence", title="Evidence", buttons=cheer))
        req.ctx.messenger.post(CONSOLE.place("CDEMO1", thread="123.456"), Message(text="A reply"))
        req.ctx.messenger.send_file(req.actor.person, report, "Your report", "Here it is.")
        req.ctx.messenger.publish_home(req.actor.person, JournalHome(enrolled=True, challenge="Open data", entry_count=0))
        return Reply(text="Done.")

    def send_nudge(ctx, job):
        ctx.messenger.send_dm(CONSOLE.person("UDEMO02"), Message(text="Ada nudged you"))

    monkeypatch.setitem(OUTBOX_KINDS, "nudge", OutboxKind(send_nudge, "nudge"))
    monkeypatch.setitem(dispatch.SLASH_COMMANDS, "/nudge", nudge)
    monkeypatch.setitem(dispatch.ACTIONS, "evidence", evidence)
    return calls


def test_buttons_are_numbered_and_press_runs_their_action(demo, console, pressed, tmp_path):
    out = console("/nudge", "/press 2", "/press 1")
    assert "[only you] What would you like to do?\n    (1) Write a reflection  (2) Log evidence   (type /press N)" in out
    assert out.index("(2) Log evidence") < out.index("[DM to Bilal Fenwick] Ada nudged you")
    assert pressed == [("UDEMO01", "week-3")]
    assert "(You pressed Log evidence.)" in out
    assert "[#cohort-1-demo] Evidence\n    Ada logged evidence\n    (1) Well done   (type /press N)" in out
    assert "[#cohort-1-demo, in a thread] A reply" in out
    kept = tmp_path / "outbox" / "report.txt"
    assert f"[file for Ada Brightwater] Your report\n    Here it is.\n    saved to {kept}" in out
    assert kept.read_text() == "a report"
    assert "[Home of Ada Brightwater] My challenge: Open data" in out
    assert "[only you] Done." in out
    # the second press is of the latest buttons shown: "Well done", which has no action
    assert out.rstrip().splitlines()[-2] == "[only you] Sorry, that button no longer works. Please start again."


def test_a_failure_inside_the_bot_is_a_polite_line_that_keeps_their_words(demo, console, monkeypatch):
    def broken(req, text):
        raise RuntimeError("database on fire")

    monkeypatch.setitem(dispatch.SLASH_COMMANDS, "/broken", broken)
    out = console("/broken my precious words", "/reflect still working")
    assert "[only you] Sorry, something went wrong on my side and nothing was saved." in out
    assert "my precious words" in out
    assert "database on fire" not in out and "Traceback" not in out
    assert "Saved to your journal" in out


def test_a_failure_inside_a_button_is_a_polite_line(demo, console, monkeypatch):
    def broken(req, value):
        raise RuntimeError("database on fire")

    monkeypatch.setitem(dispatch.ACTIONS, CONFIRM_FORGET_ME, broken)
    out = console("/cohortbot forget-me", "/press 1", "yes", "/reflect still working")
    assert "(You pressed Erase all my data.)\n[only you] Sorry, something went wrong on my side and nothing was saved." in out
    assert "database on fire" not in out and "Traceback" not in out
    assert "Saved to your journal" in out
