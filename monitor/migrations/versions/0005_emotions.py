"""emotions: every comment keeps its emotion and the confidences; daily counts per emotion

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10 09:00:00

Scoring gives each comment an emotion (anger, sadness, fear, happy, love, or "" for none), the
confidence of that emotion and the confidence of its sentiment label. The comments table gains
the three columns, nullable: comments stored before this revision were never scored for
emotion, and NULL says so (views show them as "not scored yet") until re-scoring
(``monitor.ops.rescore``, offered on the Settings page) fills them. They are not scored here:
a migration never imports the live scoring code, and scoring a large store would hold the
upgrade's lock for minutes.

The new ``daily_emotion`` table counts comments per day, platform, post and emotion. It starts
empty: the stored comments carry no emotion yet, and re-scoring refreshes the days it changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("emotion", sa.String(length=8)),
    ("emotion_confidence", sa.Float()),
    ("sentiment_confidence", sa.Float()),
)


def upgrade() -> None:
    # A store adopted at 0001 already has the current tables (create_all): add what is missing.
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("comments")}
    for name, kind in COLUMNS:
        if name not in present:
            # In place, not batch mode: SQLite adds a nullable column without copying the table.
            op.add_column("comments", sa.Column(name, kind, nullable=True))
    if not inspector.has_table("daily_emotion"):
        op.create_table(
            "daily_emotion",
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("platform", sa.String(length=16), nullable=False, server_default="instagram"),
            sa.Column("post_id", sa.String(length=160), nullable=False),
            sa.Column("emotion", sa.String(length=8), nullable=False),
            sa.Column("comments", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("day", "platform", "post_id", "emotion"),
        )


def downgrade() -> None:
    op.drop_table("daily_emotion")
    # In place: SQLite (3.35+) drops a plain column without copying the table.
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE comments DROP COLUMN {name}")
