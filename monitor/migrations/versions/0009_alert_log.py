"""alert log: the digests and spike alerts delivered, so none is sent twice

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-28 09:00:00

One row per delivery (``monitor.store.alert_log``): what was sent (a digest's day or a spike's
key), to which destination (a digest of it, never its URL) and when. Nothing existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store adopted at 0001 may already have every current table (see 0002): add what is missing.
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("alert_log"):
        return
    op.create_table(
        "alert_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("alert_key", sa.String(200), nullable=False),
        sa.Column("destination", sa.String(64), nullable=False),
        sa.Column("destination_label", sa.String(300), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_alert_log_lookup", "alert_log", ["destination", "kind", "alert_key"])


def downgrade() -> None:
    op.drop_index("ix_alert_log_lookup", table_name="alert_log")
    op.drop_table("alert_log")
