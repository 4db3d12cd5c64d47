"""Reading and writing the ``events`` table (the news timeline)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import delete, insert, select, update

from monitor.core.urls import http_url
from monitor.store.engine import Store
from monitor.store.schema import events
from monitor.store.schema import settings as settings_table

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "day",
    "title_id",
    "title_en",
    "category",
    "source_url",
    "origin",
    "seed_key",
    "created_at",
    "updated_at",
)
EDITABLE: frozenset[str] = frozenset({"day", "title_id", "title_en", "category", "source_url"})

# Keys of shipped or imported events an analyst deleted, so re-seeding or re-importing
# does not bring them back.
_DELETED_SEEDS_KEY = "events.deleted_seed_keys"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    # a link stored before the http(s) rule (or written around it) is never handed out
    frame["source_url"] = frame["source_url"].map(http_url)
    return frame


def _safe(values: dict) -> dict:
    """``values`` with a source URL that is not http(s) replaced by no URL."""
    if "source_url" in values:
        return {**values, "source_url": http_url(values["source_url"])}
    return values


def list_events(
    store: Store,
    start: date | None = None,
    end: date | None = None,
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Events ordered by day, optionally within a day range and categories."""
    c = events.c
    query = select(*[getattr(c, n) for n in EVENT_COLUMNS])
    if start is not None:
        query = query.where(c.day >= start)
    if end is not None:
        query = query.where(c.day <= end)
    if categories:
        query = query.where(c.category.in_(list(categories)))
    with store.connect() as conn:
        rows = conn.execute(query.order_by(c.day, c.id)).all()
    return _frame(rows)


def get_event(store: Store, event_id: int) -> dict | None:
    c = events.c
    with store.connect() as conn:
        row = conn.execute(
            select(*[getattr(c, n) for n in EVENT_COLUMNS]).where(c.id == event_id)
        ).first()
    return _safe(dict(zip(EVENT_COLUMNS, row, strict=True))) if row else None


def insert_event(store: Store, values: dict) -> int:
    """Insert one event; returns its id."""
    with store.begin() as conn:
        result = conn.execute(insert(events).values(**_safe(values), created_at=_now()))
        return int(result.inserted_primary_key[0])


def update_event(store: Store, event_id: int, values: dict) -> bool:
    """Change editable fields of an event; False when it does not exist."""
    bad = set(values) - EDITABLE
    if bad:
        raise ValueError(f"cannot edit event field(s): {', '.join(sorted(bad))}")
    with store.begin() as conn:
        result = conn.execute(
            update(events).where(events.c.id == event_id).values(**_safe(values), updated_at=_now())
        )
        return result.rowcount > 0


def delete_event(store: Store, event_id: int) -> bool:
    """Delete an event; a shipped or imported one is remembered so it does not come back."""
    with store.begin() as conn:
        key = conn.execute(select(events.c.seed_key).where(events.c.id == event_id)).scalar()
        result = conn.execute(delete(events).where(events.c.id == event_id))
        if result.rowcount and key:
            deleted = _deleted_seeds(conn)
            deleted.add(key)
            _write_deleted_seeds(conn, deleted)
        return result.rowcount > 0


def _deleted_seeds(conn) -> set[str]:
    raw = conn.execute(
        select(settings_table.c.value).where(settings_table.c.key == _DELETED_SEEDS_KEY)
    ).scalar()
    return set(json.loads(raw)) if raw else set()


def _write_deleted_seeds(conn, keys: set[str]) -> None:
    encoded = json.dumps(sorted(keys))
    done = conn.execute(
        update(settings_table)
        .where(settings_table.c.key == _DELETED_SEEDS_KEY)
        .values(value=encoded, updated_at=_now())
    )
    if done.rowcount == 0:
        conn.execute(
            insert(settings_table).values(key=_DELETED_SEEDS_KEY, value=encoded, updated_at=_now())
        )


def insert_missing(store: Store, rows: list[dict], *, skip_deleted: bool = True) -> tuple[int, int]:
    """Insert rows whose ``seed_key`` is not stored yet (idempotent seeding and news import).

    Returns (inserted, already present or deleted). Existing rows are never overwritten, so
    an analyst's edit of a shipped or imported event survives a re-seed.
    """
    if not rows:
        return 0, 0
    with store.begin() as conn:
        return insert_missing_in(conn, rows, skip_deleted=skip_deleted)


def insert_missing_in(conn, rows: list[dict], *, skip_deleted: bool = True) -> tuple[int, int]:
    """``insert_missing`` inside a transaction the caller holds."""
    if not rows:
        return 0, 0
    now = _now()
    present = set(
        conn.execute(
            select(events.c.seed_key).where(events.c.seed_key.in_([r["seed_key"] for r in rows]))
        ).scalars()
    )
    if skip_deleted:
        present |= _deleted_seeds(conn)
    fresh: dict[str, dict] = {}
    for r in rows:
        if r["seed_key"] not in present and r["seed_key"] not in fresh:
            fresh[r["seed_key"]] = {**_safe(r), "created_at": now}
    if fresh:
        conn.execute(insert(events), list(fresh.values()))
    return len(fresh), len(rows) - len(fresh)


def forget_deleted_seeds(store: Store) -> None:
    """Allow every shipped event to be seeded again (the "restore shipped timeline" action)."""
    with store.begin() as conn:
        _write_deleted_seeds(conn, set())
