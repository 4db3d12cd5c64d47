"""Where each API pull stands: its last run, and where an interrupted one resumes.

``monitor.collect`` writes one row per source (``instagram``, ``youtube``) when a run ends:
done, stopped (a rate limit or quota ended it early; ``resume`` holds the posts already walked
in that round, so the next run walks the others first) or failed (nothing stored). A stopped
run's row is written in the transaction of the import that keeps what it fetched, so the
resume point and the comments land together. Credentials are never passed here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, select

from monitor.store.engine import Store
from monitor.store.schema import pull_state

STATUSES = ("done", "stopped", "failed")
MAX_MESSAGE_CHARS = 4000


def now() -> datetime:
    """UTC now, naive, as the store keeps times."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class PullState:
    """One source's last run as stored."""

    source: str
    account: str
    status: str
    started_at: datetime
    finished_at: datetime
    import_id: int | None = None
    rows_new: int = 0
    rows_updated: int = 0
    message: str = ""
    resume: dict = field(default_factory=dict)


def _row(state: PullState) -> dict:
    if state.status not in STATUSES:
        raise ValueError(f"unknown pull status {state.status!r}")
    return {
        "source": state.source,
        "account": state.account[:160],
        "status": state.status,
        "started_at": state.started_at,
        "finished_at": state.finished_at,
        "import_id": state.import_id,
        "rows_new": state.rows_new,
        "rows_updated": state.rows_updated,
        "message": state.message[:MAX_MESSAGE_CHARS] or None,
        "resume": json.dumps(state.resume, sort_keys=True) if state.resume else None,
    }


def save(conn: Connection, state: PullState) -> None:
    """Replace the source's row (inside the caller's transaction)."""
    conn.execute(delete(pull_state).where(pull_state.c.source == state.source))
    conn.execute(pull_state.insert().values(**_row(state)))


def save_alone(store: Store, state: PullState) -> None:
    """Replace the source's row in a transaction of its own (a run that stored nothing)."""
    with store.begin() as conn:
        save(conn, state)


def _state(row) -> PullState:
    resume = json.loads(row["resume"]) if row["resume"] else {}
    return PullState(
        source=row["source"],
        account=row["account"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        import_id=row["import_id"],
        rows_new=row["rows_new"],
        rows_updated=row["rows_updated"],
        message=row["message"] or "",
        resume=resume if isinstance(resume, dict) else {},
    )


def load(store: Store, source: str) -> PullState | None:
    """The source's last run, or None if it never ran."""
    with store.connect() as conn:
        row = (
            conn.execute(select(pull_state).where(pull_state.c.source == source)).mappings().first()
        )
    return _state(row) if row is not None else None


def load_all(store: Store) -> dict[str, PullState]:
    """Every source's last run, by source."""
    with store.connect() as conn:
        rows = conn.execute(select(pull_state).order_by(pull_state.c.source)).mappings().all()
    return {r["source"]: _state(r) for r in rows}
