from sqlalchemy import select

from bot.export.context import CommandLine
from bot.export.open_guide import write_open_guide
from storage.models import ExportAudit, Prompt
from tests.export.conftest import at
from tests.workspaces import TEAM


def library(seed):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones"})
    alice, bob = seed.person("U1"), seed.person("U2")
    users = seed.prompt(
        "meet-your-users",
        "Spend an hour with the people you serve",
        2,
        challenge="Observe a service.\n- ask why",
        resources=[{"title": "Service manual", "url": "https://www.gov.uk/service-manual"}],
        themes=["User needs"],
        author="Greater London Authority",
    )
    seed.prompt("set-your-challenge", "Set your own challenge", 1, themes=["Leadership"], author="cohortbot contributors")
    seed.prompt("our-secret-sauce", "Our own method", 3, licence="All rights reserved", author="A Consultancy Ltd")
    seed.reflection(
        cohort, alice, "I shadowed <@U2> and Bob Jones; @Alice Smith learnt a lot", prompt_id=users.id, open_content_consent=True
    )
    seed.reflection(cohort, bob, "private thoughts, not for sharing", prompt_id=users.id)
    seed.reflection(cohort, bob, "consented then deleted", prompt_id=users.id, open_content_consent=True, deleted_at=at(3))
    return seed


def test_the_guide_has_an_index_a_page_per_week_and_the_licence(seed, db, tmp_path):
    library(seed)
    files = write_open_guide(db, tmp_path / "guide", include_examples=False, actor=CommandLine("tester"))
    assert [f.name for f in files] == ["README.md", "LICENCE.md", "week-01-set-your-challenge.md", "week-02-meet-your-users.md"]
    index = files[0].read_text()
    assert "1. [Set your own challenge](week-01-set-your-challenge.md)" in index
    assert "2. [Spend an hour with the people you serve](week-02-meet-your-users.md)" in index
    assert "1. [Set your own challenge](week-01-set-your-challenge.md), by cohortbot contributors, CC BY 4.0" in index
    assert "## Left out" in index and "- Week 3: Our own method (All rights reserved)" in index
    assert "## Credits\n\n- Greater London Authority\n- cohortbot contributors\n" in index
    assert "Version 0.1.0, written 20 February 2026." in index
    licence = files[1].read_text()
    assert "- CC BY 4.0: https://creativecommons.org/licenses/by/4.0/" in licence
    assert "Greater London Authority" in licence and "A Consultancy" not in licence
    week_2 = files[3].read_text()
    assert week_2.startswith("# Week 2: Spend an hour with the people you serve\n")
    assert "Observe a service.\n- ask why" in week_2
    assert "- [Service manual](https://www.gov.uk/service-manual)" in week_2
    assert "## Themes\n\nUser needs" in week_2
    assert "Alice" not in week_2 and "thoughts" not in week_2 and "What leaders wrote" not in week_2
    assert "By Greater London Authority, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)." in week_2
    with db.read() as session:
        (audit,) = session.scalars(select(ExportAudit)).all()
    assert (audit.kind, audit.scope["examples"]) == ("open_guide", False)


def test_examples_are_only_consented_ones_with_names_and_mentions_stripped(seed, db, tmp_path):
    library(seed)
    week_2 = write_open_guide(db, tmp_path, include_examples=True, actor=CommandLine("tester"))[3].read_text()
    assert "> I shadowed [a colleague] and [a colleague]; [a colleague] learnt a lot" in week_2
    for private in ("private thoughts", "deleted", "Bob", "Alice", "U2"):
        assert private not in week_2


def test_a_cohorts_guide_is_the_sequence_it_was_sent_openly_licensed_only(seed, db, tmp_path):
    library(seed)
    cohort = seed.cohort("Cohort B")
    with db.read() as session:
        prompts = {p.slug: p for p in session.scalars(select(Prompt))}
    seed.delivery(cohort, 1, prompt_id=prompts["meet-your-users"].id, status="sent", sent_at=at(0, 9))
    seed.delivery(cohort, 2, prompt_id=prompts["our-secret-sauce"].id, status="sent", sent_at=at(7, 9))
    seed.delivery(cohort, 3, prompt_id=prompts["set-your-challenge"].id, status="skipped")
    files = write_open_guide(db, tmp_path, include_examples=False, cohort=(TEAM, "Cohort B"), actor=CommandLine("tester"))
    assert [f.name for f in files] == ["README.md", "LICENCE.md", "week-01-meet-your-users.md"]
    index = files[0].read_text()
    assert index.startswith("# Digital leadership: the weekly challenges Cohort B worked through\n")
    assert "- Week 2: Our own method (All rights reserved)" in index
    assert "Set your own challenge" not in index
