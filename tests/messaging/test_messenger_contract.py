"""The messenger contract: every adapter posts, DMs, threads, sends files, deletes, shows the
home screen, renders the neutral markup and refuses with the domain's reasons, alike.

Each adapter runs through a harness (tests/messaging/platforms.py). Adding Teams is one more
harness and one more name in `ADAPTERS`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.context import Context
from bot.journal.view import JournalHome
from bot.messaging.messenger import DELIVERY_KEY, Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from tests.fakes.slack_api import FakeSlack
from tests.messaging.platforms import MARKUP, ConsolePlatform, FakePlatform, Platform, SlackPlatform, TeamsPlatform

ADAPTERS = ["fake", "slack", "console", "teams"]


@pytest.fixture(params=ADAPTERS)
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Platform:
    if request.param == "fake":
        return FakePlatform()
    ctx: Context = request.getfixturevalue("ctx")
    if request.param == "slack":
        fake_slack: FakeSlack = request.getfixturevalue("fake_slack")
        return SlackPlatform(ctx, fake_slack)
    if request.param == "teams":
        return TeamsPlatform(ctx, request.getfixturevalue("fake_teams"))
    return ConsolePlatform(ctx, tmp_path / "outbox")


def test_a_post_to_a_place_can_be_found_again_by_its_delivery(platform: Platform):
    ref = platform.messenger.post(platform.place, Message(text="This week's challenge", metadata={DELIVERY_KEY: 42}))
    assert ref.place == platform.place and ref.message_id
    assert "This week's challenge" in platform.shown_in(platform.channel)
    assert platform.messenger.find_post(platform.place, DELIVERY_KEY, 42) == (ref if platform.finds_posts else None)
    assert platform.messenger.find_post(platform.place, DELIVERY_KEY, 43) is None


def test_a_person_gets_a_direct_message(platform: Platform):
    platform.messenger.send_dm(platform.who, Message(text="A gentle reminder"))
    assert "A gentle reminder" in platform.shown_to(platform.person_id)
    assert "A gentle reminder" not in platform.shown_in(platform.channel)


def test_two_people_are_introduced_together(platform: Platform):
    platform.skip_unless_it_can("send_group_dm")
    pair = [platform.who, platform.peer]
    platform.messenger.send_group_dm(pair, Message(text="Meet your peer"))
    assert "Meet your peer" in platform.shown_to_group([platform.person_id, platform.peer.user_id])
    assert "Meet your peer" not in platform.shown_in(platform.channel)
    if platform.group_chats:  # else each person is told in their own DM with the bot
        assert "Meet your peer" not in platform.shown_to(platform.person_id)


def test_a_reply_goes_into_the_thread_of_a_post(platform: Platform):
    parent = platform.messenger.post(platform.place, Message(text="Week 1"))
    platform.messenger.post(
        platform.workspace.place(platform.channel, thread=parent.message_id), Message(text="Ada shared a reflection")
    )
    assert "Ada shared a reflection" in platform.thread_of(parent)


def test_a_file_reaches_the_person(platform: Platform, tmp_path: Path):
    platform.skip_unless_it_can("send_file")
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(b"cells")
    platform.messenger.send_file(platform.who, path, title="Your workbook", comment="Here it is.")
    assert platform.files_for(platform.person_id) == ["Your workbook"]


def test_a_post_can_be_deleted(platform: Platform):
    ref = platform.messenger.post(platform.place, Message(text="Shared by mistake"))
    assert not platform.is_deleted(ref)
    platform.messenger.delete_post(ref)
    assert platform.is_deleted(ref)


def test_the_home_screen_is_published(platform: Platform):
    platform.skip_unless_it_can("publish_home")
    platform.messenger.publish_home(platform.who, JournalHome(enrolled=True, challenge="Open data for housing", entry_count=0))
    assert "Open data for housing" in platform.home_of(platform.person_id)


def test_the_neutral_markup_is_rendered_the_platforms_way(platform: Platform):
    platform.messenger.post(platform.place, Message(text=MARKUP))
    assert platform.rendered_markup in platform.shown_in(platform.channel)


@pytest.mark.parametrize("method", ["post", "send_dm", "send_group_dm", "delete_post", "find_post", "join", "publish_home"])
def test_each_refusal_comes_back_as_the_domain_reason(platform: Platform, method: str, tmp_path: Path):
    if not platform.refusals:
        pytest.skip("this adapter never refuses")
    if method not in platform.refusable:
        pytest.skip(f"this adapter makes no call that could be refused for {method}")
    calls = {
        "post": lambda m: m.post(platform.place, Message(text="hello")),
        "send_dm": lambda m: m.send_dm(platform.who, Message(text="hello")),
        "send_group_dm": lambda m: m.send_group_dm([platform.who, platform.peer], Message(text="hello")),
        "delete_post": lambda m: m.delete_post(Posted(platform.place, "1.000001")),
        "find_post": lambda m: m.find_post(platform.place, DELIVERY_KEY, 1),
        "join": lambda m: m.join(platform.place),
        "publish_home": lambda m: m.publish_home(platform.who, JournalHome(enrolled=False)),
    }
    for reason in platform.refusals:
        platform.refuse_next(method, reason)
        with pytest.raises(MessengerError) as refused:
            calls[method](platform.messenger)
        assert refused.value.reason is reason, (method, reason)


def test_a_refused_file_comes_back_as_the_domain_reason(platform: Platform, tmp_path: Path):
    platform.skip_unless_it_can("send_file")
    if not platform.refusals:
        pytest.skip("this adapter never refuses")
    path = tmp_path / "workbook.xlsx"
    path.write_bytes(b"cells")
    platform.refuse_next("send_file", Refusal.NOT_ALLOWED)
    with pytest.raises(MessengerError) as refused:
        platform.messenger.send_file(platform.who, path, title="Your workbook", comment="")
    assert refused.value.reason is Refusal.NOT_ALLOWED
    assert platform.files_for(platform.person_id) == []
