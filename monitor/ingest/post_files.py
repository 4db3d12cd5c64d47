"""Importing a post file: the account's posts (captions, media types, counts), no comments.

A post export (``formats.base.PostJsonFormat``: Apify's post scraper, Instaloader's metadata,
the Graph API media list, YouTube ``videos.list``) is read through the same readers and
batches as a comment file, but its records are posts: each is checked here (a post id, a
readable time where one is given), then merged into ``posts`` by the same upsert that comment
imports use (``store.posts.upsert_posts``), so a post seen again is updated, never duplicated.
The pipeline wraps it in the same one-transaction rule and import record (``import_file``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, select

from monitor.core.errors import IngestError
from monitor.ingest.parse import raw_chunks
from monitor.ingest.plan import PARSE_ERRORS, Plan, named
from monitor.ingest.posts import post_facts
from monitor.ingest.readers.notes import Notes
from monitor.ingest.readers.source import Source
from monitor.ingest.rows import MAX_ID_CHARS, POST_COLUMNS, clean_str, parse_times
from monitor.store import posts as post_store
from monitor.store.schema import posts

NO_ID = "no post id (or not a post object)"


@dataclass
class PostCounts:
    """What a post file did: posts read, new, updated, rejected (with the first reasons)."""

    read: int = 0
    new: int = 0
    updated: int = 0
    rejected: int = 0
    rejections: list[tuple[int, str]] = field(default_factory=list)


def checked(raw: pd.DataFrame, tz: str) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """The usable post records of a raw chunk (``post_id`` plus ``POST_COLUMNS``) and the
    rejected ones as (item number, reason): no id, an id too long, a time that is no time."""
    frame = raw.copy()
    for col in ("post_id", *POST_COLUMNS):
        if col not in frame:
            frame[col] = None
    rows = frame["row"].to_numpy()
    ids = clean_str(frame["post_id"].astype(object))
    given = clean_str(frame["post_published"].astype(object)).ne("")
    times = parse_times(frame["post_published"], tz)
    bad: list[tuple[int, str]] = []
    keep = []
    for i, (row, post_id, has_time, time) in enumerate(zip(rows, ids, given, times, strict=True)):
        if not post_id:
            bad.append((int(row), NO_ID))
        elif len(post_id) > MAX_ID_CHARS:
            bad.append((int(row), f"post id longer than {MAX_ID_CHARS} characters"))
        elif has_time and pd.isna(time):
            shown = str(frame["post_published"].iloc[i])[:40]
            bad.append((int(row), f"published time {shown!r} is not a time"))
        else:
            keep.append(i)
    good = frame.iloc[keep].copy()
    good["post_id"] = ids.iloc[keep].to_numpy()
    return good, bad


def _stored(conn: Connection, platform: str, ids: list[str]) -> set[str]:
    p = posts.c
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        query = select(p.post_id).where(p.platform == platform, p.post_id.in_(part))
        found.update(r[0] for r in conn.execute(query))
    return found


def chunks(src: Source, plan: Plan) -> Iterator[pd.DataFrame]:
    """The file's raw post records, a batch at a time (errors name the file)."""
    notes = Notes()
    batches = iter(raw_chunks(src, plan, None, notes))
    while True:
        try:
            raw = next(batches)
        except StopIteration:
            return
        except (IngestError, *PARSE_ERRORS) as exc:
            raise named(exc, src) from exc
        yield raw


def store_posts(
    conn: Connection, src: Source, plan: Plan, import_id: int, max_rows: int = 0
) -> PostCounts:
    """Every post of the file into ``posts`` (inside the caller's transaction), counted; a
    file with no usable post is refused (``IngestError``), so the caller rolls back."""
    counts = PostCounts()
    platform = plan.ctx.platform
    for raw in chunks(src, plan):
        counts.read += len(raw)
        if max_rows and counts.read > max_rows:
            raise IngestError(
                f"more than {max_rows} posts in one file (setting max_rows_per_import)",
                file_name=src.name,
            )
        good, bad = checked(raw, plan.ctx.tz)
        counts.rejected += len(bad)
        counts.rejections.extend(bad[: max(0, 1000 - len(counts.rejections))])
        if good.empty:
            continue
        facts = post_facts(good, plan.ctx.tz)
        ids = facts["post_id"].tolist()
        seen = _stored(conn, platform, ids)
        counts.updated += len(seen)
        counts.new += len(ids) - len(seen)
        post_store.upsert_posts(conn, platform, facts, import_id)
    if counts.read == 0:
        raise IngestError("the file holds no posts", file_name=src.name)
    if counts.rejected == counts.read:
        first = "; ".join(f"item {r}: {why}" for r, why in counts.rejections[:3])
        raise IngestError(
            f"none of the {counts.read} posts could be used ({first})", file_name=src.name
        )
    return counts


def preview_frame(src: Source, plan: Plan, n: int = 20) -> pd.DataFrame:
    """The first ``n`` usable posts of the file as they would be stored."""
    for raw in chunks(src, plan):
        good, _ = checked(raw, plan.ctx.tz)
        if not good.empty:
            return post_facts(good, plan.ctx.tz).head(n)
    return pd.DataFrame()
