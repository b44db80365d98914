"""Many workspaces from the command line: the install flow's settings, `cohortbot run --http` serving it,
`cohortbot workspaces`, and `cohortbot admin add --workspace`."""

from __future__ import annotations

import pytest

from bot.messaging.addresses import SLACK, Workspace
from bot.people.admins import admins_of
from handlers.cli import main
from tests.bot_process import start_bot
from tests.cli.test_config import cohortbot
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.requests import SlackRequester
from tests.slack.oauth_helpers import ONE, SECRET_KEY, install
from tests.workspaces import TEAM

OAUTH = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "secret", "SLACK_SIGNING_SECRET": "s"}


@pytest.mark.parametrize(
    ("command", "env", "line"),
    [
        (
            ("run", "--http"),
            {"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "s"},
            "SLACK_CLIENT_SECRET is not set (SLACK_CLIENT_ID without SLACK_BOT_TOKEN needs it).",
        ),
        (
            ("run", "--http"),
            OAUTH,
            "COHORTBOT_SECRET_KEY is not set (SLACK_CLIENT_ID without SLACK_BOT_TOKEN needs it).",
        ),
        (("tick",), OAUTH, "COHORTBOT_SECRET_KEY is not set"),
        (
            ("workspaces",),
            {**OAUTH, "COHORTBOT_SECRET_KEY": "not-a-key"},
            "COHORTBOT_SECRET_KEY is wrong: it should be a Fernet key",
        ),
    ],
)
def test_the_install_flow_without_its_settings_is_one_line_and_exit_2(tmp_path, command, env, line):
    result = cohortbot(*command, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and line in result.stderr and "Traceback" not in result.stderr


def test_cohortbot_run_serves_the_install_flow_and_the_installer_becomes_admin(tmp_path, database_url, fake_slack, db):
    bot = start_bot(
        {
            "SLACK_CLIENT_ID": fake_slack.client_id,
            "SLACK_CLIENT_SECRET": fake_slack.client_secret,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.base_url,
            "COHORTBOT_SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "NO_PROXY": "127.0.0.1,localhost",
        },
        tmp_path,
    )
    try:
        installed = install(SlackRequester(bot.url, SIGNING_SECRET), fake_slack, ONE)
        assert installed.status == 200 and "installed in Borough One" in installed.body
    finally:
        assert bot.stop() == 0
    assert admins_of(db, Workspace(SLACK, "T2")) == ["UINSTALL1"]


def test_workspaces_names_the_bot_tokens_workspace_in_single_token_mode(database_url, fake_slack, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.base_url)
    assert main(["workspaces"]) == 0
    assert capsys.readouterr().out == "T1\tthe bot token's workspace\n"


def test_admin_add_takes_the_workspace_after_the_action_as_admins_does_before_it(database_url, fake_slack, monkeypatch, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.base_url)
    assert main(["admin", "add", "--workspace", "T2", "U0BOSS02"]) == 0
    assert main(["admins", "--workspace", "T3", "add", "U0BOSS03"]) == 0
    assert main(["admin", "add", "U0BOSS01"]) == 0
    assert [admins_of(db, Workspace(SLACK, team)) for team in ("T2", "T3")] == [["U0BOSS02"], ["U0BOSS03"]]
    assert admins_of(db, TEAM) == ["U0BOSS01"]
