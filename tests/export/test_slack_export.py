"""/cohortbot export over signed HTTP: the workbook goes to the evaluator by DM, and only to them."""

import io
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.export.command import BUILDING
from tests.export.conftest import table


@pytest.fixture
def programme(seed):
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    b = seed.cohort("Cohort B", people={"U4": "Carol King"})
    seed.member(a, "UEVAL", "Eve Evaluator", role="evaluator")
    seed.member(b, "UEVB", "Ben Evaluator", role="evaluator")
    seed.reflection(a, seed.person("U1"), "=a reflection in A")
    seed.reflection(b, seed.person("U4"), "a reflection in B")
    return a, b


@pytest.fixture
def private_tmp(monkeypatch, tmp_path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def received_workbook(fake_slack, count=1):
    completes = fake_slack.wait_for("files.completeUploadExternal", count)
    assert len(fake_slack.uploads) == count
    data = list(fake_slack.uploads.values())[-1]
    return completes[-1], load_workbook(io.BytesIO(data))


def wait_until_empty(folder: Path) -> list[Path]:
    deadline = time.monotonic() + 5
    while any(folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(folder.iterdir())


def test_an_evaluator_gets_the_workbook_by_dm(slack, fake_slack, programme, private_tmp):
    response = slack.command("/cohortbot", text="export", user_id="UEVAL", channel_id="C111")
    assert response.status == 200
    assert response.json()["text"] == BUILDING
    complete, book = received_workbook(fake_slack)
    assert complete.params["channel_id"] == "DUEVAL"  # the DM fake Slack opened with UEVAL, never C111
    assert fake_slack.last("conversations.open").params["users"] == "UEVAL"
    rows = table(book["Reflections"])
    assert [(r["Cohort"], r["Delegate"], r["Reflection"]) for r in rows] == [("Cohort A", "Alice Smith", "=a reflection in A")]
    assert book["Reflections"]["I2"].data_type == "s"
    assert fake_slack.count("chat.postMessage") == 0
    assert wait_until_empty(private_tmp) == []  # the temporary workbook is deleted


def test_an_evaluator_can_name_their_cohort_and_ask_for_pseudonyms(slack, fake_slack, programme, private_tmp):
    slack.command("/cohortbot", text="export Cohort A pseudonymise", user_id="UEVAL")
    _, book = received_workbook(fake_slack)
    (row,) = table(book["Reflections"])
    assert row["Delegate"].startswith("P-") and row["Slack ID"] is None
    (sent,) = fake_slack.files.values()
    assert sent["name"] == "cohortbot-evaluation-cohort-a-pseudonymised-2026-02-20T1200.xlsx"  # what it holds
    assert "Yes" in [r[1] for r in book["About"].iter_rows(values_only=True) if r[0] == "Pseudonymised"][0]


def test_an_admin_gets_every_cohort(slack, fake_slack, programme, private_tmp):
    slack.command("/cohortbot", text="export", user_id="UADMIN")
    _, book = received_workbook(fake_slack)
    assert [r["Cohort"] for r in table(book["Reflections"])] == ["Cohort A", "Cohort B"]


@pytest.mark.parametrize(
    ("user_id", "text", "refusal"),
    [
        ("U1", "export", "only the programme's evaluators and admins"),
        ("U1", "export Cohort A", "only the programme's evaluators and admins"),
        ("UEVB", "export Cohort A", "only export the cohorts you evaluate"),
    ],
)
def test_anyone_else_is_refused_and_nothing_is_sent(slack, fake_slack, programme, private_tmp, user_id, text, refusal):
    response = slack.command("/cohortbot", text=text, user_id=user_id)
    assert response.status == 200
    assert refusal in response.json()["text"]
    # An export that is allowed, made afterwards, is the only file that ever arrives.
    slack.command("/cohortbot", text="export", user_id="UEVAL")
    complete, _ = received_workbook(fake_slack)
    assert complete.params["channel_id"] == "DUEVAL"
    assert fake_slack.count("files.getUploadURLExternal") == 1


def test_help_lists_export_only_for_those_who_may_use_it(slack, programme):
    assert "/cohortbot export" in slack.command("/cohortbot", text="help", user_id="UEVAL").json()["text"]
    assert "/cohortbot export" not in slack.command("/cohortbot", text="help", user_id="U1").json()["text"]


def test_a_failed_build_is_explained_by_dm(slack, fake_slack, programme, private_tmp, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("bot.export.command.export_workbook", broken)
    slack.command("/cohortbot", text="export", user_id="UEVAL")
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "DUEVAL"
    assert "couldn't build your workbook" in post.params["text"]
    assert fake_slack.uploads == {}
