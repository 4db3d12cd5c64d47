"""sign-in attempts and the audit log

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:00:00

Password sign-ins are counted in the store, so a lockout holds across browser sessions and
server processes; the audit log records sign-ins, failures and lockouts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store adopted at 0001 may already have every current table (see 0002): add what is missing.
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("sign_ins"):
        _create_sign_ins()
    if not inspector.has_table("audit_log"):
        _create_audit_log()


def _create_sign_ins() -> None:
    op.create_table(
        "sign_ins",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sign_ins_account_at", "sign_ins", ["account", "at"])
    op.create_index("ix_sign_ins_client_at", "sign_ins", ["client", "at"])


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_sign_ins_client_at", table_name="sign_ins")
    op.drop_index("ix_sign_ins_account_at", table_name="sign_ins")
    op.drop_table("sign_ins")
