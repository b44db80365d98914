"""Mending in the console, as the demo's facilitator and as a delegate who may not."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Cohort


def test_a_facilitator_renames_unenrols_and_archives_and_a_delegate_may_not(demo, console):
    refused = console('/cohortbot cohort archive "Cohort 1 (demo)"')
    assert "[only you] Sorry, only facilitators and admins can run cohorts." in refused
    out = console(
        "/as Rosa",
        '/cohortbot cohort rename "Cohort 2 (demo)" "Cohort 1 (demo)"',
        '/cohortbot cohort rename "Cohort 2 (demo)" "Autumn"',
        '/cohortbot cohort unenrol Autumn evaluator @Una',
        "/cohortbot cohort archive Autumn",
        "/cohortbot cohort resend Autumn 1",
        "/cohortbot cohort",
    )
    assert "[only you] A cohort called 'Cohort 1 (demo)' already exists." in out
    assert "[only you] Cohort 2 (demo) is now called Autumn." in out
    assert "[only you] Unenrolled 1 of 1 as evaluator from Autumn; the others were not in it. What they wrote is kept." in out
    assert "[only you] Autumn is archived: nothing more will be posted or sent for it." in out
    assert "[only you] Autumn is archived, so nothing more is posted for it." in out
    assert "/cohortbot cohort shift [NAME] WEEKS" in out
    with demo.read() as session:
        statuses = {name: status for name, status in session.execute(select(Cohort.name, Cohort.status))}
    assert statuses == {"Cohort 1 (demo)": "running", "Autumn": "archived"}
