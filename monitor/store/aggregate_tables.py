"""Daily aggregate tables, kept up to date by ingest so views never rescan every comment.

``monitor.store.aggregates.refresh_days`` is the only writer. Retention deletes old comments but
keeps these rows, so the long-run series survives.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, String, Table

from monitor.store.schema import metadata, platform_column

# Every table is keyed by platform too: a platform's daily figures are its stored rows, and
# "all platforms" (or several) is their sum.

# One row per Asia/Jakarta day, platform and post. ``comments`` .. ``likes`` exclude the account's own
# replies; the ``owner_*`` columns hold the account's own replies, so a view can include them.
daily_post = Table(
    "daily_post",
    metadata,
    Column("day", Date, primary_key=True),
    platform_column(primary_key=True),
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
    Column("owner_positive", Integer, nullable=False, default=0),
    Column("owner_neutral", Integer, nullable=False, default=0),
    Column("owner_negative", Integer, nullable=False, default=0),
    Column("owner_score_sum", Float, nullable=False, default=0.0),
)

# Complaints per day, platform, post and category (routing). Complaints without a category count as "other".
daily_category = Table(
    "daily_category",
    metadata,
    Column("day", Date, primary_key=True),
    platform_column(primary_key=True),
    Column("post_id", String(160), primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("complaints", Integer, nullable=False, default=0),
)


# Whole-account figures per day and platform: the sums of daily_post over all posts (so the
# unfiltered series, which the morning view draws, reads one row per day and platform however
# many posts were active), plus what cannot be summed over posts: unique commenters (excluding
# the account) and the median minutes from a complaint to the account's first reply. A
# commenter is an account on one platform, so commenters of several platforms add up; medians
# do not (``aggregates.read_daily_total`` combines them).
def _count(name: str) -> Column:
    return Column(name, Integer, nullable=False, default=0, server_default="0")


def _total(name: str) -> Column:
    return Column(name, Float, nullable=False, default=0.0, server_default="0")


daily_total = Table(
    "daily_total",
    metadata,
    Column("day", Date, primary_key=True),
    platform_column(primary_key=True),
    Column("commenters", Integer, nullable=False, default=0),
    Column("owner_active", Integer, nullable=False, default=0),  # 1 if the account replied that day
    Column("reply_median_minutes", Float),  # None when no complaint of that day was answered
    _count("comments"),
    _count("owner_replies"),
    _count("positive"),
    _count("neutral"),
    _count("negative"),
    _total("score_sum"),
    _count("complaints"),
    _count("complaints_answered"),
    _count("likes"),
    _count("owner_positive"),
    _count("owner_neutral"),
    _count("owner_negative"),
    _total("owner_score_sum"),
)

# Complaints per day, platform and category over all posts (the unfiltered view of daily_category).
daily_category_total = Table(
    "daily_category_total",
    metadata,
    Column("day", Date, primary_key=True),
    platform_column(primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("complaints", Integer, nullable=False, default=0),
)

# Comments (not the account's own replies) per day, platform, post and emotion: the emotion
# codes of ``core.canonical.EMOTION_LABELS`` and "" for scored comments that carry none.
# Comments not scored for emotion yet (NULL, stored before migration 0005) are not counted.
daily_emotion = Table(
    "daily_emotion",
    metadata,
    Column("day", Date, primary_key=True),
    platform_column(primary_key=True),
    Column("post_id", String(160), primary_key=True),
    Column("emotion", String(8), primary_key=True),
    Column("comments", Integer, nullable=False, default=0),
)
