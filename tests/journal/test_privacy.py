import json

import time_machine

from bot.journal.sharing import WHO_CAN_SEE
from bot.people.profiles import find_person
from bot.programme.cohorts import enrol
from handlers.after_answer import finish_after_ack_work
from storage.models import Cohort, ConfidenceRating, Evaluation, Evidence, Membership, Person, Reflection
from tests.journal.helpers import (
    WEEK_1,
    choice,
    dms_to,
    eventually,
    opened_view,
    posted_prompt,
    published_home,
    rows,
    state,
    text,
)
from tests.waiting import wait_until
from tests.workspaces import TEAM


def test_reflect_is_private_and_says_who_can_see_it(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    reply = slack.command("/reflect", text="Just for me", user_id="U1").json()["text"]
    assert WHO_CAN_SEE["private"] in reply
    assert [r.visibility for r in rows(db, Reflection)] == ["private"]


def test_a_shared_reflection_goes_into_the_thread_of_that_weeks_prompt(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    with time_machine.travel(WEEK_1, tick=True):
        answer = slack.view_submission(
            "form:reflection", state(text=text("For everyone"), visibility=choice("cohort")), user_id="U1"
        )
    assert WHO_CAN_SEE["cohort"] in json.dumps(answer.json())
    (post,) = [c for c in fake_slack.wait_for("chat.postMessage") if c.params["channel"] == "C111"]
    assert post.params["thread_ts"] == "1700000000.000100" and "For everyone" in json.dumps(post.params)
    (stored,) = eventually(lambda: [r for r in rows(db, Reflection) if r.shared_message_id])
    assert stored.visibility == "cohort"


def test_deleting_a_shared_reflection_removes_the_cohort_post(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    with time_machine.travel(WEEK_1, tick=True):
        slack.view_submission("form:reflection", state(text=text("For everyone"), visibility=choice("cohort")), user_id="U1")
        eventually(lambda: rows(db, Reflection, Reflection.shared_message_id.is_not(None)))
        slack.event({"type": "app_home_opened", "user": "U1", "tab": "home", "event_ts": "1.0"})
        home = published_home(fake_slack)
    assert "Try it out" in json.dumps(home)  # this week's prompt
    (stored,) = rows(db, Reflection)
    slack.block_action(
        "delete_entry", value=json.dumps({"kind": "reflection", "id": stored.id}), user_id="U1", view={"id": "V", "type": "home"}
    )
    (removed,) = fake_slack.wait_for("chat.delete")
    assert removed.params["ts"] == stored.shared_message_id
    assert fake_slack.history("C111") == []


def test_an_unknown_visibility_is_refused_in_the_modal(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    answer = slack.view_submission("form:reflection", state(text=text("Hello"), visibility=choice("world")), user_id="U1").json()
    assert answer["response_action"] == "errors" and "visibility" in answer["errors"]
    assert rows(db, Reflection) == []


def test_the_privacy_notice_is_shown_once_after_storing_what_was_typed(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    first = slack.command("/reflect", text="My first entry", user_id="U1").json()["text"]
    assert first.index("Saved to your journal") < first.index("How your journal is used")
    assert "pseudonymised" in first and "open content" in first
    assert "How your journal is used" not in slack.command("/reflect", text="Second", user_id="U1").json()["text"]
    assert [r.text for r in rows(db, Reflection)] == ["My first entry", "Second"]
    assert all(p.privacy_notice_seen_at for p in rows(db, Person, Person.platform_user_id == "U1"))


def test_empty_and_over_long_entries_are_refused_and_handed_back(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    too_long = "x" * 3001
    assert "limit is 3,000" in slack.command("/evidence", text=too_long, user_id="U1").json()["text"]
    answer = slack.view_submission("form:reflection", state(text=text("   "), visibility=choice("private")), user_id="U1").json()
    assert answer["errors"] == {"text": "Your reflection is empty. Please write a few words."}
    assert rows(db, Reflection) == []


def test_forget_me_asks_first_then_erases_everything_and_tells_facilitators(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    fake_slack.users["U1"] = {"profile": {"display_name": "Alice"}}
    slack.command("/reflect", text="Mine", user_id="U1")
    slack.command("/evidence", text="Tried it", user_id="U1")
    slack.command("/cohortbot", text="challenge My problem", user_id="U1")
    slack.command("/reflect", text="Not mine", user_id="U2")
    ask = slack.command("/cohortbot", text="forget-me", user_id="U1").json()
    assert "cannot be undone" in ask["text"] and "confirm_forget_me" in json.dumps(ask["blocks"])
    assert len(rows(db, Reflection)) == 2  # nothing erased before the confirm

    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    (notice,) = [m for m in fake_slack.wait_for("chat.postMessage") if m.params["channel"] == "DUFAC"]
    assert "asked cohortbot to erase their data" in json.dumps(notice.params)
    assert [r.text for r in rows(db, Reflection)] == ["Not mine"]
    (person,) = rows(db, Person, Person.erased_at.is_not(None))
    assert (person.platform_user_id, person.display_name, person.personal_challenge) == (f"erased:{person.id}", "", None)
    assert "not enrolled" in slack.command("/reflect", text="Again", user_id="U1").json()["text"]
    assert dms_to(fake_slack, "U2") == []


def test_forget_me_leaves_no_row_of_theirs_and_every_row_of_everyone_else(slack, db, fake_slack, make_cohort):
    """Each kind of record the warning names is erased: reflections, evidence, ratings, evaluation, cohorts."""
    cohort = make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    for user_id in ("U1", "U2"):
        slack.command("/reflect", text=f"Reflection of {user_id}", user_id=user_id)
        slack.command("/evidence", text=f"Evidence of {user_id}", user_id=user_id)
        with db.write() as session:
            person = find_person(session, TEAM.person(user_id))
            session.add(ConfidenceRating(person_id=person.id, cohort_id=cohort.id, phase="baseline", item_key="data", rating=3))
            session.add(Evaluation(person_id=person.id, cohort_id=cohort.id, answers={"quality": {"rating": 4}}))
    (u1,) = rows(db, Person, Person.platform_user_id == "U1")
    kinds = (Reflection, Evidence, ConfidenceRating, Evaluation, Membership)
    assert all(rows(db, model, model.person_id == u1.id) for model in kinds)
    others = {model.__name__: len(rows(db, model, model.person_id != u1.id)) for model in kinds}

    slack.command("/cohortbot", text="forget-me", user_id="U1")
    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    fake_slack.wait_for("respond")

    assert {model.__name__: rows(db, model, model.person_id == u1.id) for model in kinds} == {
        model.__name__: [] for model in kinds
    }
    assert {model.__name__: len(rows(db, model, model.person_id != u1.id)) for model in kinds} == others


def test_challenge_is_set_by_text_or_form_and_empty_is_refused(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    slack.command("/cohortbot", text="challenge", user_id="U1")
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:challenge"
    empty = slack.view_submission("form:challenge", state(challenge=text(" ")), user_id="U1").json()
    assert empty["response_action"] == "errors"
    slack.view_submission("form:challenge", state(challenge=text("Reduce missed repairs")), user_id="U1")
    revised = slack.command("/cohortbot", text="challenge Reduce missed repairs by half", user_id="U1").json()["text"]
    assert "revised" in revised
    (person,) = rows(db, Person, Person.platform_user_id == "U1")
    assert person.personal_challenge == "Reduce missed repairs by half"


def test_someone_enrolled_again_after_forget_me_starts_afresh(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], facilitators=["UFAC"])
    slack.command("/reflect", text="First life", user_id="U1")
    slack.command("/cohortbot", text="forget-me", user_id="U1")
    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    wait_until(lambda: rows(db, Reflection) == [], what="the erase")
    with db.write() as session:
        enrol(session, session.get(Cohort, cohort.id), "U1", "delegate", by=None)
    again = slack.command("/reflect", text="Second life", user_id="U1").json()["text"]
    assert "Saved to your journal" in again and "How your journal is used" in again
    (person,) = rows(db, Person, Person.platform_user_id == "U1")
    assert person.erased_at is None
    assert "Second life" in slack.command("/journal", user_id="U1").json()["text"]


def test_a_shared_post_slack_would_not_delete_stays_recorded_for_a_later_try(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    with time_machine.travel(WEEK_1, tick=True):
        slack.view_submission("form:reflection", state(text=text("For everyone"), visibility=choice("cohort")), user_id="U1")
        (stored,) = eventually(lambda: rows(db, Reflection, Reflection.shared_message_id.is_not(None)))
    fake_slack.fail("chat.delete", "ratelimited")
    slack.block_action(
        "delete_entry", value=json.dumps({"kind": "reflection", "id": stored.id}), user_id="U1", view={"id": "V", "type": "home"}
    )
    fake_slack.wait_for("chat.delete")
    finish_after_ack_work()
    (deleted,) = rows(db, Reflection, Reflection.deleted_at.is_not(None))
    assert deleted.shared_message_id == stored.shared_message_id


def test_a_challenge_is_kept_exactly_as_typed(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    typed = 'I\'m making "digital" the    default\nfor our team'
    assert "challenge" in slack.command("/cohortbot", text=f"challenge {typed}", user_id="U1").json()["text"]
    (person,) = rows(db, Person, Person.platform_user_id == "U1")
    assert person.personal_challenge == typed


def test_a_profile_learnt_after_an_erasure_does_not_bring_the_name_back(db, make_cohort):
    """The name lookup after a request can finish after that person's forget-me: it must write nothing."""
    from bot import clock
    from bot.people.profiles import find_person, update_profile

    make_cohort(delegates=["U1"])
    with db.write() as session:
        person = find_person(session, TEAM.person("U1"))
        person.display_name, person.erased_at = "", clock.now()
    update_profile(db, TEAM.person("U1"), display_name="Alice", timezone="Europe/London")
    with db.read() as session:
        person = find_person(session, TEAM.person("U1"))
        assert (person.display_name, person.timezone) == ("", None)
