"""Reading stored comments' texts and scores in chunks, and writing new scores back.

For re-scoring the store after the lexicon changed (``monitor.ops.rescore``): chunks follow
the primary key (``(platform, comment_id) > after``), so each is one index range scan however
large the table, and a chunk's reads and writes fit in one short transaction.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, bindparam, select, tuple_, update

from monitor.core.canonical import SCORE_COLUMNS
from monitor.store.schema import comments

READ_COLUMNS = ("platform", "comment_id", "text", "day", *SCORE_COLUMNS)


def read_chunk(conn: Connection, after: tuple[str, str] | None, limit: int) -> pd.DataFrame:
    """Up to ``limit`` comments whose key (platform, id) comes after ``after`` (all from the
    first with None), in key order: ``READ_COLUMNS``."""
    c = comments.c
    stmt = (
        select(*(c[name] for name in READ_COLUMNS)).order_by(c.platform, c.comment_id).limit(limit)
    )
    if after is not None:
        stmt = stmt.where(tuple_(c.platform, c.comment_id) > tuple_(*after))
    rows = conn.execute(stmt).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(READ_COLUMNS))
    frame["is_complaint"] = frame["is_complaint"].astype(bool)
    return frame


def has_unscored(conn: Connection) -> bool:
    """Whether some comment was stored before emotions were (migration 0005) and not
    re-scored since (its emotion is NULL); stops at the first one found."""
    found = conn.execute(
        select(comments.c.comment_id).where(comments.c.emotion.is_(None)).limit(1)
    ).first()
    return found is not None


def write_scores(conn: Connection, rows: pd.DataFrame) -> None:
    """Set ``SCORE_COLUMNS`` of the comments in ``rows`` (by ``platform`` and ``comment_id``)."""
    if rows.empty:
        return
    stmt = (
        update(comments)
        .where(
            comments.c.platform == bindparam("b_platform"),
            comments.c.comment_id == bindparam("b_comment_id"),
        )
        .values({name: bindparam(f"b_{name}") for name in SCORE_COLUMNS})
    )
    values = {
        "b_platform": rows["platform"].astype(object).tolist(),
        "b_comment_id": rows["comment_id"].tolist(),
        "b_sentiment_score": rows["sentiment_score"].astype("float64").tolist(),
        "b_sentiment_label": rows["sentiment_label"].astype(object).tolist(),
        "b_is_complaint": rows["is_complaint"].astype(bool).tolist(),
        "b_complaint_category": rows["complaint_category"]
        .astype(object)
        .where(rows["complaint_category"].notna(), None)
        .tolist(),
        "b_terms": rows["terms"].astype(object).tolist(),
        "b_emotion": rows["emotion"].astype(object).tolist(),
        "b_emotion_confidence": rows["emotion_confidence"].astype("float64").tolist(),
        "b_sentiment_confidence": rows["sentiment_confidence"].astype("float64").tolist(),
    }
    columns = list(values.values())
    conn.execute(stmt, [dict(zip(values, row, strict=True)) for row in zip(*columns, strict=True)])
