"""Retention: deleting old comments while keeping the daily aggregates built from them.

Comments hold usernames and words of the public (personal data); the daily counts do not.
Deleting comments older than the retention period therefore leaves ``daily_post``,
``daily_category`` and ``daily_total`` untouched, so long-range charts stay whole. A stored
post no comment is under any more goes too: its title may be a citizen's words (the first
tweet of a thread), and its link is rebuilt from its id where a view needs one.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import delete, exists, func, select

from monitor.store.engine import Store
from monitor.store.schema import comments, corrections, posts


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (clamped to the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def count_before(store: Store, cutoff: date) -> int:
    """How many comments a purge at ``cutoff`` would delete (for the Settings page)."""
    with store.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(comments).where(comments.c.day < cutoff)
            ).scalar_one()
        )


def delete_before(store: Store, cutoff: date) -> int:
    """Delete comments whose Jakarta day is before ``cutoff``, their label corrections and the
    posts left without comments.

    One transaction; returns the number of comments deleted. Aggregates are not touched.
    """
    with store.begin() as conn:
        c = comments.c
        old = exists().where(
            c.platform == corrections.c.platform,
            c.comment_id == corrections.c.comment_id,
            c.day < cutoff,
        )
        conn.execute(delete(corrections).where(old))
        result = conn.execute(delete(comments).where(comments.c.day < cutoff))
        used = exists().where(c.platform == posts.c.platform, c.post_id == posts.c.post_id)
        conn.execute(delete(posts).where(~used))
        return int(result.rowcount or 0)
