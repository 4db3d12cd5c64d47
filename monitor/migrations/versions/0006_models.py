"""sentiment models: versions of the learned word values re-fitted on analysts' corrections

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-15 09:00:00

A deployment can re-fit the learned valences on its own corrections, compare the candidate with
the model in force on held-out corrections, adopt it and roll back. Each version keeps its
values, figures, example counts, who made it and who adopted it; at most one is active (none:
the shipped values). Nothing existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store adopted at 0001 may already have every current table (see 0002): add what is missing.
    if sa.inspect(op.get_bind()).has_table("sentiment_models"):
        return
    op.create_table(
        "sentiment_models",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("metrics", sa.Text(), nullable=False),
        sa.Column("fit_examples", sa.Integer(), nullable=False),
        sa.Column("held_out_examples", sa.Integer(), nullable=False),
        sa.Column("before_macro_f1", sa.Float(), nullable=True),
        sa.Column("after_macro_f1", sa.Float(), nullable=True),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("adopted_by", sa.String(256), nullable=True),
        sa.Column("adopted_at", sa.DateTime(), nullable=True),
        sa.Column("changed_by", sa.String(256), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_sentiment_models_status", "sentiment_models", ["status"])


def downgrade() -> None:
    op.drop_index("ix_sentiment_models_status", table_name="sentiment_models")
    op.drop_table("sentiment_models")
