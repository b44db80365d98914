import json
from datetime import timedelta

import time_machine

from bot.journal.evidence import send_due_follow_ups
from storage.models import Evidence
from tests.journal.helpers import WEEK_1, choice, choices, dms_to, opened_view, rows, state, text, url


def evidence_state(technique="Ran a show and tell", link=None, themes=("Agile delivery",), **extra):
    fields = dict(
        technique=text(technique),
        context=text("Housing team"),
        outcome=text("Three teams asked to join"),
        themes=choices(*themes),
        link=url(link),
    )
    fields.update(extra)
    return state(**fields)


def test_quick_evidence_is_stored_and_shows_the_privacy_notice_once(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    first = slack.command("/evidence", text="Tried a user research session", user_id="U1").json()
    second = slack.command("/evidence", text="Tried a retrospective", user_id="U1").json()
    assert "Evidence saved" in first["text"] and "How your journal is used" in first["text"]
    assert "Evidence saved" in second["text"] and "How your journal is used" not in second["text"]
    stored = rows(db, Evidence)
    assert [(e.technique, e.is_quick) for e in stored] == [
        ("Tried a user research session", True),
        ("Tried a retrospective", True),
    ]
    assert "edit_entry" in json.dumps(first["blocks"])


def test_evidence_command_opens_the_form_with_the_programme_themes(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    slack.command("/evidence", user_id="U1")
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:evidence"
    themes = next(b for b in view["blocks"] if b.get("block_id") == "themes")
    assert "Agile delivery" in [o["value"] for o in themes["element"]["options"]]


def test_submitting_the_form_stores_complete_evidence(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.view_submission("form:evidence", evidence_state(link="https://example.org/notes"), user_id="U1")
    assert response.status == 200 and response.json()["response_action"] == "update"
    (entry,) = rows(db, Evidence)
    assert (entry.context, entry.themes, entry.link, entry.is_quick) == (
        "Housing team",
        ["Agile delivery"],
        "https://example.org/notes",
        False,
    )


def test_bad_evidence_is_refused_inside_the_modal_and_nothing_is_stored(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    cases = {
        "link": evidence_state(link="ftp://example.org/x"),
        "technique": evidence_state(technique="   "),
    }
    for field, values in cases.items():
        answer = slack.view_submission("form:evidence", values, user_id="U1").json()
        assert answer["response_action"] == "errors" and field in answer["errors"], answer
    too_long = slack.view_submission("form:evidence", evidence_state(outcome=text("x" * 3001)), user_id="U1").json()
    assert "3,000" in too_long["errors"]["outcome"]
    unknown_theme = slack.view_submission("form:evidence", evidence_state(themes=("Astrology",)), user_id="U1").json()
    assert "themes" in unknown_theme["errors"]
    assert rows(db, Evidence) == []


def test_the_log_evidence_button_links_the_entry_to_that_week(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    slack.block_action("open_evidence", value=json.dumps({"cohort_id": cohort.id, "week": 3}), user_id="U1")
    view = opened_view(fake_slack)
    assert json.loads(view["private_metadata"]) == {"cohort_id": cohort.id, "week": 3}
    slack.view_submission("form:evidence", evidence_state(), user_id="U1", private_metadata=view["private_metadata"])
    assert [e.week for e in rows(db, Evidence)] == [3]


def test_a_repeated_submission_is_stored_once(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    for _ in range(2):
        slack.view_submission("form:evidence", evidence_state(), user_id="U1", view_id="VSAME")
    assert len(rows(db, Evidence)) == 1


def test_follow_up_is_sent_once_after_three_weeks_and_the_answer_is_kept(slack, db, fake_slack, ctx, make_cohort):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.command("/evidence", text="Mapped a user journey", user_id="U1")
    assert send_due_follow_ups(ctx, WEEK_1 + timedelta(weeks=2)) == 0
    assert send_due_follow_ups(ctx, WEEK_1 + timedelta(weeks=3, hours=1)) == 1
    assert send_due_follow_ups(ctx, WEEK_1 + timedelta(weeks=4)) == 0
    (dm,) = dms_to(fake_slack, "U1")
    assert "Did you use it again?" in json.dumps(dm["blocks"])
    button_value = next(e["value"] for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"])

    slack.block_action("evidence_follow_up", value=button_value, user_id="U1")
    view = opened_view(fake_slack)
    answer = slack.view_submission(
        "form:evidence_follow_up",
        state(used_again=choice("yes"), answer=text("Used it twice more")),
        user_id="U1",
        private_metadata=view["private_metadata"],
    )
    assert answer.json()["response_action"] == "update"
    assert [(e.follow_up_used_again, e.follow_up_answer) for e in rows(db, Evidence)] == [("yes", "Used it twice more")]


def test_a_refused_follow_up_is_tried_again_next_time(db, fake_slack, ctx, make_cohort, slack):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.command("/evidence", text="Mapped a user journey", user_id="U1")
    fake_slack.fail("chat.postMessage", "channel_not_found")
    later = WEEK_1 + timedelta(weeks=3, hours=1)
    assert send_due_follow_ups(ctx, later) == 0
    assert send_due_follow_ups(ctx, later) == 1


def test_no_one_answers_the_follow_up_of_someone_elses_entry(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1", "U2"])
    slack.command("/evidence", text="Mapped a user journey", user_id="U1")
    (entry,) = rows(db, Evidence)
    context = json.dumps({"entry": {"kind": "evidence", "id": entry.id, "page": 0}})
    answer = slack.view_submission(
        "form:evidence_follow_up",
        state(used_again=choice("yes"), answer=text("Mine now")),
        user_id="U2",
        private_metadata=context,
    )
    assert answer.json()["response_action"] == "errors"
    assert [e.follow_up_answer for e in rows(db, Evidence)] == [None]


def test_a_follow_up_to_someone_who_cannot_be_reached_is_given_up(db, fake_slack, ctx, make_cohort, slack):
    make_cohort(delegates=["U1"])
    with time_machine.travel(WEEK_1, tick=True):
        slack.command("/evidence", text="Mapped a user journey", user_id="U1")
    fake_slack.fail("conversations.open", "user_not_found", times=3)
    later = WEEK_1 + timedelta(weeks=3, hours=1)
    assert [send_due_follow_ups(ctx, later) for _ in range(3)] == [0, 0, 0]
    assert fake_slack.count("conversations.open") == 1
