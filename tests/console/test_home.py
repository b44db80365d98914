"""The console offers what Slack offers: the journal home's buttons and the programme evaluation."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Evaluation, Evidence, Person, Reflection

ADA = "Ada Brightwater"


def entries_of(db, name: str) -> tuple[int, int, int]:
    """Ada's entries still in her journal, and how many reflections she lets be quoted."""
    with db.read() as session:
        person = session.scalar(select(Person).where(Person.display_name == name))
        reflections = list(session.scalars(select(Reflection).where(Reflection.person_id == person.id)))
        evidence = list(session.scalars(select(Evidence).where(Evidence.person_id == person.id)))
    live = [entry for entry in [*reflections, *evidence] if entry.deleted_at is None]
    return len(live), len([r for r in reflections if r.deleted_at is None]), sum(r.open_content_consent for r in reflections)


def test_the_home_numbers_each_entrys_edit_delete_and_quote_buttons(demo, console):
    out = console("/journal")
    assert f"[Home of {ADA}] My challenge: not set yet" in out
    assert "    (1) Set my challenge   (type /press N)" in out
    assert "    (2) Edit  (3) Delete   (type /press N)" in out  # the newest entry is evidence: nothing to quote
    assert "    (4) Edit  (5) Delete  (6) Allow quoting   (type /press N)" in out
    assert "(29) Older" in out


def test_delete_asks_first_as_slack_does_and_quoting_is_one_press(demo, console):
    entries, reflections, quoted = entries_of(demo, ADA)
    out = console("/journal", "/press 3", "no", "/press 6", "/journal", "/press 3", "yes")
    assert "(You pressed Delete.)\nNot done: nothing was changed.\n(You pressed Allow quoting.)" in out
    assert entries_of(demo, ADA) == (entries - 1, reflections, quoted + 1)
    assert "Only you, your facilitators and the programme's evaluators can see it. May be quoted, unnamed" in out


def test_a_delegate_starts_the_evaluation_without_waiting_for_the_dm(demo, console):
    answers = ["5", "The peers", "4", "", "4", "", "3", "Time"]
    out = console("/cohortbot help", "/cohortbot evaluation", *answers, person="Bilal")
    assert "/cohortbot evaluation: give or revise your evaluation of the programme" in out
    assert "Thank you: your evaluation is saved." in out
    with demo.read() as session:
        bilal = session.scalar(select(Person).where(Person.display_name.like("Bilal%")))
        (evaluation,) = session.scalars(select(Evaluation).where(Evaluation.person_id == bilal.id))
    assert evaluation.answers["quality"] == {"rating": 5, "comment": "The peers"}
