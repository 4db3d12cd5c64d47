"""The shipped case timeline: dated, sourced events every store carries from its creation.

The timeline of the 2020 bansos corruption case (``data/case_timeline.csv``) is reference data
of the ``events`` table, like a migration's seed rows: a store made by ``python -m monitor
ingest`` links its spikes to the case's news as one made by the app does. Analysts' edits and
deletions of shipped events survive every re-seed (``events_table.insert_missing``).
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import select, text

from monitor.core.errors import EventError
from monitor.core.urls import http_url
from monitor.store import events_table
from monitor.store.engine import Store
from monitor.store.schema import events

TIMELINE_PATH = Path(__file__).resolve().parent / "data" / "case_timeline.csv"
CASE_CATEGORIES: tuple[str, ...] = (
    "arrest",
    "charge",
    "trial",
    "verdict",
    "appointment",
    "program",
    "controversy",
)
CATEGORIES: tuple[str, ...] = (*CASE_CATEGORIES, "news", "other")
TIMELINE_COLUMNS: tuple[str, ...] = ("date", "title_id", "title_en", "category", "source_url")
_PG_LOCK_KEY = 0x43495453  # serialises first seeding across processes on PostgreSQL


def parse_day(value, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise EventError(f"{where}: date {value!r} is not YYYY-MM-DD") from None


def _digest(text_: str) -> str:
    return hashlib.sha1(text_.encode("utf-8")).hexdigest()[:16]


def load_timeline(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped (or a given) timeline CSV, validated: one row per event, with a seed key."""
    path = Path(path) if path else TIMELINE_PATH
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise EventError(f"{path.name}: cannot read the timeline ({exc})") from exc
    out = []
    for n, row in enumerate(rows, start=2):
        missing = [c for c in TIMELINE_COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            raise EventError(f"{path.name}, row {n}: missing {', '.join(missing)}")
        day = parse_day(row["date"], f"{path.name}, row {n}")
        category = row["category"].strip()
        if category not in CATEGORIES:
            raise EventError(
                f"{path.name}, row {n}: category {category!r} is not one of {', '.join(CATEGORIES)}"
            )
        url = http_url(row["source_url"])
        if not url:
            raise EventError(f"{path.name}, row {n}: source_url must be an http(s) URL")
        key = (row.get("key") or "").strip() or _digest(f"{day}|{row['title_en']}")
        out.append(
            {
                "day": day,
                "title_id": row["title_id"].strip(),
                "title_en": row["title_en"].strip(),
                "category": category,
                "source_url": url,
                "seed_key": f"case:{key}",
            }
        )
    return pd.DataFrame(
        out, columns=["day", "title_id", "title_en", "category", "source_url", "seed_key"]
    )


def _rows(path: str | Path | None) -> list[dict]:
    return [{**r, "origin": "seed"} for r in load_timeline(path).to_dict("records")]


def seed(store: Store, path: str | Path | None = None) -> int:
    """Insert shipped events not stored yet (deleted ones stay deleted); how many were added."""
    inserted, _ = events_table.insert_missing(store, _rows(path))
    return inserted


def _has_seeds(conn) -> bool:
    return (
        conn.execute(select(events.c.id).where(events.c.origin == "seed").limit(1)).first()
        is not None
    )


def ensure_seeded(store: Store) -> None:
    """Give a store the shipped timeline, whoever opens it first (app, CLI, library).

    Only a store holding no shipped event at all is seeded, and shipped events an analyst
    deleted stay deleted (``insert_missing`` skips them), so opening a store costs one read.
    The seeding is one transaction, serialised across processes.
    """
    with store.connect() as conn:
        if _has_seeds(conn):
            return
    rows = _rows(None)
    with store.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        if not _has_seeds(conn):
            events_table.insert_missing_in(conn, rows)
