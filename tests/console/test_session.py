"""The console loop, driven through piped lines: replies on screen, entries in the database."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from bot.interaction.errors import NotFound
from bot.interaction.text import MAX_ENTRY_CHARS
from bot.people.roles import DELEGATE
from bot.programme.cohorts import create_cohort, enrol
from handlers.console.session import ConsoleSession
from handlers.console.terminal import Terminal
from storage.models import Cohort, Membership, Person
from tests.console.conftest import reflections_by
from tests.workspaces import CONSOLE

SAVED = "[only you] Saved to your journal (Cohort 1 (demo), week 14)."


def test_reflect_with_text_is_stored_and_confirmed(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/reflect I tried a show and tell with my team")
    assert "You are Ada Brightwater (delegate in Cohort 1 (demo))." in out
    assert SAVED in out
    assert reflections_by(demo, "Ada Brightwater") == before + ["I tried a show and tell with my team"]


def test_reflect_without_text_asks_the_form_questions(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/reflect", "", "Written in the form, answered on the second try", "")
    assert "[only you] Reflection: answer each question, or type /cancel to stop." in out
    assert "    Your reflection\n    What did you try, notice or learn?" in out
    assert "This one is needed." in out
    assert out.index("This one is needed.") < out.index(SAVED)
    assert reflections_by(demo, "Ada Brightwater") == before + ["Written in the form, answered on the second try"]


def test_an_over_long_reflection_is_refused_with_the_words_given_back(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    too_long = "x" * (MAX_ENTRY_CHARS + 1)
    out = console(f"/reflect {too_long}")
    assert "[only you] Your reflection is 3,001 characters; the limit is 3,000." in out
    assert "Here is what you wrote, so you can copy it:" in out and too_long in out
    assert "Saved" not in out
    assert reflections_by(demo, "Ada Brightwater") == before


def test_an_over_long_answer_in_the_form_is_asked_again(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/reflect", "y" * (MAX_ENTRY_CHARS + 5), "Shorter now", "")
    assert "That's 3,005 characters; the limit here is 3,000." in out
    assert reflections_by(demo, "Ada Brightwater") == before + ["Shorter now"]


def test_cancelling_a_form_stores_nothing(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/reflect", "/cancel", "/reflect after cancelling")
    assert "[only you] Cancelled: nothing from this form was saved." in out
    assert reflections_by(demo, "Ada Brightwater") == before + ["after cancelling"]


def test_as_switches_person_and_each_sees_their_own_role(demo, console):
    before = reflections_by(demo, "Priya Stonebridge")
    out = console("/as rosa", "/reflect A facilitator is not a delegate", "/as Priya Stonebridge", "/reflect From cohort 2")
    assert "You are now Rosa Delacourt (facilitator in Cohort 1 (demo) and Cohort 2 (demo))." in out
    assert "You're not enrolled in a cohort yet, so I can't save this." in out
    assert "You are now Priya Stonebridge (delegate in Cohort 2 (demo))." in out
    assert "[only you] Saved to your journal (Cohort 2 (demo), week 10)." in out
    assert reflections_by(demo, "Rosa Delacourt") == []
    assert reflections_by(demo, "Priya Stonebridge") == before + ["From cohort 2"]


def test_starting_as_someone_and_listing_who_you_can_be(demo, console):
    out = console("/who", person="Una")
    assert "You are Una Featherstone (evaluator in Cohort 1 (demo) and Cohort 2 (demo))." in out
    assert "    Una Featherstone: evaluator in Cohort 1 (demo) and Cohort 2 (demo)   <- you" in out
    assert "    Sam Whitlock: facilitator in Cohort 1 (demo)" in out
    assert out.count("delegate in Cohort") == 16


def test_unknown_commands_and_bad_arguments_get_a_polite_line(demo, console):
    out = console("/nonsense", "just words", "/as", "/as a", "/as Zebedee", "/press", "/press 7", "/cohortbot frobnicate")
    assert "[only you] Sorry, I don't know /nonsense. Type /cohortbot help to see what you can do." in out
    assert "Commands start with /, as in Slack" in out
    assert "Who would you like to be? e.g. /as Rosa." in out
    assert "'a' could be " in out and "Please type more of the name." in out
    assert "There is no one called 'zebedee' here. Type /who to see who you can be." in out
    assert "There's no button ? to press. No buttons have been shown yet." in out
    assert "There's no button 7 to press." in out
    assert "I don't know frobnicate." in out
    assert "Traceback" not in out


def test_help_lists_console_and_bot_commands(demo, console):
    out = console("/help")
    assert "Bot commands, as in Slack: /coach, /cohortbot, /confidence, /evidence, /journal, /reflect." in out
    for usage in ("/who", "/as NAME", "/press N", "/quit"):
        assert f"    {usage}" in out


def test_end_of_input_mid_form_exits_cleanly_keeping_what_was_saved(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/reflect Saved before the end", "/reflect")
    assert SAVED in out
    assert "[only you] The input ended before the form was finished: nothing from it was saved." in out
    assert out.rstrip().endswith("Goodbye. Everything you saved stays in the database.")
    assert reflections_by(demo, "Ada Brightwater") == before + ["Saved before the end"]


def test_quit_stops_reading(demo, console):
    before = reflections_by(demo, "Ada Brightwater")
    out = console("/quit", "/reflect never read")
    assert "Goodbye." in out
    assert reflections_by(demo, "Ada Brightwater") == before


def test_comments_and_blank_lines_in_a_script_are_skipped(demo, console):
    out = console("# a scripted tour", "", "/reflect scripted")
    assert SAVED in out
    assert "Commands start with /" not in out


class Keyboard(io.StringIO):
    """A person typing: lines, and Ctrl-C where the script says None."""

    def __init__(self, *keys: str | None) -> None:
        super().__init__()
        self.keys = list(keys)

    def readline(self, size: int | None = -1) -> str:
        if not self.keys:
            return ""
        key = self.keys.pop(0)
        if key is None:
            raise KeyboardInterrupt
        return key + "\n"


def test_ctrl_c_at_the_prompt_or_in_a_form_does_not_leave(demo, console_ctx, tmp_path):
    before = reflections_by(demo, "Ada Brightwater")
    out = io.StringIO()
    terminal = Terminal(Keyboard(None, "/reflect", None, "/reflect still here"), out, interactive=True)
    assert ConsoleSession(console_ctx, terminal, outbox=tmp_path).run() == 0
    transcript = out.getvalue()
    assert "Ada Brightwater> \n(Type /quit or press Ctrl-D to leave.)\nAda Brightwater> " in transcript
    assert "    > \n[only you] Cancelled: nothing from this form was saved." in transcript
    assert transcript.endswith("Ada Brightwater> \nGoodbye. Everything you saved stays in the database.\n")
    assert reflections_by(demo, "Ada Brightwater") == before + ["still here"]


def test_a_database_with_nobody_enrolled_says_how_to_fix_it(console_db, console):
    with console_db.write() as session:
        create_cohort(session, CONSOLE, "Empty", conversation=None, start_date=date(2026, 1, 5), timezone="Europe/London")
    with pytest.raises(NotFound, match="Nobody is enrolled in a cohort yet"):
        console("/reflect hello")


def test_people_are_named_with_at_in_the_console_as_mentions_are_in_slack(demo, console):
    out = console(
        "/as Rosa",
        '/cohortbot cohort enrol "Cohort 2 (demo)" evaluator @Ada',
        '/cohortbot cohort enrol "Cohort 2 (demo)" @Zebedee',
    )
    assert "[only you] Enrolled 1 of 1 as evaluator in Cohort 2 (demo)" in out
    assert "There is no one called 'zebedee' here." in out
    with demo.read() as session:
        ada = session.scalar(select(Person).where(Person.display_name == "Ada Brightwater"))
        roles = {(m.cohort.name, m.role) for m in session.scalars(select(Membership).where(Membership.person_id == ada.id))}
    assert ("Cohort 2 (demo)", "evaluator") in roles


def test_someone_enrolled_by_id_is_not_named_by_their_id_when_they_use_the_console(demo, console):
    with demo.write() as session:
        cohort = session.scalar(select(Cohort).where(Cohort.name == "Cohort 1 (demo)"))
        enrol(session, cohort, "U0NEWONE", DELEGATE, by=None)  # by id, with no name, as the command line enrols
    out = console("/as U0NEWONE", "/reflect My first week", "/cohortbot challenge Open data for the city")
    assert "You are now U0NEWONE" in out and "Saved to your journal" in out
    with demo.read() as session:
        person = session.scalar(select(Person).where(Person.platform_user_id == "U0NEWONE"))
    assert (person.display_name, person.personal_challenge) == ("", "Open data for the city")
