from sqlalchemy import select

from storage.models import Reflection


def reflections(db):
    with db.read() as session:
        return list(session.scalars(select(Reflection).order_by(Reflection.id)))


def test_reflect_with_text_is_stored_and_confirmed(slack, db, make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    response = slack.command("/reflect", text="I tried a show and tell", user_id="U1", channel_id="C111")
    assert response.status == 200
    assert "Saved to your journal" in response.json()["text"]
    assert [r.text for r in reflections(db)] == ["I tried a show and tell"]


def test_text_with_the_word_payload_is_not_lost(slack, db, make_cohort):
    make_cohort(delegates=["U1"])
    response = slack.command("/reflect", text="the payload of this change was large", user_id="U1")
    assert response.status == 200
    assert [r.text for r in reflections(db)] == ["the payload of this change was large"]
