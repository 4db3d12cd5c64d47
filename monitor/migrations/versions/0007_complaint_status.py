"""complaint status: the triage queue's status per complaint and its audit trail

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-20 09:00:00

Every complaint gets a status (new, forwarded to a unit, answered, closed). Only complaints
whose status was set have a row in ``complaint_status`` (no row: new); ``version`` counts the
changes for optimistic concurrency. ``complaint_status_log`` keeps every change (from, to,
unit, who, when). Nothing existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store adopted at 0001 may already have every current table (see 0002): add what is missing.
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("complaint_status"):
        op.create_table(
            "complaint_status",
            sa.Column("platform", sa.String(16), nullable=False),
            sa.Column("comment_id", sa.String(160), nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("unit", sa.String(120), nullable=True),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("changed_by", sa.String(256), nullable=False),
            sa.Column("changed_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("platform", "comment_id"),
        )
        op.create_index("ix_complaint_status_status", "complaint_status", ["status"])
    if not inspector.has_table("complaint_status_log"):
        op.create_table(
            "complaint_status_log",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("platform", sa.String(16), nullable=False),
            sa.Column("comment_id", sa.String(160), nullable=False),
            sa.Column("from_status", sa.String(16), nullable=False),
            sa.Column("to_status", sa.String(16), nullable=False),
            sa.Column("from_unit", sa.String(120), nullable=True),
            sa.Column("unit", sa.String(120), nullable=True),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("changed_by", sa.String(256), nullable=False),
            sa.Column("changed_at", sa.DateTime(), nullable=False),
        )
        op.create_index(
            "ix_complaint_status_log_comment",
            "complaint_status_log",
            ["platform", "comment_id"],
        )


def downgrade() -> None:
    op.drop_index("ix_complaint_status_log_comment", table_name="complaint_status_log")
    op.drop_table("complaint_status_log")
    op.drop_index("ix_complaint_status_status", table_name="complaint_status")
    op.drop_table("complaint_status")
