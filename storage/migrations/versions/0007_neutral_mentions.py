"""neutral mentions: Slack mentions kept in stored text become the domain's person references

Text stored before the neutral markup may hold Slack's own mention syntax (`<@U0123|name>`).
It is rewritten as `@[U0123]`, which every front end renders its own way and every export
pseudonymises, so nothing above storage needs to know Slack's syntax.

Revision ID: 0007_neutral_mentions
Revises: 0006
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_neutral_mentions"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLACK_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
TEXT_COLUMNS = {
    "reflections": ("text",),
    "evidence": ("technique", "context", "outcome", "follow_up_answer"),
    "people": ("personal_challenge",),
}


def _neutral(text: str) -> str:
    return SLACK_MENTION.sub(lambda match: f"@[{match.group(1)}]", text)


def upgrade() -> None:
    connection = op.get_bind()
    for table, columns in TEXT_COLUMNS.items():
        for column in columns:
            rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {column} LIKE '%<@%'")).all()
            for row_id, text in rows:
                connection.execute(
                    sa.text(f"UPDATE {table} SET {column} = :text WHERE id = :id"), {"text": _neutral(text), "id": row_id}
                )
    for row_id, answers in connection.execute(sa.text("SELECT id, answers FROM evaluations")).all():
        stored = answers if isinstance(answers, str) else json.dumps(answers)
        if "<@" in stored:
            rewritten = json.loads(_neutral(stored))
            connection.execute(
                sa.text("UPDATE evaluations SET answers = :answers WHERE id = :id"), {"answers": json.dumps(rewritten), "id": row_id}
            )


def downgrade() -> None:
    """Person references stay: Slack renders them as mentions all the same."""
