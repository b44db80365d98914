import json
from datetime import UTC, datetime, timedelta

import time_machine
from openpyxl import load_workbook

from bot.export.context import CommandLine
from bot.export.workbook import ExportScope, export_workbook
from bot.people.profiles import find_person
from storage.models import Evidence, Reflection
from tests.journal.helpers import WEEK_1, action_ids, choice, dms_to, opened_view, published_home, rows, state, text
from tests.workspaces import TEAM


def add_entries(db, user_id, count, cohort):
    with db.write() as session:
        person = find_person(session, TEAM.person(user_id))
        start = datetime(2026, 11, 3, tzinfo=UTC)
        for n in range(count):
            at = start + timedelta(minutes=n)
            model = Reflection(text=f"reflection {n}") if n % 2 else Evidence(technique=f"evidence {n}")
            model.person_id, model.cohort_id, model.week, model.created_at, model.updated_at = person.id, cohort.id, 1, at, at
            session.add(model)


def open_home(slack, user_id="U1"):
    return slack.event({"type": "app_home_opened", "user": user_id, "channel": "D" + user_id, "tab": "home", "event_ts": "1.0"})


def entry_value(view, action_id="edit_entry", n=0):
    return [value for action, value in action_ids(view) if action == action_id][n]


def test_home_shows_challenge_prompt_entries_ratings_and_weeks(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.command("/cohortbot", text="challenge Fix the housing repairs service", user_id="U1")
        published_home(fake_slack, 1)  # setting the challenge refreshes the Home tab
        slack.command("/reflect", text="Week one thoughts", user_id="U1")
        open_home(slack)
        home = published_home(fake_slack, 2)
    dump = json.dumps(home)
    for expected in (
        "Fix the housing repairs service",
        "Week one thoughts",
        "My confidence ratings",
        "Weeks I reflected",
        "weeks 1 (1 of 26)",
    ):
        assert expected in dump


def test_hundreds_of_entries_page_within_slacks_limits(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    add_entries(db, "U1", 250, cohort)
    open_home(slack)
    first = published_home(fake_slack)
    assert "entry 249" not in json.dumps(first) and "reflection 249" in json.dumps(first)
    assert ("home_page", "1") in action_ids(first) and not any(a == "home_page" and v == "-1" for a, v in action_ids(first))
    slack.block_action("home_page", value="24", user_id="U1", view={"id": "VHOME", "type": "home"})
    last = published_home(fake_slack, 2)
    assert "evidence 0" in json.dumps(last)
    assert ("home_page", "23") in action_ids(last) and ("home_page", "25") not in action_ids(last)


def test_edit_opens_the_entry_filled_in_and_saves_the_change(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    slack.command("/reflect", text="First draft", user_id="U1")
    open_home(slack)
    value = entry_value(published_home(fake_slack))
    slack.block_action("edit_entry", value=value, user_id="U1", view={"id": "VHOME", "type": "home"})
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:reflection" and "First draft" in json.dumps(view)
    answer = slack.view_submission(
        "form:reflection",
        state(text=text("Second draft"), visibility=choice("private")),
        user_id="U1",
        private_metadata=view["private_metadata"],
    )
    assert "updated" in json.dumps(answer.json())
    assert [r.text for r in rows(db, Reflection)] == ["Second draft"]


def test_quick_evidence_is_completed_through_edit(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    reply = slack.command("/evidence", text="Tried pairing", user_id="U1").json()
    value = next(e["value"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"])
    slack.block_action("edit_entry", value=value, user_id="U1")
    view = opened_view(fake_slack)
    assert "Tried pairing" in json.dumps(view)
    values = state(technique=text("Tried pairing"), context=text("Finance"), outcome=text("Faster sign-off"))
    slack.view_submission("form:evidence", values, user_id="U1", private_metadata=view["private_metadata"])
    (entry,) = rows(db, Evidence)
    assert (entry.outcome, entry.is_quick) == ("Faster sign-off", False)


def test_delete_removes_the_entry_from_the_journal_and_the_export(slack, db, ctx, fake_slack, make_cohort, tmp_path):
    make_cohort(delegates=["U1"])
    slack.command("/reflect", text="Keep this one", user_id="U1")
    slack.command("/reflect", text="Delete this one", user_id="U1")
    open_home(slack)
    home = published_home(fake_slack)
    value = entry_value(home, "delete_entry", 0)  # newest first
    slack.block_action("delete_entry", value=value, user_id="U1", view={"id": "VHOME", "type": "home"})
    after = published_home(fake_slack, 2)
    assert "Delete this one" not in json.dumps(after) and "Keep this one" in json.dumps(after)
    assert [r.deleted_at is not None for r in rows(db, Reflection)] == [False, True]
    journal = slack.command("/journal", user_id="U1").json()["text"]
    assert "Delete this one" not in journal
    export_workbook(ctx, tmp_path / "out.xlsx", ExportScope(), actor=CommandLine("test"))
    cells = [c.value for row in load_workbook(tmp_path / "out.xlsx")["Reflections"].iter_rows() for c in row]
    assert "Keep this one" in cells and "Delete this one" not in cells


def test_no_one_edits_deletes_or_quotes_another_delegates_entry(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    slack.command("/reflect", text="Private to me", user_id="U1")
    (entry,) = rows(db, Reflection)
    value = json.dumps({"kind": "reflection", "id": entry.id, "page": 0})
    for intruder in ("U2", "UFAC"):
        for action in ("edit_entry", "delete_entry", "quote_entry"):
            slack.block_action(action, value=value, user_id=intruder, view={"id": "VHOME", "type": "home"})
    fake_slack.wait_for("chat.postMessage", 6)
    assert all("only change your own" in json.dumps(m) for m in dms_to(fake_slack, "U2") + dms_to(fake_slack, "UFAC"))
    forged = slack.view_submission(
        "form:reflection",
        state(text=text("Hijacked"), visibility=choice("cohort")),
        user_id="U2",
        private_metadata=json.dumps({"entry": {"kind": "reflection", "id": entry.id}}),
    ).json()
    assert forged["response_action"] == "errors"
    (after,) = rows(db, Reflection)
    assert (after.text, after.deleted_at, after.open_content_consent, after.visibility) == (
        "Private to me",
        None,
        False,
        "private",
    )
    assert fake_slack.count("views.open") == 0


def test_journal_lists_only_my_own_recent_entries(slack, make_cohort):
    make_cohort(delegates=["U1", "U2"])
    slack.command("/reflect", text="Mine", user_id="U1")
    slack.command("/reflect", text="Theirs, private", user_id="U2")
    text_ = slack.command("/journal", user_id="U1").json()["text"]
    assert "Mine" in text_ and "Theirs" not in text_ and "Home" in text_


def test_quoting_in_open_content_is_a_per_entry_opt_in(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    slack.command("/reflect", text="Quotable", user_id="U1")
    assert [r.open_content_consent for r in rows(db, Reflection)] == [False]
    open_home(slack)
    slack.block_action(
        "quote_entry",
        value=entry_value(published_home(fake_slack), "quote_entry"),
        user_id="U1",
        view={"id": "VHOME", "type": "home"},
    )
    assert "Stop quoting" in json.dumps(published_home(fake_slack, 2))
    assert [r.open_content_consent for r in rows(db, Reflection)] == [True]
