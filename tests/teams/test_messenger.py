"""The Teams messenger over the Bot Connector: tokens, channel posts and threads, 1:1 chats, limits and refusals."""

from __future__ import annotations

import pytest

from bot.messaging.addresses import TEAMS, Workspace
from bot.messaging.messenger import Message
from bot.messaging.refusals import MessengerError, Refusal
from handlers.teams import conversations
from handlers.teams.limits import Limiter
from tests.fakes.teams import GENERAL, TEAM_ID, TENANT_ID
from tests.teams.helpers import conversations as stored

TENANT = Workspace(TEAMS, TENANT_ID)
CHANNEL = TENANT.place(GENERAL)
ADA = TENANT.person("29:ada")


@pytest.fixture
def in_team(db, fake_teams):
    conversations.remember(db, TENANT_ID, GENERAL, fake_teams.service_url, kind=conversations.CHANNEL, team=TEAM_ID)


def test_a_post_is_a_new_top_level_post_in_the_channel(in_team, teams, fake_teams):
    posted = teams.post(CHANNEL, Message(text="Try one new tool", title="Week 3 of 26: Open data"))
    [call] = fake_teams.calls("create_conversation")
    assert call.body["isGroup"] is True
    assert call.body["channelData"]["channel"] == {"id": GENERAL}
    assert call.body["activity"]["text"].startswith("**Week 3 of 26: Open data**")
    [activity] = fake_teams.sent(GENERAL)
    assert posted.message_id == activity.id and posted.place == CHANNEL


def test_a_reply_goes_into_the_posts_thread(in_team, teams, fake_teams):
    parent = teams.post(CHANNEL, Message(text="Week 1"))
    teams.post(TENANT.place(GENERAL, thread=parent.message_id), Message(text="Ada shared a reflection"))
    [reply] = fake_teams.sent(GENERAL, thread=parent.message_id)
    assert reply.text == "Ada shared a reflection" and reply.body["replyToId"] == parent.message_id


def test_every_connector_call_carries_one_cached_token(in_team, teams, fake_teams):
    for week in range(3):
        teams.post(CHANNEL, Message(text=f"Week {week}"))
    assert len(fake_teams.token_calls) == 1
    assert {call.headers["authorization"] for call in fake_teams.calls()} == {"Bearer token-1"}


def test_a_token_the_connector_refuses_is_renewed_once(in_team, teams, fake_teams):
    teams.post(CHANNEL, Message(text="first"))
    fake_teams.fail("create_conversation", 401, code="Unauthorized")
    teams.post(CHANNEL, Message(text="second"))
    assert len(fake_teams.token_calls) == 2
    assert [a.text for a in fake_teams.sent(GENERAL)] == ["first", "second"]


def test_a_dm_opens_the_1_to_1_chat_once_and_reuses_it(in_team, teams, fake_teams, db):
    teams.send_dm(ADA, Message(text="A gentle reminder"))
    teams.send_dm(ADA, Message(text="Another"))
    [opened] = fake_teams.calls("create_conversation")
    assert opened.body["members"] == [{"id": "29:ada"}] and opened.body["tenantId"] == TENANT_ID
    assert [a.text for a in fake_teams.dms_to("29:ada")] == ["A gentle reminder", "Another"]
    assert stored(db)[fake_teams.personal_chat("29:ada")]["user"] == "29:ada"


def test_a_dm_in_a_tenant_the_bot_was_never_added_in_is_refused(teams):
    with pytest.raises(MessengerError) as refused:
        teams.send_dm(ADA, Message(text="hello"))
    assert refused.value.reason is Refusal.NOT_MEMBER


@pytest.mark.parametrize("retry_after", ["1", None])
def test_429s_are_waited_out_and_the_post_made_once(in_team, teams, fake_teams, retry_after):
    fake_teams.fail("create_conversation", 429, code="TooManyRequests", times=2, retry_after=retry_after)
    waits: list[float] = []
    teams.connector.sleep = waits.append
    teams.post(CHANNEL, Message(text="Week 1"))
    assert len(fake_teams.sent(GENERAL)) == 1
    assert waits == ([1.0, 1.0] if retry_after else [0.01, 0.02])


@pytest.mark.parametrize("status", [412, 502, 503, 504])
def test_passing_faults_are_tried_again(in_team, teams, fake_teams, status):
    fake_teams.fail("create_conversation", status)
    teams.post(CHANNEL, Message(text="Week 1"))
    assert len(fake_teams.sent(GENERAL)) == 1
    assert len(fake_teams.calls("create_conversation")) == 2


def test_a_fault_that_does_not_pass_comes_back_as_temporary(in_team, teams, fake_teams):
    fake_teams.fail("create_conversation", 503, times=5)
    with pytest.raises(MessengerError) as refused:
        teams.post(CHANNEL, Message(text="Week 1"))
    assert refused.value.reason is Refusal.TEMPORARY


def test_a_post_whose_answer_was_lost_is_not_sent_again(in_team, teams, fake_teams):
    fake_teams.drop_connection("create_conversation")
    with pytest.raises(MessengerError) as refused:
        teams.post(CHANNEL, Message(text="Week 1"))
    assert refused.value.reason is Refusal.UNKNOWN_OUTCOME
    assert len(fake_teams.sent(GENERAL)) == 1
    assert teams.find_post(CHANNEL, "delivery_id", 1) is None and not teams.can_find_posts(CHANNEL)


def test_a_lost_answer_to_opening_a_chat_is_asked_again(in_team, teams, fake_teams):
    fake_teams.drop_connection("create_conversation")
    teams.send_dm(ADA, Message(text="hello"))
    assert [a.text for a in fake_teams.dms_to("29:ada")] == ["hello"]


def test_a_channel_of_a_team_the_bot_is_not_in_is_refused_clearly(teams):
    with pytest.raises(MessengerError) as refused:
        teams.join(CHANNEL)
    assert refused.value.reason is Refusal.NOT_MEMBER and "add the app to the team" in str(refused.value)


def test_a_bot_cannot_open_a_group_chat_so_each_person_gets_the_message_in_their_own(in_team, teams, fake_teams):
    teams.send_group_dm([ADA, TENANT.person("29:sam")], Message(text="Meet your peer"))
    assert [a.text for user in ("29:ada", "29:sam") for a in fake_teams.dms_to(user)] == ["Meet your peer"] * 2
    assert not any(call.body.get("isGroup") and call.body.get("members") for call in fake_teams.calls("create_conversation"))


def test_mentions_notify_the_person_and_text_is_escaped(in_team, teams, fake_teams, db):
    teams.post(CHANNEL, Message(text="Welcome @[29:ada] <b>&</b> [guide](https://example.org/?a=1&b=2)"))
    [activity] = fake_teams.sent(GENERAL)
    assert activity.text == "Welcome <at>someone</at> &lt;b&gt;&amp;&lt;/b&gt; [guide](https://example.org/?a=1&b=2)"
    assert activity.body["entities"] == [
        {"type": "mention", "text": "<at>someone</at>", "mentioned": {"id": "29:ada", "name": "someone"}}
    ]


def test_the_limiter_keeps_seven_a_second_per_conversation_and_fifty_per_tenant():
    waits: list[float] = []
    limiter = Limiter(sleep=waits.append, clock=lambda: 100.0)  # all at the same instant
    for _ in range(8):
        limiter.wait("tenant", "channel-a")
    assert waits == [pytest.approx(1 / 7)]  # the eighth waits for its slot
    waits.clear()
    for index in range(60):
        limiter.wait("tenant-2", f"channel-{index}")
    assert waits == [pytest.approx(n / 50) for n in range(1, 11)]  # a burst of 50, then one every 20 ms
