"""`cohortbot coach assign|list`: the same assignment as in Slack, from a terminal."""

import pytest

from handlers.cli import main
from tests.coaching.helpers import dm_texts
from tests.conftest import BOT_TOKEN


def test_assign_from_the_terminal_tells_both_and_lists(database_url, monkeypatch, capsys, make_cohort, fake_slack):
    for name, value in (("DATABASE_URL", database_url), ("SLACK_BOT_TOKEN", BOT_TOKEN), ("SLACK_API_URL", fake_slack.base_url)):
        monkeypatch.setenv(name, value)
    make_cohort(delegates=["U1", "U2"])
    assert main(["coach", "assign", "Cohort 1", "--coach", "UCOACH", "--delegate", "U1", "--delegate", "U2"]) == 0
    assert main(["coach", "list", "Cohort 1"]) == 0
    out = capsys.readouterr().out
    assert "U1 is coached by UCOACH in Cohort 1." in out and "U2 is coached by UCOACH in Cohort 1." in out
    assert "U2: coached by UCOACH" in out
    assert "is your coach for Cohort 1" in dm_texts(fake_slack, "U1")[-1]
    enrolled, *coaching = dm_texts(fake_slack, "UCOACH")  # enrolled as coach by the operator, then one DM per delegate
    assert enrolled.startswith("The operator who runs cohortbot, from the command line on its server, added you to *Cohort 1*")
    assert len(coaching) == 2


def test_a_coach_for_someone_not_a_delegate_is_one_polite_line(database_url, monkeypatch, capsys, make_cohort):
    monkeypatch.setenv("DATABASE_URL", database_url)
    make_cohort(delegates=["U1"])
    assert main(["coach", "assign", "Cohort 1", "--coach", "UCOACH", "--delegate", "U9"]) == 1
    assert capsys.readouterr().err == "cohortbot: U9 is not a delegate of Cohort 1. Enrol them first.\n"
    with pytest.raises(SystemExit) as exit:
        main(["coach", "assign", "Cohort 1", "--coach", "bob", "--delegate", "U1"])
    assert exit.value.code == 2 and "'bob' is not a Slack user ID" in capsys.readouterr().err
