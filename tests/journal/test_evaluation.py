import json

from bot.surveys.evaluation import questions
from storage.models import Evaluation
from tests.journal.helpers import choice, dms_to, opened_view, rows, state, text


def answers(rating="5", comment="Very useful"):
    fields = {}
    for q in questions():
        fields[q.key] = choice(rating)
        fields[q.key + "_comment"] = text(comment)
    return state(**fields)


def test_facilitator_sends_the_evaluation_early_and_delegates_answer_it(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    reply = slack.command("/cohortbot", text=f'send-evaluation "{cohort.name}"', user_id="UFAC").json()
    assert "Sending the programme evaluation" in reply["text"]
    fake_slack.wait_for("chat.postMessage", 3)  # two delegates and the facilitator's report
    (dm,) = dms_to(fake_slack, "U1")
    button = next(e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == "open_evaluation"

    slack.block_action("open_evaluation", value=button["value"], user_id="U1")
    view = opened_view(fake_slack)
    assert view["callback_id"] == "form:evaluation"
    metadata = view["private_metadata"]
    assert (
        slack.view_submission("form:evaluation", answers("4"), user_id="U1", private_metadata=metadata).json()["response_action"]
        == "update"
    )
    slack.view_submission("form:evaluation", answers("5", "Even better on reflection"), user_id="U1", private_metadata=metadata)
    (stored,) = rows(db, Evaluation)
    assert stored.answers["quality"] == {"rating": 5, "comment": "Even better on reflection"}


def test_only_facilitators_and_admins_send_the_evaluation(slack, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], facilitators=["UFAC"])
    refused = slack.command("/cohortbot", text=f'send-evaluation "{cohort.name}"', user_id="U1").json()
    assert "only a facilitator" in refused["text"]
    assert "send-evaluation" not in slack.command("/cohortbot", text="help", user_id="U1").json()["text"]
    assert "send-evaluation" in slack.command("/cohortbot", text="help", user_id="UFAC").json()["text"]
    assert fake_slack.count("chat.postMessage") == 0


def test_a_rating_outside_one_to_five_stores_nothing(slack, db, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    bad = answers()
    bad["relevance"] = {"relevance": choice("0")}
    answer = slack.view_submission(
        "form:evaluation", bad, user_id="U1", private_metadata=json.dumps({"cohort_id": cohort.id})
    ).json()
    assert answer["response_action"] == "errors" and "relevance" in answer["errors"]
    assert rows(db, Evaluation) == []
