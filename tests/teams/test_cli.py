"""`cohortbot run --teams`, `run --http --teams` and `tick` with Teams settings, as real processes and commands."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.programme import schedule as scheduling
from bot.programme.cohorts import create_cohort
from handlers.cli import main
from handlers.teams import conversations
from tests.bot_process import bot_environment
from tests.cli.test_config import cohortbot
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.requests import SlackRequester
from tests.fakes.slack_api import FakeSlack
from tests.fakes.teams import CLIENT_ID, CLIENT_SECRET, GENERAL, TEAM_ID, TENANT_ID, FakeTeams
from tests.programme.conftest import WEEK_1
from tests.teams.activities import TeamsClient, team_install
from tests.workspaces import TEAM


@pytest.mark.parametrize(("env", "missing"), [({}, "TEAMS_CLIENT_ID"), ({"TEAMS_CLIENT_ID": CLIENT_ID}, "TEAMS_CLIENT_SECRET")])
def test_run_teams_names_the_missing_variable_and_exits_2(tmp_path, env, missing):
    result = cohortbot("run", "--teams", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert missing in result.stderr and ".env.example" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_cloud_is_one_line_and_exit_2(tmp_path):
    env = {"TEAMS_CLIENT_ID": CLIENT_ID, "TEAMS_CLIENT_SECRET": CLIENT_SECRET, "TEAMS_CLOUD": "mars"}
    result = cohortbot("run", "--teams", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "TEAMS_CLOUD" in result.stderr and "public, usgov, usgovdod, china" in result.stderr
    assert "Traceback" not in result.stderr


def test_tick_with_only_teams_configured_posts_the_teams_week_and_leaves_slack_alone(
    monkeypatch, fake_teams, database_url, teams_cohort, db, capsys
):
    conversations.remember(db, TENANT_ID, GENERAL, fake_teams.service_url, kind=conversations.CHANNEL, team=TEAM_ID)
    cohort = teams_cohort()
    with db.write() as session:
        slack_cohort = create_cohort(
            session, TEAM, "Slack cohort", conversation="C111", start_date=date(2026, 11, 2), timezone="Europe/London"
        )
        scheduling.schedule(session, slack_cohort)
        scheduling.schedule(session, session.merge(cohort))
    for name, value in teams_environment(fake_teams, database_url).items():
        monkeypatch.setenv(name, value)
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        assert main(["tick"]) == 0
    out = capsys.readouterr().out
    assert " 0 failed" in out and "left alone: 1 cohort on another platform or workspace" in out
    [post] = fake_teams.sent(GENERAL)
    assert post.body["attachments"][0]["content"]["body"][0]["text"].startswith("Week 1 of 26: ")


def teams_environment(fake: FakeTeams, database_url: str) -> dict[str, str]:
    return {
        "TEAMS_CLIENT_ID": CLIENT_ID,
        "TEAMS_CLIENT_SECRET": CLIENT_SECRET,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": fake.metadata_url,
        "TEAMS_TOKEN_URL": fake.token_url,
        "DATABASE_URL": database_url,
    }


SLACK_LISTENING = re.compile(r"listening on http://127.0.0.1:(\d+)/slack/events")
TEAMS_LISTENING = re.compile(r"listening for Teams on http://127.0.0.1:(\d+)/api/messages")


def test_one_process_serves_slack_and_teams_together(tmp_path: Path, fake_teams, database_url):
    with FakeSlack() as fake_slack:
        env = {
            **teams_environment(fake_teams, database_url),
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.base_url,
        }
        command = [
            sys.executable,
            "-m",
            "bot",
            "run",
            "--http",
            "--teams",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--teams-port",
            "0",
        ]
        log = tmp_path / "bot.log"
        with log.open("wb") as output:
            process = subprocess.Popen(command, env=bot_environment(env), cwd=tmp_path, stdout=output, stderr=output)
        try:
            slack_port, teams_port = wait_for_ports(process, log)
            teams = TeamsClient(f"http://127.0.0.1:{teams_port}", fake_teams)
            assert teams.send(team_install(fake_teams)).status_code == 200
            slack = SlackRequester(f"http://127.0.0.1:{slack_port}", SIGNING_SECRET)
            response = slack.command("/cohortbot", "help", user_id="U1", channel_id="C111")
            assert response.status == 200 and "reflect" in response.body
            assert teams.http.get(f"http://127.0.0.1:{teams_port}/healthz").json()["status"] == "ok"
        finally:
            process.terminate()
            assert process.wait(timeout=30) == 0
    assert fake_teams.count("team_conversations") == 1
    assert "Traceback" not in log.read_text()


def wait_for_ports(process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(errors="replace")
        slack, teams = SLACK_LISTENING.search(text), TEAMS_LISTENING.search(text)
        if slack and teams:
            return slack.group(1), teams.group(1)
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"cohortbot run never said where it listens:\n{text}")
        time.sleep(0.05)
