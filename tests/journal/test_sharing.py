"""A shared reflection's post follows the entry, on the platform-neutral fake messenger."""

import pytest

from bot.journal.reflections import ReflectionRequest, add_reflection
from bot.journal.sharing import sync_shared_post
from bot.messaging.messenger import OUTBOX_KEY
from bot.messaging.refusals import MessengerError, Refusal
from storage.models import Reflection
from tests.journal.helpers import rows
from tests.workspaces import TEAM

SHARE_ROW = 7  # the outbox row doing the sharing, named in the post's metadata


def share(neutral_ctx, db) -> int:
    saved = add_reflection(db, ReflectionRequest(person=TEAM.person("U1"), text="For everyone", visibility="cohort"))
    sync_shared_post(neutral_ctx, saved.id, SHARE_ROW)
    return saved.id


def make_private(db, reflection_id: int) -> None:
    with db.write() as session:
        session.get(Reflection, reflection_id).visibility = "private"


def test_a_shared_reflection_is_posted_and_removed_when_made_private(make_cohort, neutral_ctx, db, messenger):
    make_cohort(delegates=["U1"], channel="C111")
    reflection_id = share(neutral_ctx, db)
    [post] = messenger.posts_in("C111")
    assert post.text.endswith("For everyone") and post.metadata == {"reflection_id": reflection_id, OUTBOX_KEY: SHARE_ROW}
    make_private(db, reflection_id)
    sync_shared_post(neutral_ctx, reflection_id, SHARE_ROW)
    assert messenger.posts_in("C111") == []
    assert [r.shared_message_id for r in rows(db, Reflection)] == [None]


def test_a_shared_post_already_gone_counts_as_removed(make_cohort, neutral_ctx, db, messenger):
    make_cohort(delegates=["U1"], channel="C111")
    reflection_id = share(neutral_ctx, db)
    make_private(db, reflection_id)
    messenger.refuse("delete_post", Refusal.GONE)
    sync_shared_post(neutral_ctx, reflection_id, SHARE_ROW)
    assert [r.shared_message_id for r in rows(db, Reflection)] == [None]


def test_a_shared_post_the_platform_would_not_delete_stays_recorded(make_cohort, neutral_ctx, db, messenger):
    make_cohort(delegates=["U1"], channel="C111")
    reflection_id = share(neutral_ctx, db)
    (shared,) = rows(db, Reflection)
    make_private(db, reflection_id)
    messenger.refuse("delete_post", Refusal.TEMPORARY)
    with pytest.raises(MessengerError):  # raised, so the outbox row that shares it tries again later
        sync_shared_post(neutral_ctx, reflection_id, SHARE_ROW)
    assert [r.shared_message_id for r in rows(db, Reflection)] == [shared.shared_message_id]
    assert len(messenger.posts_in("C111")) == 1


def test_a_person_reference_typed_into_a_shared_reflection_notifies_nobody(make_cohort, neutral_ctx, db, messenger):
    from bot.messaging.markup import PERSON
    from handlers.slack.render.markup import mrkdwn

    make_cohort(delegates=["U1"], channel="C111")
    saved = add_reflection(db, ReflectionRequest(person=TEAM.person("U1"), text="Ping @[UCAROL] and @[U2]", visibility="cohort"))
    sync_shared_post(neutral_ctx, saved.id, SHARE_ROW)
    [post] = messenger.posts_in("C111")
    assert PERSON.search(post.text) is None
    assert "<@" not in mrkdwn(post.text)
    assert post.text.replace("\u2060", "").endswith("Ping @[UCAROL] and @[U2]")  # shown as typed
