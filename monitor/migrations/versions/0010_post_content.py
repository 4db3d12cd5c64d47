"""post content: a post's caption, media type and hashtags, and the content types set by hand

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-28 09:00:00

Post exports and pulls say more of a post than comment exports do: its caption (an Instagram
caption, a video's description), its media type and its hashtags. ``manual_types`` holds the
content types an analyst set by hand (they win over the rules of ``nlp/data/content_types.tsv``).
All four are nullable: posts stored before keep what they had. Nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = (
    ("caption", sa.Text()),
    ("media_type", sa.String(40)),
    ("hashtags", sa.Text()),
    ("manual_types", sa.Text()),
)


def upgrade() -> None:
    # A store adopted at 0001 may already have every current column (see 0002): add what is missing.
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("posts")}
    for name, kind in COLUMNS:
        if name not in present:
            # In place, not batch mode: SQLite adds a nullable column without copying the table.
            op.add_column("posts", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    # In place: SQLite (3.35+) drops a plain column without copying the table.
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE posts DROP COLUMN {name}")
