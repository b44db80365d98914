"""Small helpers for the journal tests: Slack-shaped form state and reading back what was stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.models.views import View
from sqlalchemy import select

from storage.models import Delivery, Prompt
from tests.fakes.slack_api import FakeSlack

WEEK_1 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # make_cohort's default start is Mon 2 Nov 2026


def text(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def choice(value: str | None) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value} if value is not None else None}


def choices(*values: str) -> dict[str, Any]:
    return {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}


def url(value: str | None) -> dict[str, Any]:
    return {"type": "url_text_input", "value": value}


def state(**fields: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Slack's view.state.values for a domain form: block_id and action_id are both the field key."""
    return {key: {key: element} for key, element in fields.items()}


def rows(db: Any, model: Any, *where: Any) -> list[Any]:
    with db.read() as session:
        return list(session.scalars(select(model).where(*where).order_by(model.id)))


def opened_view(fake_slack: FakeSlack, count: int = 1) -> dict[str, Any]:
    view = fake_slack.wait_for("views.open", count)[-1].params["view"]
    return json.loads(view) if isinstance(view, str) else view


def published_home(fake_slack: FakeSlack, count: int = 1) -> dict[str, Any]:
    """The last Home view published, checked against Slack's limits by slack_sdk's own model."""
    raw = fake_slack.wait_for("views.publish", count)[-1].params["view"]
    view = json.loads(raw) if isinstance(raw, str) else raw
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    View(**view).to_dict()  # validates block and text limits
    return view


def action_ids(view: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for block in view["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found += [(e["action_id"], e.get("value", "")) for e in elements if e.get("type") == "button"]
    return found


def dms_to(fake_slack: FakeSlack, user_id: str) -> list[dict[str, Any]]:
    return fake_slack.history("D" + user_id)


def eventually(check: Any, timeout: float = 5.0) -> Any:
    """Wait for work done after Slack's ack (e.g. the outbox rows a reply queued) to show; returns check's truthy value."""
    import time

    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError("the expected change did not happen")
        time.sleep(0.05)
    return result


def posted_prompt(db: Any, cohort: Any, week: int = 1) -> None:
    """Week `week`'s challenge, as if posted in the cohort's channel (shared reflections go in its thread)."""
    with db.write() as session:
        prompt = Prompt(slug="try-it", title="Try it out", challenge="Go and try it")
        session.add(prompt)
        session.flush()
        session.add(
            Delivery(
                cohort_id=cohort.id,
                week=week,
                kind="prompt",
                prompt_id=prompt.id,
                due_at=WEEK_1 - timedelta(days=1),
                status="sent",
                conversation=cohort.conversation,
                message_id="1700000000.000100",
            )
        )
