"""`cohortbot session add|list|move|cancel` from a terminal."""

import time_machine

from handlers.cli import main

NOW = "2026-11-03 10:00Z"


@time_machine.travel(NOW)
def test_plan_a_session_from_the_terminal(database_url, monkeypatch, capsys, make_cohort):
    monkeypatch.setenv("DATABASE_URL", database_url)
    make_cohort(delegates=["U1", "U2"])
    add = ["session", "add", "Cohort 1", "--at", "2026-11-19 14:00", "--title", "Show and tell", "--link", "https://example.org/c"]
    assert main(add) == 0
    assert main(["session", "move", "Cohort 1", "1", "--at", "2026-11-20 10:30"]) == 0
    assert main(["session", "list", "Cohort 1"]) == 0
    out = capsys.readouterr().out
    assert "Added session 1: Show and tell: Thu 19 Nov 2026 14:00 (Europe/London), 90 minutes, https://example.org/c." in out
    assert "1. Fri 20 Nov 2026 10:30 (Europe/London), Show and tell, 90 min, https://example.org/c: " in out
    assert "0 going, 0 can't make it, 3 not answered" in out
    assert main(["session", "cancel", "Cohort 1", "1"]) == 0
    assert main(["session", "cancel", "Cohort 1", "1"]) == 1
    assert capsys.readouterr().err == "cohortbot: Session 1 was already cancelled.\n"
    assert main(["session", "add", "Cohort 1", "--at", "2026-11-19 1pm", "--title", "x"]) == 1
    assert "Please write it as YYYY-MM-DD HH:MM" in capsys.readouterr().err
