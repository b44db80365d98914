"""A delegate's /reflect over signed HTTP: stored once, confirmed privately, never lost."""

import json
import time

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from storage.models import Reflection


def reflections(db):
    with db.read() as session:
        query = select(Reflection).options(joinedload(Reflection.cohort)).order_by(Reflection.id)
        return list(session.scalars(query))


def test_reflect_with_text_is_stored_and_confirmed_privately(slack, db, make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    response = slack.command("/reflect", text="I tried a show and tell", user_id="U1", channel_id="C111")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "Saved to your journal (Cohort 1, week" in body["text"]
    assert "Only you, your facilitators" in body["text"]
    [stored] = reflections(db)
    assert (stored.text, stored.cohort.name, stored.visibility) == ("I tried a show and tell", "Cohort 1", "private")


def test_reflect_works_in_a_direct_message_too(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    assert slack.command("/reflect", text="from my DMs", user_id="U1", channel_id="D0BOTDM").status == 200
    assert [r.text for r in reflections(db)] == ["from my DMs"]


def test_text_with_the_word_payload_is_stored_like_any_other(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.command("/reflect", text="the payload of this change was large", user_id="U1")
    assert response.status == 200
    assert [r.text for r in reflections(db)] == ["the payload of this change was large"]


def test_a_repeated_request_stores_one_copy(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    first = slack.command("/reflect", text="once only", user_id="U1", trigger_id="T-same")
    again = slack.command("/reflect", text="once only", user_id="U1", trigger_id="T-same")
    assert first.status == again.status == 200
    assert "Saved" in again.json()["text"]
    assert len(reflections(db)) == 1


def test_bad_or_stale_signatures_are_refused_and_store_nothing(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    body = "command=%2Freflect&text=forged&user_id=U1&channel_id=C111&trigger_id=T9"
    form = "application/x-www-form-urlencoded"
    assert slack.raw(body, form, signature="v0=" + "0" * 64).status == 401
    assert slack.raw(body, form, timestamp=int(time.time()) - 60 * 60).status == 401
    assert reflections(db) == []


def test_someone_not_enrolled_is_told_how_to_join_and_keeps_their_words(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.command("/reflect", text="my <first> thought & more", user_id="USTRANGER")
    text = response.json()["text"]
    assert "not enrolled" in text and "facilitator" in text
    assert "my &lt;first&gt; thought &amp; more" in text
    assert reflections(db) == []


def test_over_long_text_is_refused_politely_and_given_back(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    text = "x" * 3001
    response = slack.command("/reflect", text=text, user_id="U1")
    assert "limit is 3,000" in response.json()["text"]
    assert text in response.json()["text"]
    assert reflections(db) == []


def test_someone_in_two_cohorts_uses_the_channel_they_typed_in(slack, db, make_cohort):
    make_cohort("Alpha", channel="CALPHA", delegates=["U1"])
    make_cohort("Beta", channel="CBETA", delegates=["U1"])
    slack.command("/reflect", text="in beta", user_id="U1", channel_id="CBETA")
    assert [r.cohort.name for r in reflections(db)] == ["Beta"]


def test_someone_in_two_cohorts_elsewhere_is_asked_which_one(slack, db, fake_slack, make_cohort):
    make_cohort("Alpha", channel="CALPHA", delegates=["U1"])
    make_cohort("Beta", channel="CBETA", delegates=["U1"])
    response = slack.command("/reflect", text="which cohort?", user_id="U1", channel_id="D0BOTDM")
    assert response.status == 200
    [call] = fake_slack.wait_for("views.open")
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    blocks = {block["block_id"]: block for block in view["blocks"]}
    assert [o["text"]["text"] for o in blocks["cohort"]["element"]["options"]] == ["Alpha", "Beta"]
    assert blocks["text"]["element"]["initial_value"] == "which cohort?"
    assert reflections(db) == []


def test_a_reflection_keeps_what_looks_like_a_mention_as_typed(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    slack.command("/reflect", text="Asked <@U2> and @Bob", user_id="U1")
    with db.read() as session:
        assert list(session.scalars(select(Reflection.text))) == ["Asked <@U2> and @Bob"]


def test_a_nul_byte_is_left_out_the_reflection_saved_and_the_delegate_told(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.command("/reflect", text="a\x00b", user_id="U1")
    text = response.json()["text"]
    assert "Saved to your journal" in text
    assert "I left out an invisible control character from what you sent: it can't be stored." in text
    assert [r.text for r in reflections(db)] == ["ab"]

