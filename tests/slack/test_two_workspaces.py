"""Two workspaces installed through Slack's install flow, side by side: the same cohort name in each,
separate admins, each tick posting with its own workspace's token, and an export of one workspace only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from bot.delivery.ticker import tick
from bot.messaging.addresses import SLACK, Workspace
from bot.people.admins import admins_of
from handlers.after_answer import finish_after_ack_work
from handlers.cli import main
from tests.conftest import SIGNING_SECRET
from tests.programme.conftest import WEEK_1, channel_posts
from tests.slack.oauth_helpers import ONE, TWO, install, oauth_settings

T2, T3 = Workspace(SLACK, ONE.id), Workspace(SLACK, TWO.id)
BEFORE = WEEK_1 - timedelta(days=1)


@pytest.fixture
def settings(database_url, fake_slack):
    return oauth_settings(database_url, fake_slack, SIGNING_SECRET)


@pytest.fixture
def cli(settings, monkeypatch, capsys):
    """`cohortbot ...` as an operator types it, in the same environment as the running bot; (exit code, output)."""
    for name in ("slack_client_id", "slack_client_secret", "slack_api_url", "cohortbot_secret_key", "database_url"):
        monkeypatch.setenv(name.upper(), str(getattr(settings, name)))

    def run(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out + out.err

    return run


@pytest.fixture
def two(slack, fake_slack):
    for team in (ONE, TWO):
        assert install(slack, fake_slack, team).status == 200


def workbook_text(path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)


def test_with_two_installed_a_cohort_command_names_its_workspace(two, cli):
    code, out = cli("cohort", "create", "Cohort 1", "--start", "2030-01-07")
    assert code == 2
    assert out.strip() == (
        "cohortbot: cohortbot is installed in 2 Slack workspaces: T2 (Borough One), T3 (Borough Two). "
        "Name one, e.g. --workspace T2."
    )
    code, out = cli("workspaces")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(line[0], line[1], line[3]) for line in lines] == [
        ("T2", "Borough One", "workspace"),
        ("T3", "Borough Two", "workspace"),
    ]
    assert all(line[2].startswith("installed 20") for line in lines)


def test_one_installed_workspace_needs_no_workspace_named(slack, fake_slack, cli):
    assert cli("cohort", "list")[0] == 2  # none installed yet: the message says how to install
    install(slack, fake_slack, ONE)
    assert cli("cohort", "create", "Cohort 1", "--channel", "C222", "--start", "2030-01-07") == (
        0,
        "Created cohort Cohort 1: 26 weeks from Monday 07 January 2030.\n",
    )
    assert cli("cohort", "list", "--workspace", "T2")[1].startswith("Cohort 1\tC222")


def test_same_names_separate_admins_own_tokens_and_an_export_of_one_workspace(two, cli, slack, fake_slack, ctx, tmp_path):
    with time_machine.travel(BEFORE):
        for workspace, channel in (("T2", "C222"), ("T3", "C333")):
            assert (
                cli("cohort", "create", "Cohort 1", "--workspace", workspace, "--channel", channel, "--start", "2026-11-02")[0]
                == 0
            )
            assert cli("cohort", "enrol", "Cohort 1", "--workspace", workspace, "--delegate", "U1")[0] == 0
            assert cli("cohort", "schedule", "Cohort 1", "--workspace", workspace)[0] == 0

    assert cli("admin", "add", "--workspace", "T2", "U0BOSS") == (0, "U0BOSS is now an admin of T2.\n")
    assert (admins_of(ctx.db, T2), admins_of(ctx.db, T3)) == (["U0BOSS", "UINSTALL1"], ["UINSTALL2"])

    fake_slack.reset()
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
        posts = sorted((post.params["channel"], post.token) for post in channel_posts(fake_slack))
        assert posts == [("C222", ONE.token), ("C333", TWO.token)]
        for team_id, channel, words in (("T2", "C222", "borough one's thought"), ("T3", "C333", "borough two's thought")):
            assert slack.command("/reflect", words, user_id="U1", channel_id=channel, team_id=team_id).status == 200
        finish_after_ack_work()

    out = tmp_path / "borough-one.xlsx"
    assert cli("export", "--workspace", "T2", "--out", str(out))[0] == 0
    text = workbook_text(out)
    assert "borough one's thought" in text and "borough two's thought" not in text
