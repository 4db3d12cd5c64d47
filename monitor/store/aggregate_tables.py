"""Daily aggregate tables, kept up to date by ingest so views never rescan every comment."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, String, Table

from monitor.store.schema import metadata

# One row per Asia/Jakarta day and post. Counts exclude the account's own replies,
# except ``owner_replies``.
daily_post = Table(
    "daily_post",
    metadata,
    Column("day", Date, primary_key=True),
    Column("post_id", String(160), primary_key=True),
    Column("comments", Integer, nullable=False, default=0),
    Column("owner_replies", Integer, nullable=False, default=0),
    Column("positive", Integer, nullable=False, default=0),
    Column("neutral", Integer, nullable=False, default=0),
    Column("negative", Integer, nullable=False, default=0),
    Column("score_sum", Float, nullable=False, default=0.0),
    Column("complaints", Integer, nullable=False, default=0),
    Column("complaints_answered", Integer, nullable=False, default=0),
    Column("likes", Integer, nullable=False, default=0),
)

# Complaints per day, post and category (routing).
daily_category = Table(
    "daily_category",
    metadata,
    Column("day", Date, primary_key=True),
    Column("post_id", String(160), primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("complaints", Integer, nullable=False, default=0),
)

# Whole-account figures per day that cannot be summed over posts (unique commenters).
daily_total = Table(
    "daily_total",
    metadata,
    Column("day", Date, primary_key=True),
    Column("commenters", Integer, nullable=False, default=0),
)
