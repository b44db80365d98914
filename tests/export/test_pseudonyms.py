import hashlib
import hmac
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.context import Context
from bot.export.context import CommandLine, ExportScope
from bot.export.pseudonyms import Anonymiser, PeopleInText, Pseudonymiser, pseudonym_key
from bot.export.workbook import export_workbook
from storage.models import AppSecret
from tests.export.conftest import table

DATA_SHEETS = [
    "Summary",
    "Reflections",
    "Evidence",
    "Prompts delivered",
    "Confidence",
    "Evaluation",
    "Participation",
    "Sessions",
    "1-2-1 support",
]


@pytest.fixture
def programme(seed):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones"})
    alice, bob = seed.person("U1"), seed.person("U2")
    seed.reflection(cohort, alice, "Talked to <@U2> and @bob jones, not @Bob Jonesy, nor <@U9|someone>")
    seed.reflection(cohort, bob, "Alice's idea, thanks @Alice Smith!", week=2)
    seed.evidence(cohort, bob, "Paired with <@U1>", follow_up_answer="@Alice Smith liked it")
    seed.rating(cohort, alice, "baseline", "decide-digital", 3)
    seed.evaluation(cohort, bob, {"quality": {"rating": 4, "comment": "Thanks to <@U1>"}})
    return cohort


def with_key(ctx: Context, key: str) -> Context:
    return replace(ctx, settings=ctx.settings.model_copy(update={"cohortbot_pseudonym_key": key}))


def export_with(ctx: Context, path: Path):
    export_workbook(ctx, path, ExportScope(pseudonymise=True), actor=CommandLine("tester"))
    return load_workbook(path)


def delegates(book):
    return [row["Delegate"] for row in table(book["Reflections"])]


def expected(key: bytes, user_id: str) -> str:
    return "P-" + hmac.new(key, user_id.encode(), hashlib.sha256).hexdigest()[:10].upper()


def test_names_ids_and_mentions_are_replaced_everywhere(programme, export, ctx):
    book = export(pseudonymise=True)
    key = pseudonym_key(ctx.db, ctx.settings)
    alice, bob = expected(key, "U1"), expected(key, "U2")
    rows = table(book["Reflections"])
    assert [(r["Delegate"], r["Slack ID"]) for r in rows] == [(alice, None), (bob, None)]
    assert rows[0]["Reflection"] == f"Talked to @{bob} and @{bob}, not @{bob} Jonesy, nor @{expected(key, 'U9')}"
    assert rows[1]["Reflection"] == f"{alice}'s idea, thanks @{alice}!"
    (evidence,) = table(book["Evidence"])
    assert (evidence["What they applied"], evidence["Follow-up answer"]) == (f"Paired with @{alice}", f"@{alice} liked it")
    assert table(book["Evaluation"])[0]["Quality comment"] == f"Thanks to @{alice}"
    for title in DATA_SHEETS:
        for row in book[title].iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and ("Smith" in value or "U1" in value or "<@" in value)), (title, value)


def test_the_same_person_gets_the_same_pseudonym_in_every_export(programme, ctx, tmp_path):
    first = delegates(export_with(ctx, tmp_path / "1.xlsx"))
    second = delegates(export_with(ctx, tmp_path / "2.xlsx"))
    assert first == second
    assert first[0] != first[1]


def test_a_different_key_gives_different_pseudonyms(programme, ctx, tmp_path):
    one = delegates(export_with(with_key(ctx, "key one"), tmp_path / "1.xlsx"))
    two = delegates(export_with(with_key(ctx, "key two"), tmp_path / "2.xlsx"))
    assert set(one).isdisjoint(two)
    assert one[0] == expected(b"key one", "U1")


def test_without_a_configured_key_one_is_generated_once_and_kept(ctx):
    first = pseudonym_key(ctx.db, ctx.settings)
    assert pseudonym_key(ctx.db, ctx.settings) == first
    assert len(first) == 64
    with ctx.db.read() as session:
        assert [s.name for s in session.scalars(select(AppSecret))] == ["pseudonym_key"]
    assert pseudonym_key(ctx.db, with_key(ctx, "configured").settings) == b"configured"


def pseudonymiser(people: dict[str, str]) -> Pseudonymiser:
    return Pseudonymiser(b"k", PeopleInText(people.items(), name_words=True))


def test_names_inside_other_words_stay_but_not_inside_email_addresses():
    words = pseudonymiser({"U1": "Al"}).words
    al = expected(b"k", "U1")
    assert words("mail x@al.org or @Alan, but @al and @AL.") == f"mail x@{al}.org or @Alan, but @{al} and @{al}."


def test_the_anonymiser_replaces_whole_names_longest_first_whatever_the_case():
    people = {"U1": "Ann Archer", "U2": "Ann", "U3": "Mary-Jane Smith", "U4": " "}
    anonymise = Anonymiser(PeopleInText(people.items(), name_words=False))
    text = "ann archer met Ann, <@U9>, @[W0B2] and MARY-JANE SMITH; Annabel and Joanne were not named. @Ann Archer too."
    assert anonymise(text) == (
        "[a colleague] met [a colleague], [a colleague], [a colleague] and [a colleague]; Annabel and Joanne were not "
        "named. [a colleague] too."
    )


def test_person_references_are_pseudonymised_like_mentions():
    words = pseudonymiser({"U1": "Al"}).words
    assert words("Paired with @[U1] and @[W0BBBB222]") == (
        f"Paired with @{expected(b'k', 'U1')} and @{expected(b'k', 'W0BBBB222')}"
    )


def test_words_of_names_are_whole_words_and_ordinary_words_that_are_names_are_replaced_too():
    people = {"U1": "Ada Lovelace", "U2": "Will Turner", "U3": "Will Smith"}
    words = pseudonymiser(people).words
    ada = expected(b"k", "U1")
    assert words("Ada met the Adams family; LOVELACE and lovelace.") == f"{ada} met the Adams family; {ada} and {ada}."
    # Will is a name two people share, and an ordinary word: replaced everywhere, by no one's pseudonym.
    assert words("I will ask Will Turner; willing, WILL.") == (
        f"I [a colleague] ask {expected(b'k', 'U2')}; willing, [a colleague]."
    )


def test_words_shaped_like_slack_user_ids_are_pseudonymised_but_shouted_words_are_not():
    words = pseudonymiser({}).words
    assert words("U0AB12CD3E and W0ABCDEF1 met, UNDERSTANDING WONDERFUL") == (
        f"{expected(b'k', 'U0AB12CD3E')} and {expected(b'k', 'W0ABCDEF1')} met, UNDERSTANDING WONDERFUL"
    )


def test_names_are_found_whatever_the_case_in_any_alphabet():
    words = pseudonymiser({"U1": "İlkay Gündoğan", "U2": "Jo Strauß"}).words
    ilkay, strauss = expected(b"k", "U1"), expected(b"k", "U2")
    assert words("İLKAY met GÜNDOĞAN and STRAUSS") == f"{ilkay} met {ilkay} and {strauss}"
