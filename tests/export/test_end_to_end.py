"""A reflection goes in through a signed Slack request and comes out in the evaluator's workbook."""

from datetime import datetime

import time_machine
from openpyxl import load_workbook

from bot.people.profiles import needs_profile
from handlers.cli import main
from tests.waiting import wait_until
from tests.workspaces import TEAM

HOSTILE = '=HYPERLINK("http://evil","click")'


def test_reflection_travels_from_slack_to_the_workbook(slack, db, make_cohort, fake_slack, database_url, monkeypatch, tmp_path):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"])
    fake_slack.users["U1"] = {"profile": {"display_name": "Ada Lovelace"}}
    with time_machine.travel(datetime.fromisoformat("2026-11-10T14:30:00+00:00"), tick=False):
        assert slack.command("/reflect", text=HOSTILE, user_id="U1", channel_id="C111").status == 200
    wait_until(lambda: not needs_profile(db, TEAM.person("U1")), what="the delegate's name from users.info")
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "reflections.xlsx"
    assert main(["export", "--out", str(out)]) == 0

    sheet = load_workbook(out)["Reflections"]
    header, row = [[cell for cell in r] for r in sheet.iter_rows(max_row=2)]
    assert [c.value for c in header][:5] == ["Cohort", "Delegate", "Slack ID", "Written", "Week"]
    values = {h.value: c for h, c in zip(header, row)}
    assert values["Reflection"].value == HOSTILE
    assert values["Reflection"].data_type == "s"
    assert values["Delegate"].value == "Ada Lovelace"
    assert values["Slack ID"].value == "U1"
    assert values["Written"].value == datetime(2026, 11, 10, 14, 30)  # GMT in November
    assert values["Week"].value == 2
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I2"
    assert sheet.column_dimensions["I"].width == 80
