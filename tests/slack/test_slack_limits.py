"""Everything the bot sends stays within Slack's limits, keeps people's words, and notifies no one by accident."""

from __future__ import annotations

import json
from typing import Any

import time_machine
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.interaction.exchange import Button, Field, Form
from bot.interaction.text import MAX_ENTRY_CHARS
from bot.messaging.messenger import Message
from handlers.slack.app import web_client
from handlers.slack.messenger import SlackMessenger
from handlers.slack.render.common import message_view
from handlers.slack.render.form import form_view
from handlers.slack.render.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, VIEW_BLOCKS
from handlers.slack.render.markup import unescape
from storage.db import Database
from tests.journal.helpers import WEEK_1, choice, state, text
from tests.journal.test_privacy import posted_prompt
from tests.slack.test_database_outage import bot_on, silent_server
from tests.workspaces import TEAM

AMPERSANDS = "&" * 40_000  # escaping makes each five characters long
MENTIONS = ("<!channel>", "<!here>", "<!everyone>", "<@U2>", "<!subteam^S1>")


def within_limits(blocks: list[dict[str, Any]], limit: int) -> str:
    """Check the blocks as slack_sdk.models do, and return the text they show."""
    assert 0 < len(blocks) <= limit
    shown = []
    for block in blocks:
        Block.parse(block).validate_json()
        if block["type"] == "section":
            words = block["text"]["text"]
            shown.append(unescape(words) if block["text"]["type"] == "mrkdwn" else words)
    return "".join(shown)


def test_a_refused_40000_character_reflection_comes_back_whole_within_50_blocks(slack, make_cohort):
    make_cohort(delegates=["U1"])
    answer = slack.command("/reflect", AMPERSANDS, user_id="U1").json()
    assert "the limit is 3,000" in answer["text"]
    assert AMPERSANDS in within_limits(answer["blocks"], MESSAGE_BLOCKS)
    assert len(answer["text"]) <= MESSAGE_TEXT


def test_words_given_back_after_a_failure_come_back_whole_within_50_blocks(ctx):
    longest = "&" * MAX_ENTRY_CHARS
    with silent_server() as port:
        hung = Database(f"postgresql://postgres@127.0.0.1:{port}/cohortbot")
        try:
            with bot_on(ctx, hung) as slack:
                answer = slack.command("/reflect", longest, user_id="U1").json()
        finally:
            hung.dispose()
    assert "nothing was saved" in answer["text"]
    assert longest in within_limits(answer["blocks"], MESSAGE_BLOCKS)
    assert len(answer["text"]) <= MESSAGE_TEXT


def test_text_too_long_even_as_plain_text_is_cut_with_a_note(ctx, fake_slack):
    words = "a" * (MESSAGE_BLOCKS * 3000 + 10)
    SlackMessenger(web_client(ctx.settings)).post(
        TEAM.place("C111"), Message(text=words, title="Title", footer="Footer", buttons=(Button("OK", "ok"),))
    )
    call = fake_slack.last("chat.postMessage")
    shown = within_limits(call.params["blocks"], MESSAGE_BLOCKS)
    assert "(Cut here: 12,010 more characters do not fit in one message.)" in shown
    assert [block["type"] for block in call.params["blocks"]][-2:] == ["context", "actions"]
    assert len(call.params["text"]) <= MESSAGE_TEXT


def test_mentions_typed_into_a_shared_reflection_notify_no_one(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    typed = "Heads up " + " ".join(MENTIONS) + " & thanks"
    with time_machine.travel(WEEK_1, tick=True):
        slack.view_submission("form:reflection", state(text=text(typed), visibility=choice("cohort")), user_id="U1")
    (post,) = [c for c in fake_slack.wait_for("chat.postMessage") if c.params["channel"] == "C111"]
    sent = post.params["text"] + json.dumps(post.params["blocks"])
    assert not any(mention in sent for mention in MENTIONS)
    assert "&lt;!channel&gt;" in post.params["text"]
    assert "Heads up <!channel>" in unescape(post.params["text"])


def test_a_modal_that_only_says_something_stays_within_100_blocks():
    view = message_view("A title much longer than Slack allows", "&" * 400_000)
    assert len(view["title"]["text"]) <= 24
    within_limits(view["blocks"], VIEW_BLOCKS)


def test_a_forms_intro_quoting_someone_is_escaped():
    form = Form("f", "Follow-up", (Field("answer", "Answer"),), intro="You logged: <!channel> & <@U2>")
    view = form_view(form)
    View(**{key: value for key, value in view.items() if key != "type"}, type="modal").validate_json()
    assert unescape(within_limits(view["blocks"][:1], 1)) == "You logged: <!channel> & <@U2>"
    assert "<!channel>" not in json.dumps(view)


def test_a_files_comment_notifies_no_one(ctx, fake_slack, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"workbook")
    messenger = SlackMessenger(web_client(ctx.settings))
    messenger.send_file(TEAM.person("U1"), path, title="Export", comment="Cohort <!channel> export")
    [record] = fake_slack.files.values()
    assert record["initial_comment"] == "Cohort &lt;!channel&gt; export"
