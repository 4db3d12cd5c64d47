"""pull state: where each API pull stands and where an interrupted one resumes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-22 09:00:00

One row per pull source (``instagram``, ``youtube``): the last run's status, times, counts and
message, and (JSON) the posts already walked when a rate limit or quota stopped it. Nothing
existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store adopted at 0001 may already have every current table (see 0002): add what is missing.
    if sa.inspect(op.get_bind()).has_table("pull_state"):
        return
    op.create_table(
        "pull_state",
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("account", sa.String(160), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("resume", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("source"),
    )


def downgrade() -> None:
    op.drop_table("pull_state")
