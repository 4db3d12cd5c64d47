"""Writing comments straight into a test store (bypassing ingest) and refreshing aggregates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from monitor.store.aggregates import refresh_days
from monitor.store.engine import Store
from monitor.store.schema import comments, imports

_counter = {"n": 0}


def _import_id(conn) -> int:
    existing = conn.execute(select(imports.c.id).limit(1)).scalar()
    if existing is not None:
        return existing
    now = datetime.now(UTC).replace(tzinfo=None)
    return conn.execute(
        insert(imports).values(
            file_name="test.json", source_format="test", sha256="0" * 64, started_at=now
        )
    ).inserted_primary_key[0]


def row(
    day: date,
    *,
    hour: int = 5,
    post_id: str = "P1",
    author: str | None = None,
    label: str = "neutral",
    score: float = 0.0,
    complaint: bool = False,
    category: str | None = None,
    owner: bool = False,
    likes: int = 0,
    terms: str = "",
    reply_minutes: float | None = None,
    corrected: str | None = None,
    text: str = "",
    comment_id: str | None = None,
    platform: str = "instagram",
    parent_id: str | None = None,
    emotion: str | None = None,
    emotion_confidence: float | None = None,
    sentiment_confidence: float | None = None,
) -> dict:
    """One comment row. ``hour`` is the Asia/Jakarta hour on ``day``; stored as naive UTC."""
    _counter["n"] += 1
    n = _counter["n"]
    local = datetime(day.year, day.month, day.day, hour)
    created = local - timedelta(hours=7)
    return {
        "comment_id": comment_id or f"c{n}",
        "platform": platform,
        "post_id": post_id,
        "parent_id": parent_id,
        "author": author if author is not None else f"user{n}",
        "text": text or f"comment {n}",
        "created_at_utc": created,
        "day": day,
        "like_count": likes,
        "is_reply": parent_id is not None,
        "is_owner_reply": owner,
        "source_format": "test",
        "sentiment_score": score,
        "sentiment_label": label,
        "corrected_label": corrected,
        "is_complaint": complaint,
        "complaint_category": category,
        "terms": terms,
        "emotion": emotion,  # None: not scored for emotion (stored before emotions were)
        "emotion_confidence": emotion_confidence,
        "sentiment_confidence": sentiment_confidence,
        "first_reply_at": created + timedelta(minutes=reply_minutes)
        if reply_minutes is not None
        else None,
    }


def add_comments(store: Store, rows: Iterable[dict]) -> None:
    """Insert rows and refresh the aggregates of their days, in one transaction (as ingest does)."""
    rows = list(rows)
    if not rows:
        return
    with store.begin() as conn:
        import_id = _import_id(conn)
        conn.execute(insert(comments), [{**r, "import_id": import_id} for r in rows])
        refresh_days(conn, {r["day"] for r in rows})


WEEKLY = (1.2, 1.1, 1.0, 1.0, 0.95, 0.8, 0.9)  # Mon..Sun


def synthetic_rows(
    start: date,
    days: int,
    *,
    level: float = 30.0,
    negative_share: float = 0.25,
    complaint_share: float = 0.1,
    spikes: dict[date, float] | None = None,
    spike_terms: str = "vonis hakim",
    seed: int = 3,
    posts: tuple[str, ...] = ("P1", "P2", "P3"),
    platform: str = "instagram",
) -> list[dict]:
    """Comments for ``days`` days with a weekly rhythm; ``spikes`` multiplies negatives on a day.

    On a spike day the extra negative comments sit on the first post, carry ``spike_terms`` and
    have more likes, so drivers can be checked.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    spikes = spikes or {}
    rows: list[dict] = []
    for i in range(days):
        day = start + timedelta(days=i)
        mu = level * WEEKLY[day.weekday()]
        n = int(rng.poisson(mu))
        n_neg = int(rng.binomial(n, negative_share))
        n_comp = int(rng.binomial(n, complaint_share))
        for k in range(n):
            neg = k < n_neg
            rows.append(
                row(
                    day,
                    hour=int(rng.integers(6, 22)),
                    post_id=posts[k % len(posts)],
                    label="negative" if neg else ("positive" if k % 2 else "neutral"),
                    score=-0.5 if neg else (0.5 if k % 2 else 0.0),
                    complaint=k >= n - n_comp,
                    category="pencairan" if k % 2 else "data",
                    likes=int(rng.integers(0, 5)),
                    terms="bansos bantu" if k % 3 else "bansos data",
                    platform=platform,
                )
            )
        extra = int(round(mu * negative_share * (spikes.get(day, 1.0) - 1.0)))
        for k in range(max(extra, 0)):
            rows.append(
                row(
                    day,
                    hour=12,
                    post_id=posts[0],
                    label="negative",
                    score=-0.7,
                    complaint=True,
                    category="pencairan",
                    likes=50 + k,
                    terms=f"bansos {spike_terms}",
                    platform=platform,
                )
            )
    return rows
