"""Posts as stored things: link, title, caption and counts of the post each comment is under.

One row per (platform, post id), written by ingest from what a file says of its posts (one row
per distinct post of a chunk, so this is never a per-comment cost). Facts merge as comment like
counts do: counts only move upwards (an older export never undoes a newer one), and a value a
file lacks never overwrites a known one. A post whose file gives no link gets the platform's
link built from its id (``core.platforms.post_url``); a link from a file replaces that one.
A post file (``ingest.post_files``) writes posts through the same upsert, so a post seen again
is updated, never duplicated. ``manual_types`` is the analyst's (``store.content``), never a
file's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, delete, exists, func, select

from monitor.core.platforms import post_url
from monitor.core.urls import http_url
from monitor.store.engine import Store
from monitor.store.schema import comments, posts

# What ``upsert_posts`` reads from its frame (missing columns are unknown values).
FACT_COLUMNS: tuple[str, ...] = (
    "url",
    "title",
    "published_at",
    "like_count",
    "comment_count",
    "view_count",
    "caption",
    "media_type",
    "hashtags",
)
TEXT_COLUMNS: tuple[str, ...] = ("title", "caption", "media_type", "hashtags")
COUNT_COLUMNS: tuple[str, ...] = ("like_count", "comment_count", "view_count")
POST_COLUMNS: tuple[str, ...] = tuple(c.name for c in posts.c)
MAX_COUNT = 2**31 - 1  # what the Integer columns hold


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _value(v: object) -> object:
    """A cell as the driver stores it: missing values (None, NaN, NaT) as None."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    return v


def _count(v: object) -> int | None:
    v = _value(v)
    if v is None:
        return None
    n = int(v)
    return n if 0 <= n <= MAX_COUNT else None


def _text(v: object) -> str | None:
    v = _value(v)
    return str(v) if v not in (None, "") else None


def _records(frame: pd.DataFrame, platform: str, import_id: int | None) -> list[dict]:
    now = _now()
    out = []
    for row in frame.to_dict("records"):
        post_id = str(row.get("post_id") or "")
        if not post_id:
            continue
        url = http_url(_value(row.get("url")))  # only http(s) links are stored or shown
        out.append(
            {
                "platform": platform,
                "post_id": post_id,
                # '' marks "no link from the file": the platform's link fills it in below
                "url": url,
                **{c: _text(row.get(c)) for c in TEXT_COLUMNS},
                "published_at": _value(row.get("published_at")),
                **{c: _count(row.get(c)) for c in COUNT_COLUMNS},
                "first_seen_import_id": import_id,
                "updated_at": now,
            }
        )
    return out


def upsert_posts(
    conn: Connection, platform: str, frame: pd.DataFrame, import_id: int | None = None
) -> int:
    """Store one row per post of ``frame`` (``post_id`` plus any of ``FACT_COLUMNS``), merging
    with what is stored (see the module docstring); returns the number of posts written.

    ``frame`` should hold each post once (the pipeline merges a chunk's rows first): its
    posts are then written by one statement, and the platform's links of the posts the file
    gives none by one more (an import stores posts chunk by chunk, a statement per post cost
    an import of a million comments more than a second). A post named twice is merged in the
    same way, row after row.
    """
    records = _records(frame, platform, import_id)
    if not records:
        return 0
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        higher = func.greatest
    else:
        from sqlalchemy.dialects.sqlite import insert

        higher = func.max
    stmt = insert(posts)
    new = stmt.excluded
    old = posts.c

    def kept_or_higher(name: str):
        a, b = getattr(old, name), getattr(new, name)
        # both coalesced: a missing value on either side never wins over a known one
        return higher(func.coalesce(a, b), func.coalesce(b, a))

    stmt = stmt.on_conflict_do_update(
        index_elements=[posts.c.platform, posts.c.post_id],
        set_={
            "url": case((new.url != "", new.url), else_=old.url),
            **{
                name: func.coalesce(getattr(new, name), getattr(old, name)) for name in TEXT_COLUMNS
            },
            "published_at": func.coalesce(new.published_at, old.published_at),
            **{name: kept_or_higher(name) for name in COUNT_COLUMNS},
            "updated_at": new.updated_at,
        },
    )
    if len({r["post_id"] for r in records}) == len(records):
        conn.execute(stmt, records)  # one statement for the chunk's posts (executemany)
    else:  # a post named twice in one statement would make PostgreSQL refuse it: in order
        for record in records:
            conn.execute(stmt, record)
    missing = list(dict.fromkeys(r["post_id"] for r in records if not r["url"]))
    if missing:
        p = posts.c
        conn.execute(
            posts.update()
            .where(p.platform == bindparam("b_platform"), p.post_id == bindparam("b_post"))
            .where(p.url == "")
            .values(url=bindparam("b_url")),
            [
                {"b_platform": platform, "b_post": post_id, "b_url": post_url(platform, post_id)}
                for post_id in missing
            ],
        )
    return len(records)


def forget_unused(conn: Connection, import_id: int) -> int:
    """Delete the posts ``import_id`` brought in that no stored comment is under (after an
    undo); returns how many."""
    c = comments.c
    used = exists().where(c.platform == posts.c.platform, c.post_id == posts.c.post_id)
    result = conn.execute(
        delete(posts).where(and_(posts.c.first_seen_import_id == import_id, ~used))
    )
    return int(result.rowcount or 0)


def read_posts(
    store: Store,
    platforms: Sequence[str] | None = None,
    post_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Stored posts (``POST_COLUMNS``) of some platforms and ids (None or empty: all), by
    platform then id."""
    query = select(posts)
    if platforms:
        query = query.where(posts.c.platform.in_(list(platforms)))
    if post_ids:
        query = query.where(posts.c.post_id.in_(list(post_ids)))
    query = query.order_by(posts.c.platform, posts.c.post_id)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(POST_COLUMNS))


def get_post(store: Store, platform: str, post_id: str) -> dict | None:
    """One stored post, or None."""
    with store.connect() as conn:
        row = (
            conn.execute(
                select(posts).where(posts.c.platform == platform, posts.c.post_id == post_id)
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None
