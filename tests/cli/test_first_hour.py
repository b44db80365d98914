"""What a new user types in the first hour: each mistake is one clear line and the right exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlack


def cohortbot(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=60
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_export_to_a_folder_is_named_for_what_it_holds_without_library_noise(tmp_path):
    result = cohortbot("export", "--out", str(tmp_path), "--pseudonymise", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.glob("*.xlsx")
    assert written.name.startswith("cohortbot-evaluation-all-cohorts-pseudonymised-")
    assert result.stdout.startswith(f"Wrote {written} (") and result.stderr == ""


def test_an_export_to_a_csv_name_is_refused_in_one_line(tmp_path):
    result = cohortbot("export", "--out", "x.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert "name the file .xlsx, not x.csv" in one_line(result)
    assert not (tmp_path / "x.csv").exists()


def test_a_date_window_back_to_front_is_refused(tmp_path):
    result = cohortbot("export", "--out", "a.xlsx", "--from", "2027-02-01", "--to", "2027-01-01", cwd=tmp_path)
    assert result.returncode == 1
    assert "--from 2027-02-01 is after --to 2027-01-01" in one_line(result)
    assert not (tmp_path / "a.xlsx").exists()


def test_an_unsupported_database_is_one_line_and_exit_2(tmp_path):
    result = cohortbot("cohort", "list", cwd=tmp_path, env={"DATABASE_URL": "mysql://x"})
    assert result.returncode == 2
    assert "DATABASE_URL" in one_line(result) and "postgresql://" in result.stderr


@pytest.mark.parametrize(("variable", "prefix"), [("SLACK_BOT_TOKEN", "xoxb-"), ("SLACK_APP_TOKEN", "xapp-")])
def test_tokens_are_checked_for_their_prefix_and_never_echoed(tmp_path, variable, prefix):
    result = cohortbot("cohort", "list", cwd=tmp_path, env={variable: "bad-secret-value"})
    assert result.returncode == 2
    line = one_line(result)
    assert variable in line and prefix in line and "bad-secret-value" not in line


def test_a_channel_name_is_refused_with_what_an_id_looks_like(tmp_path):
    result = cohortbot("cohort", "create", "Cohort 1", "--channel", "general", "--start", "2099-01-05", cwd=tmp_path)
    assert result.returncode == 2
    assert "'general' is not a Slack channel ID" in result.stderr and "C0123456789" in result.stderr


def test_a_name_is_refused_where_a_user_id_is_needed(tmp_path):
    result = cohortbot("cohort", "enrol", "Cohort 1", "--delegate", "bob", cwd=tmp_path)
    assert result.returncode == 2
    assert "'bob' is not a Slack user ID" in result.stderr and "U0123456789" in result.stderr
    assert "Enrolled" not in result.stdout


def test_a_start_date_in_the_past_is_refused_at_create(tmp_path):
    result = cohortbot("cohort", "create", "Cohort 1", "--channel", "C0123456789", "--start", "2020-01-06", cwd=tmp_path)
    assert result.returncode == 1
    assert "06 January 2020 has passed" in one_line(result)
    listing = cohortbot("cohort", "list", cwd=tmp_path)
    assert "Cohort 1" not in listing.stdout


def test_an_xlsx_library_is_not_written_to_a_terminal(tmp_path):
    """Run under a pseudo-terminal, as a person would type it."""
    pty = pytest.importorskip("pty")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))}
    command = [sys.executable, "-m", "bot", "prompts", "export", "--format", "xlsx"]
    leader, follower = pty.openpty()
    process = subprocess.run(
        command, stdout=follower, stderr=subprocess.PIPE, text=True, env=environment, cwd=tmp_path, timeout=60
    )
    os.close(follower)
    os.close(leader)
    assert process.returncode == 1
    assert "--out" in process.stderr and "Traceback" not in process.stderr


def test_an_unreachable_slack_is_one_line_with_no_library_noise(tmp_path):
    with FakeSlack() as fake:
        url = fake.base_url
    # the fake has stopped: nothing listens there any more
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": url}
    result = cohortbot("run", "--http", "--port", "0", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "Could not reach Slack" in one_line(result)


def test_run_does_not_warn_that_the_token_is_unused(tmp_path):
    """Bolt's 'token will be unused' notice is noise when our client carries that very token."""
    with FakeSlack() as fake:
        env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake.base_url}
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--http", "--port", "0", "--no-scheduler"],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_"))}, **env},
        )
        try:
            first_line = process.stderr.readline()
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "listening" in first_line and "will be unused" not in first_line
