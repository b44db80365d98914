"""Admins of a workspace, named from the command line."""

from bot.messaging.addresses import SLACK, Workspace
from bot.people.admins import admins_of
from handlers.cli import main
from tests.conftest import BOT_TOKEN
from tests.workspaces import TEAM

OTHER = Workspace(SLACK, "T2")


def test_admins_are_added_to_the_token_s_workspace_or_the_one_named(database_url, fake_slack, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.base_url)
    assert main(["admins", "add", "U0BOSS01"]) == 0
    assert main(["admins", "--workspace", "T2", "add", "U0BOSS02"]) == 0
    assert main(["admins", "add", "U0BOSS01"]) == 0
    assert (admins_of(db, TEAM), admins_of(db, OTHER)) == (["U0BOSS01"], ["U0BOSS02"])
    assert main(["admins", "--workspace", "T2", "remove", "U0BOSS02"]) == 0
    assert main(["admins", "list"]) == 0
    out = capsys.readouterr().out
    assert "U0BOSS01 is now an admin of T1." in out and "U0BOSS01 is already an admin of T1." in out
    assert "U0BOSS02 is no longer an admin of T2." in out and out.rstrip().endswith("U0BOSS01")
    assert admins_of(db, OTHER) == []


def test_with_no_token_and_no_workspace_named_it_asks_which(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["admins", "add", "U0BOSS01"]) == 2
    assert "Which workspace?" in capsys.readouterr().err
