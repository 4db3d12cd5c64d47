"""platforms: every comment, import and aggregate carries its platform; posts are stored

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 09:00:00

Citra reads X, YouTube, Facebook and TikTok beside Instagram. A comment's identity becomes
(platform, comment_id), since ids are only unique within a platform; the daily aggregates are
keyed by platform, so a platform's figures are stored sums and "all platforms" is their sum.
Everything stored before this revision came from Instagram exports, so existing rows become
Instagram's (the column's server default). The aggregate rows are kept as they are, not
recomputed, because retention may have removed the comments they were built from.

The new ``posts`` table is filled with one row per post the stored comments are under, with
the post's Instagram link, so every stored comment has its post.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from urllib.parse import quote

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_PLATFORM = "instagram"  # every export read before this revision was Instagram's
# The Instagram post link as this revision writes it (a copy: migrations never import live code).
INSTAGRAM_POST = "https://www.instagram.com/p/{id}/"

# Tables whose primary key gains the platform: old key -> new key.
KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "comments": (("comment_id",), ("platform", "comment_id")),
    "daily_post": (("day", "post_id"), ("day", "platform", "post_id")),
    "daily_category": (
        ("day", "post_id", "category"),
        ("day", "platform", "post_id", "category"),
    ),
    "daily_total": (("day",), ("day", "platform")),
    "daily_category_total": (("day", "category"), ("day", "platform", "category")),
}
PLAIN = ("imports", "corrections")  # gain the column, keep their key


def _platform() -> sa.Column:
    return sa.Column("platform", sa.String(length=16), nullable=False, server_default=OLD_PLATFORM)


def upgrade() -> None:
    # A store adopted at 0001 may already have the current tables (see 0002): change only what
    # is not there yet.
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in PLAIN:
        if not _has_platform(inspector, table):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(_platform())
    for table, (_, new_key) in KEYS.items():
        if tuple(inspector.get_pk_constraint(table)["constrained_columns"]) != new_key:
            _rekey(
                bind, inspector, table, new_key, add_platform=not _has_platform(inspector, table)
            )
    if not inspector.has_table("posts"):
        _create_posts()
        _fill_posts(bind)


def _has_platform(inspector, table: str) -> bool:
    return any(c["name"] == "platform" for c in inspector.get_columns(table))


def _rekey(bind, inspector, table: str, key: tuple[str, ...], *, add_platform: bool) -> None:
    """Give ``table`` the primary key ``key`` (adding or dropping the platform column).

    SQLite cannot alter a key: batch mode copies the table into one with the new key. On
    PostgreSQL the key constraint is dropped and created again under its own name.
    """
    name = inspector.get_pk_constraint(table).get("name")
    with warnings.catch_warnings(), op.batch_alter_table(table, schema=None) as batch_op:
        # the copied columns still say which were the old key; the new constraint wins
        warnings.filterwarnings("ignore", "Table '_alembic_tmp_", sa.exc.SAWarning)
        if bind.dialect.name != "sqlite" and name:
            batch_op.drop_constraint(name, type_="primary")
        if add_platform:
            batch_op.add_column(_platform())
        batch_op.create_primary_key(name or f"pk_{table}", list(key))
        if not add_platform:
            batch_op.drop_column("platform")


def _create_posts() -> None:
    op.create_table(
        "posts",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("post_id", sa.String(length=160), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("like_count", sa.Integer(), nullable=True),
        sa.Column("comment_count", sa.Integer(), nullable=True),
        sa.Column("view_count", sa.Integer(), nullable=True),
        sa.Column("first_seen_import_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["first_seen_import_id"], ["imports.id"]),
        sa.PrimaryKeyConstraint("platform", "post_id"),
    )


def _fill_posts(bind) -> None:
    """One Instagram post row per post of the stored comments (their first import)."""
    rows = bind.execute(
        sa.text("SELECT post_id, MIN(import_id) FROM comments WHERE post_id <> '' GROUP BY post_id")
    ).all()
    if not rows:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    posts = sa.table(
        "posts",
        sa.column("platform", sa.String),
        sa.column("post_id", sa.String),
        sa.column("url", sa.Text),
        sa.column("first_seen_import_id", sa.Integer),
        sa.column("updated_at", sa.DateTime),
    )
    op.bulk_insert(
        posts,
        [
            {
                "platform": OLD_PLATFORM,
                "post_id": post_id,
                "url": INSTAGRAM_POST.format(id=quote(str(post_id), safe="")),
                "first_seen_import_id": first_import,
                "updated_at": now,
            }
            for post_id, first_import in rows
        ],
    )


def downgrade() -> None:
    # Only Instagram rows fit the old schema (its keys have no platform): others are dropped.
    bind = op.get_bind()
    op.drop_table("posts")
    for table in (*KEYS, *PLAIN):
        op.execute(sa.text(f"DELETE FROM {table} WHERE platform <> :p").bindparams(p=OLD_PLATFORM))
    inspector = sa.inspect(bind)
    for table, (old_key, _) in KEYS.items():
        _rekey(bind, inspector, table, old_key, add_platform=False)
    for table in PLAIN:
        # In place, not batch mode: copying imports would break the comments' foreign key.
        op.execute(f"ALTER TABLE {table} DROP COLUMN platform")
