"""whole-account daily totals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:10:00

daily_total gains the per-day sums of daily_post, and daily_category_total the per-day sums of
daily_category, so the unfiltered daily series reads one row per day. Both are filled from the
existing per-post rows (not from comments), so days whose comments retention already removed
keep their figures.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTS = (
    "comments",
    "owner_replies",
    "positive",
    "neutral",
    "negative",
    "complaints",
    "complaints_answered",
    "likes",
    "owner_positive",
    "owner_neutral",
    "owner_negative",
)
TOTALS = ("score_sum", "owner_score_sum")
ORDER = (
    "comments",
    "owner_replies",
    "positive",
    "neutral",
    "negative",
    "score_sum",
    "complaints",
    "complaints_answered",
    "likes",
    "owner_positive",
    "owner_neutral",
    "owner_negative",
    "owner_score_sum",
)


def upgrade() -> None:
    # A store created before migrations existed is adopted at 0001 whatever its tables look
    # like, so add only what is missing.
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("daily_total")}
    missing = [n for n in ORDER if n not in present]
    if missing:
        with op.batch_alter_table("daily_total", schema=None) as batch_op:
            for name in missing:
                kind = sa.Float() if name in TOTALS else sa.Integer()
                batch_op.add_column(sa.Column(name, kind, server_default="0", nullable=False))
        sets = ", ".join(
            f"{n} = COALESCE((SELECT SUM(p.{n}) FROM daily_post p WHERE p.day = daily_total.day), 0)"
            for n in missing
        )
        op.execute(f"UPDATE daily_total SET {sets}")
    if not inspector.has_table("daily_category_total"):
        op.create_table(
            "daily_category_total",
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("category", sa.String(length=32), nullable=False),
            sa.Column("complaints", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("day", "category"),
        )
        op.execute(
            "INSERT INTO daily_category_total (day, category, complaints) "
            "SELECT day, category, SUM(complaints) FROM daily_category GROUP BY day, category"
        )


def downgrade() -> None:
    op.drop_table("daily_category_total")
    with op.batch_alter_table("daily_total", schema=None) as batch_op:
        for name in reversed(ORDER):
            batch_op.drop_column(name)
