"""An analyst's label correction: stored, audited, and reflected in the daily figures at once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from monitor.core.canonical import SENTIMENT_LABELS
from monitor.core.errors import StoreError
from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.store.engine import Store
from monitor.store.schema import comments, corrections


def correct_label(
    store: Store,
    comment_id: str,
    label: str,
    *,
    platform: str = DEFAULT_PLATFORM,
    corrected_by: str = "",
) -> str:
    """Set the label of comment (``platform``, ``comment_id``) to ``label``; returns the label
    it had before.

    One transaction: the comment's ``corrected_label``, an audit row in ``corrections`` and the
    day's aggregates change together, so charts never disagree with the comment list.
    """
    if label not in SENTIMENT_LABELS:
        raise StoreError(f"label must be one of {', '.join(SENTIMENT_LABELS)}, not {label!r}")
    from monitor.store.aggregates import refresh_days

    now = datetime.now(UTC).replace(tzinfo=None)
    this = (comments.c.platform == platform) & (comments.c.comment_id == comment_id)
    with store.begin() as conn:
        row = conn.execute(
            select(comments.c.day, comments.c.sentiment_label, comments.c.corrected_label).where(
                this
            )
        ).first()
        if row is None:
            raise StoreError(f"comment {comment_id!r} ({platform}) is not in the store")
        previous = row.corrected_label or row.sentiment_label
        conn.execute(comments.update().where(this).values(corrected_label=label))
        conn.execute(
            corrections.insert().values(
                comment_id=comment_id,
                platform=platform,
                previous_label=previous,
                label=label,
                corrected_by=corrected_by or "",
                corrected_at=now,
            )
        )
        refresh_days(conn, [row.day], [platform])
    return previous


def correction_history(
    store: Store, comment_id: str, platform: str = DEFAULT_PLATFORM
) -> list[dict]:
    """Every correction of one comment, oldest first."""
    query = (
        select(corrections)
        .where(corrections.c.platform == platform, corrections.c.comment_id == comment_id)
        .order_by(corrections.c.id)
    )
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def corrected_examples(store: Store) -> list[tuple[str, str]]:
    """(text, label an analyst gave it) of every corrected comment, in (platform, comment id)
    order: what a re-fit of the sentiment values learns from (the latest correction of each
    comment; its history stays in ``corrections``)."""
    query = (
        select(comments.c.text, comments.c.corrected_label)
        .where(comments.c.corrected_label.is_not(None))
        .order_by(comments.c.platform, comments.c.comment_id)
    )
    with store.connect() as conn:
        return [(str(t or ""), str(label)) for t, label in conn.execute(query)]


def count_corrected(store: Store) -> int:
    """Comments whose label an analyst corrected."""
    query = select(func.count()).where(comments.c.corrected_label.is_not(None))
    with store.connect() as conn:
        return int(conn.execute(query.select_from(comments)).scalar() or 0)
