"""Missing or wrong configuration: one clear line, exit code 2, never a traceback."""

import os
import subprocess
import sys

import pytest


def cohortbot(*args, env=None, cwd):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_run_names_the_missing_variable_and_exits_2(tmp_path, env, missing):
    result = cohortbot("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert missing in result.stderr and ".env.example" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_timezone_is_one_line_and_exit_2(tmp_path):
    result = cohortbot("cohort", "list", env={"COHORTBOT_TIMEZONE": "Mars/Olympus"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "COHORTBOT_TIMEZONE" in result.stderr and "Traceback" not in result.stderr


def test_settings_are_read_from_dot_env(tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    result = cohortbot("run", "--http", cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr


def test_an_unreachable_slack_api_is_explained_not_a_traceback(tmp_path):
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    result = cohortbot("run", "--http", "--port", "0", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "Could not reach Slack at SLACK_API_URL=http://127.0.0.1:9/api/" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["nonsense", "postgresql://bob:secret@127.0.0.1:9/x", "sqlite:////no/such/folder/x.db"])
def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, url):
    result = cohortbot("cohort", "list", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("cohortbot: Could not open the database at DATABASE_URL=")
    assert result.stderr.count("\n") == 1
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
