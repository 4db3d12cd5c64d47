"""The triage queue's store side: each complaint's status, the unit it went to, and the audit trail.

A complaint is (platform, comment id), as everywhere. Its status is ``new`` until someone
changes it (no row in ``complaint_status``, version 0); ``forwarded`` names a unit; ``answered``
is also set by the system when an import brings an owner reply (``mark_replied``, called by
the import in its own transaction); ``closed`` ends it. Every change is a row of
``complaint_status_log`` with who and when, in the same transaction as the change.

Concurrency: changes are serialised (SQLite's ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock
of their own, so a change never waits for a long import). Each row carries a version; a caller
that says which version it saw (``expected``) is refused when another change came first, and
one that does not is the later of two changes, both of them in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, DateTime, and_, bindparam, func, literal, null, or_, select

from monitor.core.canonical import COMPLAINT_STATUSES
from monitor.core.errors import StoreError
from monitor.store.engine import Store
from monitor.store.schema import comments, complaint_status, complaint_status_log

NEW, FORWARDED, ANSWERED, CLOSED = "new", "forwarded", "answered", "closed"
STATUSES: tuple[str, ...] = COMPLAINT_STATUSES  # (NEW, FORWARDED, ANSWERED, CLOSED)
OPEN: tuple[str, ...] = (NEW, FORWARDED)  # waiting for the team or a unit
SYSTEM = "system"  # who set a status the import derived (an owner reply appeared)
STATUS_LOCK = 4_237_007  # PostgreSQL advisory lock key held by a status change
MAX_UNIT = 120
LOOKUP_BATCH = 500  # keys per IN (...) lookup

Key = tuple[str, str]  # (platform, comment_id)


class StatusConflict(StoreError):
    """A complaint changed since the caller saw it: nothing was changed."""


class StatusRefused(StoreError):
    """A status change names a comment that cannot take it: nothing was changed."""


@dataclass(frozen=True)
class Change:
    """One recorded change of a complaint's status."""

    platform: str
    comment_id: str
    from_status: str
    to_status: str
    from_unit: str | None
    unit: str | None
    version: int
    changed_by: str
    changed_at: datetime


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STATUS_LOCK})")


def _name(key: Key) -> str:
    return f"comment {key[1]!r} ({key[0]})"


def _current(conn: Connection, keys: Sequence[Key]) -> dict[Key, dict]:
    """The stored status rows of ``keys`` (absent: new, version 0)."""
    out: dict[Key, dict] = {}
    s = complaint_status.c
    for platform in sorted({p for p, _ in keys}):
        ids = sorted({c for p, c in keys if p == platform})
        for i in range(0, len(ids), LOOKUP_BATCH):
            rows = conn.execute(
                select(complaint_status).where(
                    s.platform == platform, s.comment_id.in_(ids[i : i + LOOKUP_BATCH])
                )
            ).mappings()
            out.update({(r["platform"], r["comment_id"]): dict(r) for r in rows})
    return out


def _complaint_flags(conn: Connection, keys: Sequence[Key]) -> dict[Key, bool]:
    """Which of ``keys`` are stored comments, and whether each is a complaint."""
    out: dict[Key, bool] = {}
    c = comments.c
    for platform in sorted({p for p, _ in keys}):
        ids = sorted({i for p, i in keys if p == platform})
        for i in range(0, len(ids), LOOKUP_BATCH):
            rows = conn.execute(
                select(c.comment_id, c.is_complaint & ~c.is_owner_reply).where(
                    c.platform == platform, c.comment_id.in_(ids[i : i + LOOKUP_BATCH])
                )
            )
            out.update({(platform, cid): bool(flag) for cid, flag in rows})
    return out


def _was_known(conn: Connection, key: Key) -> bool:
    log = complaint_status_log.c
    found = conn.execute(
        select(log.id).where(log.platform == key[0], log.comment_id == key[1]).limit(1)
    ).first()
    return found is not None


def _write(
    conn: Connection,
    key: Key,
    before: dict | None,
    status: str,
    unit: str | None,
    who: str,
    at: datetime,
) -> Change:
    return _write_many(conn, [(key, before, unit)], status, who, at)[0]


def _write_many(
    conn: Connection,
    items: Sequence[tuple[Key, dict | None, str | None]],
    status: str,
    who: str,
    at: datetime,
) -> list[Change]:
    """Give each (key, the status row before or None, unit) ``status``: the status rows and
    their lines in the trail, three statements at most whatever the number (an import may
    answer thousands at once)."""
    who = who[:256]
    changes = [
        Change(
            platform=key[0],
            comment_id=key[1],
            from_status=before["status"] if before else NEW,
            to_status=status,
            from_unit=before["unit"] if before else None,
            unit=unit,
            version=(before["version"] if before else 0) + 1,
            changed_by=who,
            changed_at=at,
        )
        for key, before, unit in items
    ]
    row = {"status": status, "changed_by": who, "changed_at": at}
    fresh = [
        {**row, "platform": ch.platform, "comment_id": ch.comment_id, "unit": ch.unit,
         "version": ch.version}
        for ch, (_, before, _) in zip(changes, items, strict=True)
        if before is None
    ]  # fmt: skip
    moved = [
        {**row, "k_platform": ch.platform, "k_comment_id": ch.comment_id, "unit": ch.unit,
         "version": ch.version, "k_version": before["version"]}
        for ch, (_, before, _) in zip(changes, items, strict=True)
        if before is not None
    ]  # fmt: skip
    s = complaint_status.c
    if fresh:
        conn.execute(complaint_status.insert(), fresh)
    if moved:
        conn.execute(
            complaint_status.update().where(
                s.platform == bindparam("k_platform"),
                s.comment_id == bindparam("k_comment_id"),
                s.version == bindparam("k_version"),
            ),
            moved,
        )
    if changes:
        conn.execute(complaint_status_log.insert(), [dict(vars(ch)) for ch in changes])
    return changes


def set_status(
    store: Store,
    keys: Iterable[Key],
    status: str,
    *,
    unit: str | None = None,
    who: str,
    expected: int | Mapping[Key, int] | None = None,
) -> list[Change]:
    """Give every complaint of ``keys`` ``status`` (and ``unit``), in one transaction; returns
    the changes made (a complaint already in that status and unit is left as it is).

    ``unit``: required for ``forwarded``; for ``answered``/``closed`` None keeps the unit it
    was forwarded to; ``new`` clears it. ``expected``: the version the caller saw (one for all,
    or per key; version 0 is a complaint never changed): a complaint changed since is refused
    with ``StatusConflict``. A comment that is not stored (removed by retention or an undone
    import) or not a complaint is refused with ``StatusRefused``. Any refusal changes nothing.
    """
    if status not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    unit = " ".join(unit.split()) if isinstance(unit, str) else None
    if status == FORWARDED and not unit:
        raise StoreError("forwarding a complaint needs the unit it goes to")
    if unit and len(unit) > MAX_UNIT:
        raise StoreError(f"a unit name is at most {MAX_UNIT} characters")
    if status == NEW and unit:
        raise StoreError("a new complaint has no unit yet; forward it to give it one")
    wanted = list(dict.fromkeys((str(p), str(c)) for p, c in keys))
    if not wanted:
        raise StoreError("no complaint named")
    at = _now()
    changes: list[Change] = []
    with store.begin() as conn:
        _lock(conn)
        flags = _complaint_flags(conn, wanted)
        for key in wanted:
            if key not in flags:
                why = (
                    "was removed from the store (retention or an undone import)"
                    if _was_known(conn, key)
                    else "is not in the store (removed by retention or an undone import, "
                    "or never imported)"
                )
                raise StatusRefused(f"{_name(key)} {why}; no status was changed")
            if not flags[key]:
                raise StatusRefused(f"{_name(key)} is not a complaint; no status was changed")
        current = _current(conn, wanted)
        for key in wanted:
            before = current.get(key)
            seen = expected.get(key) if isinstance(expected, Mapping) else expected
            have = before["version"] if before else 0
            if seen is not None and int(seen) != have:
                by = f" by {before['changed_by'] or 'someone'}" if before else ""
                now_is = before["status"] if before else NEW
                if before and before["unit"]:
                    now_is += f" ({before['unit']})"
                raise StatusConflict(
                    f"{_name(key)} was changed{by} since you saw it: it is now {now_is}, "
                    f"version {have}, not {seen}; reload and try again (no status was changed)"
                )
            new_unit = unit
            if status in (ANSWERED, CLOSED) and not unit and before:
                new_unit = before["unit"]
            if before and before["status"] == status and before["unit"] == new_unit:
                continue
            if before is None and status == NEW:
                continue
            changes.append(_write(conn, key, before, status, new_unit, who, at))
    return changes


def mark_replied(conn: Connection, import_id: int, platform: str) -> int:
    """Inside an import's transaction, after its first-reply pass: complaints that now have an
    owner reply and were new or forwarded become ``answered``, by ``SYSTEM``. Only complaints
    this import touched (the complaint or its owner reply arrived now), so a status an analyst
    set on an older answered complaint is left alone. Returns how many changed.

    An import may answer thousands of complaints that were never triaged: those get their
    status row and their line in the trail by two ``INSERT … SELECT`` statements, computed by
    the database. Only the few that already had a status row go through Python."""
    c, r, s = comments.alias("c"), comments.alias("r"), complaint_status.alias("s")
    replied_now = (
        select(r.c.parent_id)
        .where(r.c.platform == platform, r.c.import_id == import_id, r.c.is_owner_reply.is_(True))
        .scalar_subquery()
    )
    touched = and_(
        c.c.platform == platform,
        c.c.is_complaint.is_(True),
        c.c.is_owner_reply.is_(False),
        c.c.first_reply_at.is_not(None),
        or_(c.c.import_id == import_id, c.c.comment_id.in_(replied_now)),
    )
    has_row = (
        select(s.c.comment_id)
        .where(s.c.platform == c.c.platform, s.c.comment_id == c.c.comment_id)
        .exists()
    )
    _lock(conn)  # an analyst's change of one of these waits for the import's end
    with_row = list(conn.execute(select(c.c.comment_id).where(touched, has_row)).scalars())
    at, who = _now(), SYSTEM
    never = select(c.c.platform, c.c.comment_id).where(touched, ~has_row)
    fresh = never.subquery()
    log_rows = select(
        fresh.c.platform,
        fresh.c.comment_id,
        literal(NEW),
        literal(ANSWERED),
        null(),
        null(),
        literal(1),
        literal(who),
        literal(at, DateTime),
    )
    lc = complaint_status_log.c
    logged = conn.execute(
        complaint_status_log.insert().from_select(
            [lc.platform, lc.comment_id, lc.from_status, lc.to_status, lc.from_unit, lc.unit,
             lc.version, lc.changed_by, lc.changed_at],
            log_rows,
        )
    ).rowcount  # fmt: skip
    sc = complaint_status.c
    conn.execute(
        complaint_status.insert().from_select(
            [sc.platform, sc.comment_id, sc.status, sc.unit, sc.version, sc.changed_by,
             sc.changed_at],
            select(fresh.c.platform, fresh.c.comment_id, literal(ANSWERED), null(), literal(1),
                   literal(who), literal(at, DateTime)),
        )
    )  # fmt: skip
    if not with_row:
        return max(logged, 0)
    keys = [(platform, i) for i in sorted(with_row)]
    current = _current(conn, keys)
    items = [
        (key, before, before["unit"] if before else None)
        for key in keys
        if (before := current.get(key)) is None or before["status"] in OPEN
    ]
    return max(logged, 0) + len(_write_many(conn, items, ANSWERED, SYSTEM, at))


def history(store: Store, key: Key) -> list[Change]:
    """Every change of one complaint, oldest first."""
    log = complaint_status_log.c
    with store.connect() as conn:
        rows = conn.execute(
            select(complaint_status_log)
            .where(log.platform == key[0], log.comment_id == key[1])
            .order_by(log.id)
        ).mappings()
        return [Change(**{k: v for k, v in r.items() if k != "id"}) for r in rows]


QUEUE_COLUMNS = (
    "platform",
    "comment_id",
    "post_id",
    "post_url",
    "author",
    "text",
    "created_at_utc",
    "day",
    "category",
    "status",
    "unit",
    "version",
    "changed_by",
    "changed_at",
    "first_reply_at",
)


def count_open_since(
    store: Store, before: datetime, *, platforms: Sequence[str] | None = None
) -> int:
    """Open complaints (new or forwarded; the account's own replies never) made before
    ``before`` (UTC): one counting query, for the morning view's overdue flag."""
    c, s = comments.c, complaint_status.c
    status = func.coalesce(s.status, literal(NEW))
    query = (
        select(func.count())
        .select_from(
            comments.outerjoin(
                complaint_status,
                and_(s.platform == c.platform, s.comment_id == c.comment_id),
            )
        )
        .where(
            c.is_complaint.is_(True),
            c.is_owner_reply.is_(False),
            status.in_(list(OPEN)),
            c.created_at_utc < before,
        )
    )
    if platforms:
        query = query.where(c.platform.in_(list(platforms)))
    with store.connect() as conn:
        return int(conn.execute(query).scalar_one())


def queue_rows(
    store: Store,
    *,
    statuses: Sequence[str] | None = None,
    platforms: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Stored complaints (the account's own replies are never in the queue) with their status (``new``, version 0 when never changed), oldest
    first; ``statuses``/``platforms`` None or empty mean all, ``start``/``end`` are Jakarta
    days (inclusive). ``post_url`` is the stored post's link,
    else the one its platform builds from the id."""
    from monitor.store.queries import _with_post_urls

    c, s = comments.c, complaint_status.c
    status = func.coalesce(s.status, literal(NEW)).label("status")
    query = (
        select(
            c.platform,
            c.comment_id,
            c.post_id,
            c.author,
            c.text,
            c.created_at_utc,
            c.day,
            c.complaint_category.label("category"),
            status,
            s.unit,
            func.coalesce(s.version, literal(0)).label("version"),
            s.changed_by,
            s.changed_at,
            c.first_reply_at,
        )
        .select_from(
            comments.outerjoin(
                complaint_status,
                and_(s.platform == c.platform, s.comment_id == c.comment_id),
            )
        )
        .where(c.is_complaint.is_(True), c.is_owner_reply.is_(False))
    )
    if statuses:
        unknown = [x for x in statuses if x not in STATUSES]
        if unknown:
            raise StoreError(f"status must be one of {', '.join(STATUSES)}, not {unknown[0]!r}")
        query = query.where(func.coalesce(s.status, literal(NEW)).in_(list(statuses)))
    if platforms:
        query = query.where(c.platform.in_(list(platforms)))
    if start is not None:
        query = query.where(c.day >= start)
    if end is not None:
        query = query.where(c.day <= end)
    query = query.order_by(c.created_at_utc, c.platform, c.comment_id)
    if limit is not None:
        query = query.limit(int(limit))
    with store.connect() as conn:
        rows = conn.execute(query).mappings().all()
        frame = pd.DataFrame(
            [dict(r) for r in rows], columns=[*QUEUE_COLUMNS[:3], *QUEUE_COLUMNS[4:]]
        )
        frame = _with_post_urls(conn, frame)
    return frame[list(QUEUE_COLUMNS)]


def stored_units(store: Store) -> list[str]:
    """Units complaints were forwarded to (for filters: a unit renamed in Settings still has
    its complaints)."""
    with store.connect() as conn:
        return sorted(
            conn.execute(
                select(complaint_status.c.unit)
                .distinct()
                .where(complaint_status.c.unit.is_not(None))
            ).scalars()
        )


__all__ = [
    "ANSWERED",
    "CLOSED",
    "FORWARDED",
    "NEW",
    "OPEN",
    "STATUSES",
    "SYSTEM",
    "Change",
    "StatusConflict",
    "StatusRefused",
    "history",
    "mark_replied",
    "queue_rows",
    "set_status",
    "stored_units",
]
