"""Shared bits of the ingest tests: the fixture generator's data and store snapshots."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import func, select

from monitor.store import aggregate_tables as agg
from monitor.store.schema import comments, imports, posts

FIXTURES = Path(__file__).parent / "fixtures"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MF = _load_generator()
IDS = [c[0] for c in MF.COMMENTS]
PARENTS = {c[0]: c[1] for c in MF.COMMENTS}
AUTHORS = {c[0]: c[2] for c in MF.COMMENTS}
TEXTS = {c[0]: c[4] for c in MF.COMMENTS}
TIMES = {c[0]: c[5] for c in MF.COMMENTS}
LIKES = {c[0]: c[6] for c in MF.COMMENTS}
DAYS = dict(zip(IDS, MF.JAKARTA_DAYS, strict=True))
OWNER_REPLY = "17900000000000002"
TABLES = (
    imports,
    comments,
    posts,
    agg.daily_post,
    agg.daily_category,
    agg.daily_total,
    agg.daily_emotion,
)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def snapshot(store) -> dict[str, int]:
    """Row counts of every table an import writes (equal before/after = store unchanged)."""
    with store.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES
        }


def stored(store) -> dict[str, dict]:
    """The stored comments by id: post, parent, author, text, likes, owner flag, first reply."""
    cols = ("post_id", "parent_id", "author", "text", "like_count", "is_owner_reply",
            "first_reply_at", "created_at_utc", "day")  # fmt: skip
    with store.connect() as conn:
        rows = conn.execute(select(comments.c.comment_id, *(comments.c[c] for c in cols)))
        return {r[0]: dict(zip(cols, r[1:], strict=True)) for r in rows}
