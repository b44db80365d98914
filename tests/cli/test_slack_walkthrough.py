"""docs/slack.md followed step by step, as a new user would, against the fake Slack.

From a fresh folder: try the console (the README's first command), then the Slack steps in
Socket-free HTTP mode: settings in .env, a cohort created, people enrolled, the calendar
scheduled, the bot started and answering, week 1 posted, and nothing of the demo anywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, select, update

from storage.models import Delivery
from tests.coaching.helpers import body
from tests.fakes.requests import SlackRequester
from tests.fakes.slack_api import FakeSlack

SECRET = "walkthrough-signing-secret"
CHANNEL = "C0123456789"


def cohortbot(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_from_a_fresh_folder_to_week_1_in_the_cohort_channel(tmp_path: Path):
    ok(cohortbot("console", cwd=tmp_path, stdin="/reflect Trying the console first\n"))

    with FakeSlack() as slack:
        (tmp_path / ".env").write_text(
            f"SLACK_BOT_TOKEN=xoxb-walkthrough\nSLACK_SIGNING_SECRET={SECRET}\n"
            f"SLACK_API_URL={slack.base_url}\nCOHORTBOT_ADMINS=U0ADMIN01\n"
        )
        # A week today, so nothing but what the test makes due falls due whatever the time of day.
        start = datetime.now(ZoneInfo("Europe/London")) + timedelta(weeks=1)
        weekday = start.strftime("%A").lower()
        ok(
            cohortbot(
                "cohort",
                "create",
                "Cohort 1",
                "--channel",
                CHANNEL,
                "--start",
                f"{start:%Y-%m-%d}",
                "--weekday",
                weekday,
                cwd=tmp_path,
            )
        )
        ok(cohortbot("cohort", "enrol", "Cohort 1", "--delegate", "U01AAAA", "--facilitator", "U01CCCC", cwd=tmp_path))
        assert "26 weekly challenges" in ok(cohortbot("cohort", "schedule", "Cohort 1", cwd=tmp_path))

        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", "0", "--no-scheduler"],
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_", "DATABASE_URL"))},
        )
        try:
            listening = bot.stderr.readline()
            port = re.search(r":(\d+)/slack/events", listening)
            assert port, listening
            requester = SlackRequester(f"http://127.0.0.1:{port.group(1)}", SECRET)
            assert requester.get("/healthz").status == 200
            answer = requester.command("/cohortbot", "help", user_id="U0ADMIN01", channel_id=CHANNEL)
            assert "cohort create" in answer.json()["text"]
        finally:
            bot.terminate()
            bot.wait(timeout=30)

        assert "Week 1" in ok(cohortbot("cohort", "post-now", "Cohort 1", cwd=tmp_path))
        ok(cohortbot("tick", cwd=tmp_path))

        posts = [post for post in slack.calls("chat.postMessage") if not post.params["channel"].startswith("D")]
        assert [post.params["channel"] for post in posts] == [CHANNEL]
        assert posts[0].params["text"].startswith("Week 1 of 26")
        told = {post.params["channel"]: body(post.params) for post in slack.calls("chat.postMessage") if post not in posts}
        assert sorted(told) == ["DU01AAAA", "DU01CCCC"]
        assert all("operator who runs cohortbot, from the command line" in text for text in told.values())
    assert "demo" not in " ".join(str(call.params) for call in slack.calls()).lower()
    assert (tmp_path / "cohortbot-demo.db").exists() and (tmp_path / "cohortbot.db").exists()


def due_now(database: Path) -> None:
    """Each cohort's next weekly challenge falls due now, as if the week had come round."""
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        pending = select(Delivery.cohort_id, func.min(Delivery.week)).where(
            Delivery.status == "pending", Delivery.kind == "prompt"
        )
        for cohort_id, week in connection.execute(pending.group_by(Delivery.cohort_id)).all():
            mine = (Delivery.cohort_id == cohort_id, Delivery.week == week, Delivery.kind == "prompt")
            connection.execute(update(Delivery).where(*mine).values(due_at=datetime.now(UTC) - timedelta(minutes=1)))
    engine.dispose()


def test_the_demo_in_the_same_database_never_reaches_slack(tmp_path: Path):
    with FakeSlack() as slack:
        (tmp_path / ".env").write_text(
            f"SLACK_BOT_TOKEN=xoxb-walkthrough\nSLACK_API_URL={slack.base_url}\nDATABASE_URL=sqlite:///shared.db\n"
        )
        assert "Cohort 1 (demo)" in ok(cohortbot("demo", cwd=tmp_path))
        week_today = datetime.now(ZoneInfo("Europe/London")) + timedelta(weeks=1)  # nothing else falls due
        start = ("--start", f"{week_today:%Y-%m-%d}", "--weekday", week_today.strftime("%A").lower())
        ok(cohortbot("cohort", "create", "Cohort 1", "--channel", CHANNEL, *start, cwd=tmp_path))
        ok(cohortbot("cohort", "enrol", "Cohort 1", "--delegate", "U01AAAA", "--facilitator", "U01CCCC", cwd=tmp_path))
        ok(cohortbot("cohort", "schedule", "Cohort 1", cwd=tmp_path))
        due_now(tmp_path / "shared.db")

        result = cohortbot("tick", cwd=tmp_path)

        posts = [post for post in slack.calls("chat.postMessage") if not post.params["channel"].startswith("D")]  # no role DMs
        assert [post.params["channel"] for post in posts] == [CHANNEL]
        assert posts[0].params["text"].startswith("Week 1 of 26")
    assert "demo" not in " ".join(str(call.params) for call in slack.calls()).lower()
    assert ok(result).startswith("Tick: 1 sent,")
    assert "left alone: 2 cohorts on another platform or workspace." in result.stdout
    assert len(result.stdout.splitlines()) == 1
