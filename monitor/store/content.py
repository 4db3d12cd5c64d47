"""The store side of the content view: the comments under posts, and content types by hand.

``post_comments`` reads what the reception of a post is computed from (``analysis.content``):
the followers' comments (the account's own replies left out) with their effective label,
score, emotion and whether a complaint among them has the account's reply. ``set_manual_types``
stores the types an analyst gives a post (they win over the rules; None hands the post back to
the rules) and its audit line, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select

from monitor.core.errors import CitraError
from monitor.nlp.content_types import check_types
from monitor.store.audit import MAX_DETAIL
from monitor.store.engine import Store
from monitor.store.schema import audit_log, comments, posts

COMMENT_COLUMNS: tuple[str, ...] = (
    "platform",
    "post_id",
    "comment_id",
    "created_at_utc",
    "label",
    "score",
    "emotion",
    "is_complaint",
    "answered",
)
IN_CHUNK = 500  # post ids per IN (...) list


class UnknownPost(CitraError):
    """A post that is not in the store."""


def post_comments(
    store: Store,
    platforms: Sequence[str] | None = None,
    post_ids: Sequence[str] | None = None,
    *,
    with_text: bool = False,
) -> pd.DataFrame:
    """The followers' comments (no owner replies) under the posts of some platforms (None or
    empty: all) and ids (None: all), ``COMMENT_COLUMNS`` (``with_text``: also ``text`` and
    ``terms``, for one post's own view)."""
    c = comments.c
    cols = [
        c.platform,
        c.post_id,
        c.comment_id,
        c.created_at_utc,
        c.corrected_label.label("corrected"),
        c.sentiment_label,
        c.sentiment_score.label("score"),
        c.emotion,
        c.is_complaint,
        c.first_reply_at,
    ]
    if with_text:
        cols += [c.text, c.terms]
    base = select(*cols).where(c.is_owner_reply.is_(False))
    if platforms:
        base = base.where(c.platform.in_(list(platforms)))
    queries = [base]
    if post_ids is not None:
        ids = list(dict.fromkeys(post_ids))
        queries = [
            base.where(c.post_id.in_(ids[i : i + IN_CHUNK])) for i in range(0, len(ids), IN_CHUNK)
        ]
    names = [col.name for col in cols]
    rows: list = []
    with store.connect() as conn:
        for query in queries:
            rows.extend(tuple(r) for r in conn.execute(query))
    frame = pd.DataFrame(rows, columns=names)
    frame["label"] = frame["corrected"].where(frame["corrected"].notna(), frame["sentiment_label"])
    frame["answered"] = frame["is_complaint"].astype(bool) & frame["first_reply_at"].notna()
    frame["is_complaint"] = frame["is_complaint"].astype(bool)
    frame["emotion"] = frame["emotion"].fillna("")
    keep = list(COMMENT_COLUMNS) + (["text", "terms"] if with_text else [])
    return frame[keep]


def set_manual_types(
    store: Store,
    platform: str,
    post_id: str,
    types: Sequence[str] | None,
    *,
    actor: str,
    at: datetime | None = None,
) -> tuple[str, ...] | None:
    """Give a post its content types by hand (``None``: the rules decide again); returns the
    types stored. ``RulesError`` for an unknown type, ``UnknownPost`` for a post not stored."""
    stored = None if types is None else check_types(list(types))
    at = at or datetime.now(UTC).replace(tzinfo=None)
    p = posts.c
    with store.begin() as conn:
        before = conn.execute(
            select(p.manual_types).where(p.platform == platform, p.post_id == post_id)
        ).first()
        if before is None:
            raise UnknownPost(f"no post {post_id!r} on {platform} in the store")
        conn.execute(
            posts.update()
            .where(p.platform == platform, p.post_id == post_id)
            .values(manual_types=None if stored is None else ",".join(stored), updated_at=at)
        )
        was = "rules" if before[0] is None else (before[0] or "none")
        now = "rules" if stored is None else (",".join(stored) or "none")
        conn.execute(
            audit_log.insert().values(
                at=at,
                actor=actor[:256],
                action="post_types",
                detail=f"{platform}/{post_id}: {was} -> {now}"[:MAX_DETAIL],
            )
        )
    return stored
