"""Writing and reading comments, imports and saved column mappings.

Upserts go in batches: on SQLite one ``executemany`` of a prepared
``INSERT ... ON CONFLICT DO UPDATE`` (the fastest path the driver has), on other databases the
dialect's ``insert().on_conflict_do_update``. (platform, platform comment id) is the key, so a
re-import or an overlapping export never stores a comment twice; a later export only moves
its like count, and only upwards (an older export never undoes a newer one).

Every chunk an import writes is of one platform (one file, one format), so the lookups of a
chunk are "this platform, these ids": the key's index serves them, and the id-only structures
of one import (``PendingRows``, ``WrittenIds``) need no platform.

One id seen with two different texts (``classify``): the first text seen is kept, the stored
one or else the earlier row of the same import; the later row changes nothing, not even the
like count (it may be another comment under a broken id), and is reported as a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import (
    Connection,
    String,
    and_,
    any_,
    cast,
    delete,
    func,
    literal_column,
    select,
    text,
    update,
)

from monitor.core.canonical import CANONICAL_COLUMNS, EMOTION_COLUMNS
from monitor.core.errors import CitraError
from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.store.engine import Store
from monitor.store.schema import comments, imports, mappings

SELECT_BATCH = 5000
LOOKUP_BATCH = 50_000  # ids per lookup of existing comments (one array parameter)
IMPORT_LOCK = 4_237_001  # PostgreSQL advisory lock key held by an import or undo
DEFER_INDEXES_MIN_ROWS = 100_000  # imports expected to bring fewer rows keep their indexes
BULK_CACHE_KIB = 65_536  # 64 MiB of SQLite page cache while importing (bounded memory)
WRITE_COLUMNS = (
    "comment_id",
    "platform",
    "post_id",
    "parent_id",
    "author",
    "text",
    "created_at_utc",
    "day",
    "like_count",
    "is_reply",
    "is_owner_reply",
    "source_format",
    "import_id",
    "sentiment_score",
    "sentiment_label",
    "is_complaint",
    "complaint_category",
    "terms",
    "emotion",
    "emotion_confidence",
    "sentiment_confidence",
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- imports ------------------------------------------------------------------------------


def create_import(
    conn: Connection,
    *,
    file_name: str,
    source_format: str,
    sha256: str,
    imported_by: str = "",
    is_demo: bool = False,
    platform: str = DEFAULT_PLATFORM,
) -> int:
    """Open an import record inside the import's transaction (it vanishes on rollback).
    ``sha256`` may be left empty until ``finish_import``."""
    result = conn.execute(
        imports.insert().values(
            file_name=file_name[:512],
            source_format=source_format,
            platform=platform,
            sha256=sha256,
            imported_by=(imported_by or "")[:256],
            started_at=_now(),
            status="running",
            is_demo=is_demo,
        )
    )
    return int(result.inserted_primary_key[0])


def finish_import(
    conn: Connection, import_id: int, counts: dict[str, int], details: dict, sha256: str
) -> None:
    """Record the counts and the file's digest (known once the file is read) and mark the
    import done."""
    conn.execute(
        imports.update()
        .where(imports.c.id == import_id)
        .values(
            **counts,
            sha256=sha256,
            finished_at=_now(),
            status="done",
            details=json.dumps(details, ensure_ascii=False, default=str),
        )
    )


def list_imports(store: Store) -> pd.DataFrame:
    """Every import, newest first."""
    cols = [c for c in imports.c if c.name != "details"]
    with store.connect() as conn:
        rows = conn.execute(select(*cols).order_by(imports.c.id.desc())).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in cols])


def get_import(store: Store, import_id: int) -> dict[str, Any] | None:
    """One import record with its details decoded, or None."""
    with store.connect() as conn:
        row = conn.execute(select(imports).where(imports.c.id == import_id)).mappings().first()
    if row is None:
        return None
    out = dict(row)
    out["details"] = json.loads(out["details"]) if out.get("details") else {}
    return out


# --- comments -----------------------------------------------------------------------------


def prepare_bulk(conn: Connection) -> None:
    """Ready an import's transaction: imports run one at a time, with a big page cache on SQLite.

    SQLite's ``BEGIN IMMEDIATE`` already serialises writers. On PostgreSQL a transaction-level
    advisory lock does the same, so two overlapping imports cannot deadlock on each other's rows.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})")


def stored_count(conn: Connection) -> int:
    """Comments in the store, as this transaction sees them."""
    return conn.execute(select(func.count()).select_from(comments)).scalar_one()


class WrittenIds:
    """The ids an import has written so far, as 64-bit hashes: a compact "certainly not
    written" test for an import into an empty store (a hash hit is then looked up for real)."""

    def __init__(self) -> None:
        self._sorted = np.zeros(0, dtype=np.int64)

    @staticmethod
    def _hashes(ids: list[str]) -> np.ndarray:
        return np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))

    def add(self, ids: list[str]) -> None:
        # two sorted runs: the stable sort (timsort) merges them in linear time
        both = np.concatenate((self._sorted, np.sort(self._hashes(ids))))
        self._sorted = np.sort(both, kind="stable")

    def may_hold(self, ids: list[str]) -> np.ndarray:
        known = self._sorted
        if known.size == 0:
            return np.zeros(len(ids), dtype=bool)
        h = self._hashes(ids)
        pos = np.minimum(np.searchsorted(known, h), known.size - 1)
        return known[pos] == h


def defer_indexes(conn: Connection, expected_rows: int, stored: int | None = None) -> bool:
    """Drop the comments table's secondary indexes for a bulk import into a small store.

    Building an index once over the finished table costs about half of what updating it row by
    row costs, so a large import into a store holding fewer comments than it brings drops
    them here and ``restore_indexes`` builds them again before anything reads by them. Inside
    the import's transaction: a failed import gets them back with everything else. SQLite only;
    returns whether it dropped them.
    """
    if conn.dialect.name != "sqlite" or expected_rows < DEFER_INDEXES_MIN_ROWS:
        return False
    if stored is None:
        stored = stored_count(conn)
    if stored >= expected_rows:
        return False
    for index in comments.indexes:
        index.drop(conn)
    return True


def restore_indexes(conn: Connection) -> None:
    """Build the indexes ``defer_indexes`` dropped."""
    for index in comments.indexes:
        index.create(conn)


def existing(
    conn: Connection, ids: list[str], platform: str = DEFAULT_PLATFORM
) -> dict[str, tuple[int, str]]:
    """(like count, text) of the ids already stored on ``platform``.

    The ids travel as one parameter (a JSON array on SQLite, an array on PostgreSQL) rather
    than thousands of bound values, so a million-row import does not compile huge IN lists.
    """
    found: dict[str, tuple[int, str]] = {}
    dialect = conn.dialect.name
    for i in range(0, len(ids), LOOKUP_BATCH):
        batch = ids[i : i + LOOKUP_BATCH]
        if dialect == "sqlite":
            rows = conn.exec_driver_sql(
                "SELECT comment_id, like_count, text FROM comments WHERE platform = ? "
                "AND comment_id IN (SELECT value FROM json_each(?))",
                (platform, json.dumps(batch)),
            )
        elif dialect == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT comment_id, like_count, text FROM comments "
                    "WHERE platform = :platform AND comment_id = ANY(:ids)"
                ),
                {"platform": platform, "ids": batch},
            )
        else:
            rows = conn.execute(
                select(comments.c.comment_id, comments.c.like_count, comments.c.text).where(
                    comments.c.platform == platform,
                    comments.c.comment_id.in_(batch[:SELECT_BATCH]),
                )
            )
            if len(batch) > SELECT_BATCH:
                found.update(existing(conn, batch[SELECT_BATCH:], platform))
        found.update({cid: (likes, body) for cid, likes, body in rows})
    return found


def platform_of(df: pd.DataFrame) -> str:
    """The one platform of a chunk's rows (rows without the column are Instagram's, as stored
    rows from before platforms are); ``ValueError`` for a chunk mixing platforms."""
    if "platform" not in df or df.empty:
        return DEFAULT_PLATFORM
    first = df["platform"].iat[0]
    if not (df["platform"] == first).all():
        raise ValueError("a chunk of comments must be of one platform")
    return str(first)


def _column_values(df: pd.DataFrame, sqlite: bool) -> list[list[Any]]:
    """Per-column Python values in the form the driver stores (as SQLAlchemy would write them)."""
    cols: list[list[Any]] = []
    for name in WRITE_COLUMNS:
        if name == "platform":  # one platform per chunk (see platform_of)
            cols.append([platform_of(df)] * len(df))
            continue
        if name in EMOTION_COLUMNS and name not in df:  # rows scored without: not scored yet
            cols.append([None] * len(df))
            continue
        s = df[name]
        if name == "created_at_utc":
            arr = s.to_numpy(dtype="datetime64[us]")
            if sqlite:  # Arrow's text form is SQLAlchemy's: "YYYY-MM-DD HH:MM:SS.ffffff"
                cols.append(pa.array(arr).cast(pa.string()).to_pylist())
            else:
                cols.append(list(pd.Series(arr).dt.to_pydatetime()))
        elif name == "day":
            arr = s.to_numpy(dtype="datetime64[D]")
            if sqlite:
                cols.append(pa.array(arr).cast(pa.string()).to_pylist())
            else:
                cols.append(arr.astype(object).tolist())
        elif name in ("is_reply", "is_owner_reply", "is_complaint"):
            b = s.fillna(False).astype(bool).to_numpy()
            cols.append(b.astype(int).tolist() if sqlite else b.tolist())
        elif name in ("like_count", "import_id"):
            cols.append(s.astype("int64").tolist())
        elif name == "sentiment_score":
            cols.append(s.astype("float64").tolist())
        elif name in ("emotion_confidence", "sentiment_confidence"):
            f = s.astype("float64")
            cols.append(f.astype(object).where(f.notna(), None).tolist())
        else:
            cols.append(s.astype(object).where(s.notna(), None).tolist())
    return cols


class Classified(NamedTuple):
    """What ``classify`` found in a chunk."""

    write: pd.DataFrame  # rows to write (new, or a known comment's new like count)
    new: int
    updated: int
    duplicate: int  # rows that change nothing, conflicts included
    conflicts: list[int]  # ``row`` numbers of rows whose id was seen with another text


def _rows_of(df: pd.DataFrame) -> list[int]:
    return df["row"].astype("int64").tolist() if "row" in df else [-1] * len(df)


class PendingRows:
    """Rows about to be written, as ``classify`` looks them up: id -> (like count, text);
    all of one platform (``platform``)."""

    def __init__(self, rows: pd.DataFrame) -> None:
        self._rows = rows
        self.platform = platform_of(rows)
        self._at = dict(zip(rows["comment_id"].tolist(), range(len(rows)), strict=True))

    def __contains__(self, comment_id: object) -> bool:
        return comment_id in self._at

    def __getitem__(self, comment_id: str) -> tuple[int, str]:
        at = self._at[comment_id]
        return int(self._rows["like_count"].iat[at]), self._rows["text"].iat[at]


def classify(
    conn: Connection,
    df: pd.DataFrame,
    pending: PendingRows | dict[str, tuple[int, str]] | None = None,
    may_be_stored: Callable[[list[str]], np.ndarray] | None = None,
) -> Classified:
    """Which rows of a chunk need writing, and which conflict (see the module docstring).

    A comment already stored with the same or a higher like count is a duplicate (nothing
    written: an older export never rolls engagement back); one with a higher count is updated
    (only ``like_count`` changes; its first import keeps it); one with a different text is a conflict (nothing changes). Within the chunk the first row
    of an id is the one that counts, with the highest like count of its repeats (of the same text)
    that have one, as a later chunk would update it. Deciding before scoring means a
    re-imported export costs no scoring at all. ``pending``: (like count, text) of rows about
    to be written (an earlier chunk of the same import still being scored), which count as
    stored. ``may_be_stored``: which ids need looking up at all (false means certainly not
    stored), for an import into a store that was empty. Ids are compared within the chunk's
    platform (``platform_of``): the same id on another platform is another comment.
    """
    if df.empty:
        return Classified(df, 0, 0, 0, [])
    platform = platform_of(df)
    conflicts: list[int] = []
    repeated = df["comment_id"].duplicated(keep="first")
    if repeated.any():
        first = df[~repeated]
        first_text = pd.Series(first["text"].to_numpy(), index=first["comment_id"].to_numpy())
        later = df[repeated]
        differs = later["text"].to_numpy() != first_text.reindex(later["comment_id"]).to_numpy()
        conflicts.extend(_rows_of(later[differs]))
        same = later[~differs]
        if "likes_known" in same:  # a repeat without a like count says nothing of it
            same = same[same["likes_known"].to_numpy(dtype=bool)]
        df = first
        if not same.empty:  # the highest known like count of a repeat wins, as across chunks
            highest = same.groupby("comment_id", sort=False)["like_count"].max()
            at = df["comment_id"].isin(highest.index.tolist()).to_numpy()
            df = df.copy()
            seen = highest.loc[df.loc[at, "comment_id"]].to_numpy(dtype="int64")
            own = df.loc[at, "like_count"].to_numpy(dtype="int64")
            if "likes_known" in df:  # a first row without a like count says nothing of it
                own = np.where(df.loc[at, "likes_known"].to_numpy(dtype=bool), own, seen)
                df.loc[at, "likes_known"] = True
            df.loc[at, "like_count"] = np.maximum(own, seen)
    in_file_dups = int(repeated.sum())
    all_ids = df["comment_id"].tolist()
    ids = all_ids
    if may_be_stored is not None:
        ids = [i for i, maybe in zip(ids, may_be_stored(ids).tolist(), strict=True) if maybe]
    known = existing(conn, ids, platform)
    waiting = pending if pending is not None else {}
    if isinstance(waiting, PendingRows) and waiting.platform != platform:
        waiting = {}
    is_new = np.fromiter(
        (i not in known and i not in waiting for i in all_ids), dtype=bool, count=len(all_ids)
    )
    changed = np.zeros(len(df), dtype=bool)
    if not is_new.all():
        old = df[~is_new]
        # a row still waiting to be written is newer than the stored one (an update of it)
        stored = [waiting[i] if i in waiting else known[i] for i in old["comment_id"].tolist()]
        stored_likes = np.array([likes for likes, _ in stored], dtype="int64")
        stored_text = np.array([body for _, body in stored], dtype=object)
        clash = old["text"].to_numpy(dtype=object) != stored_text
        moved = ~clash & (old["like_count"].to_numpy(dtype="int64") > stored_likes)
        if "likes_known" in old:  # an export without like counts never overwrites stored ones
            moved &= old["likes_known"].to_numpy(dtype=bool)
        changed[~is_new] = moved
        conflicts.extend(_rows_of(old[clash]))
    new, updated = int(is_new.sum()), int(changed.sum())
    duplicate = len(df) - new - updated + in_file_dups
    return Classified(df[is_new | changed], new, updated, duplicate, conflicts)


def write_comments(conn: Connection, write: pd.DataFrame) -> None:
    """Insert scored canonical rows; an id already stored only takes a higher like count."""
    if write.empty:
        return
    sqlite = conn.dialect.name == "sqlite"
    write = write.sort_values(["day", "post_id"], kind="stable")  # index-friendly insertion order
    values = _column_values(write, sqlite)
    if sqlite:
        placeholders = ", ".join("?" for _ in WRITE_COLUMNS)
        sql = (
            f"INSERT INTO comments ({', '.join(WRITE_COLUMNS)}) VALUES ({placeholders}) "
            "ON CONFLICT (platform, comment_id) DO UPDATE "
            "SET like_count = max(comments.like_count, excluded.like_count)"
        )
        # the driver's own cursor takes an iterator: rows are made one at a time, not all held
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(sql, zip(*values, strict=True))
        finally:
            cursor.close()
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(comments)
        stmt = stmt.on_conflict_do_update(
            index_elements=[comments.c.platform, comments.c.comment_id],
            set_={"like_count": func.greatest(comments.c.like_count, stmt.excluded.like_count)},
        )
        records = [dict(zip(WRITE_COLUMNS, row, strict=True)) for row in zip(*values, strict=True)]
        conn.execute(stmt, records)


def upsert_comments(conn: Connection, df: pd.DataFrame) -> tuple[int, int, int]:
    """Store a chunk of scored canonical rows; returns (new, updated, duplicate)."""
    write, new, updated, duplicate, _ = classify(conn, df)
    write_comments(conn, write)
    return new, updated, duplicate


def _among(conn: Connection, column, ids: list[str]):
    """``column IN ids`` with the ids as one parameter (JSON array / PostgreSQL array)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        listed = select(literal_column("value")).select_from(func.json_each(json.dumps(ids)))
        return column.in_(listed.scalar_subquery())
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(cast(ids, ARRAY(String)))
    return column.in_(ids)


def refresh_first_replies(
    conn: Connection,
    import_id: int,
    parent_ids: Iterable[str],
    platform: str = DEFAULT_PLATFORM,
) -> set[date]:
    """Set ``first_reply_at`` of parents answered by the account; returns those parents' days.

    An import is of one ``platform``, and a reply's parent is a comment of its own platform.
    Covers both orders: owner replies arriving now (``parent_ids``) and parents arriving now
    whose owner replies were stored by an earlier import. The second lookup starts from the
    account's replies (a small share of all comments) rather than from this import's rows.
    """
    reply = comments.alias("r")
    parent = comments.alias("p")
    arrived = (
        select(parent.c.comment_id)
        .where(
            parent.c.platform == reply.c.platform,
            parent.c.comment_id == reply.c.parent_id,
            parent.c.import_id == import_id,
        )
        .exists()
    )
    late = conn.execute(
        select(reply.c.parent_id)
        .distinct()
        .where(  # of ``platform``: ``arrived`` ties a reply to a parent of this import
            reply.c.is_owner_reply.is_(True),
            reply.c.parent_id.is_not(None),
            reply.c.import_id != import_id,
            arrived,
        )
    ).scalars()
    targets = sorted(set(parent_ids) | set(late))
    first = (
        select(func.min(reply.c.created_at_utc))
        .where(
            reply.c.platform == comments.c.platform,
            reply.c.parent_id == comments.c.comment_id,
            reply.c.is_owner_reply.is_(True),
        )
        .scalar_subquery()
    )
    days: set[date] = set()
    for i in range(0, len(targets), LOOKUP_BATCH):
        batch = targets[i : i + LOOKUP_BATCH]
        these = and_(comments.c.platform == platform, _among(conn, comments.c.comment_id, batch))
        conn.execute(update(comments).where(these).values(first_reply_at=first))
        days.update(conn.execute(select(comments.c.day).distinct().where(these)).scalars())
    return days


def undo_import(store: Store, import_id: int) -> int:
    """Delete the comments an import brought in, in one transaction; returns how many.

    Comments first stored by this import go, even if a later import also contained them
    (the later import counted them as duplicates). Aggregates of the affected days and
    ``first_reply_at`` of parents that lose an owner reply are recomputed. Posts the import
    brought in that no stored comment is under any more go too (``posts.forget_unused``).
    """
    from monitor.store.aggregates import refresh_days
    from monitor.store.posts import forget_unused

    with store.begin() as conn:
        prepare_bulk(conn)
        found = conn.execute(
            select(imports.c.status, imports.c.platform).where(imports.c.id == import_id)
        ).first()
        if found is None:
            raise CitraError(f"import {import_id} does not exist")
        status, platform = found
        if status == "undone":
            raise CitraError(f"import {import_id} was already undone")
        where = comments.c.import_id == import_id
        days = set(conn.execute(select(comments.c.day).distinct().where(where)).scalars())
        parents = set(
            conn.execute(
                select(comments.c.parent_id)
                .distinct()
                .where(
                    where, comments.c.is_owner_reply.is_(True), comments.c.parent_id.is_not(None)
                )
            ).scalars()
        )
        deleted = conn.execute(delete(comments).where(where)).rowcount or 0
        days |= refresh_first_replies(conn, import_id, parents, platform)
        refresh_days(conn, days, [platform])
        forget_unused(conn, import_id)
        conn.execute(
            imports.update()
            .where(imports.c.id == import_id)
            .values(status="undone", finished_at=_now())
        )
    return int(deleted)


def count_comments(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(comments)).scalar() or 0)


def iter_export(
    store: Store, chunk_rows: int = 50_000, *, platforms: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """All comments (of ``platforms``; None or empty: all), canonical columns plus ``day`` and
    ``EMOTION_COLUMNS``, ordered by time then id (stable)."""
    names = [*CANONICAL_COLUMNS, "day", *EMOTION_COLUMNS]
    cols = [comments.c[name] for name in names]
    c = comments.c
    stmt = select(*cols).order_by(c.created_at_utc, c.comment_id, c.platform)
    if platforms:
        stmt = stmt.where(c.platform.in_(list(platforms)))
    with store.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk_rows).execute(stmt)
        for part in result.partitions(chunk_rows):
            yield pd.DataFrame([tuple(r) for r in part], columns=names)


def comments_of_import(store: Store, import_id: int) -> pd.DataFrame:
    """Stored comments first brought in by one import (for checks and the upload page)."""
    with store.connect() as conn:
        rows = (
            conn.execute(
                select(comments)
                .where(comments.c.import_id == import_id)
                .order_by(comments.c.comment_id, comments.c.platform)
            )
            .mappings()
            .all()
        )
    return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in comments.c])


def find_comments(
    store: Store, ids: Iterable[str], platform: str = DEFAULT_PLATFORM
) -> pd.DataFrame:
    """Stored rows for some comment ids of one platform."""
    wanted = list(ids)
    with store.connect() as conn:
        rows = (
            conn.execute(
                select(comments)
                .where(comments.c.platform == platform, comments.c.comment_id.in_(wanted))
                .order_by(comments.c.comment_id)
            )
            .mappings()
            .all()
        )
    return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in comments.c])


# --- saved column mappings ----------------------------------------------------------------


def save_mapping(store: Store, name: str, mapping: dict[str, str]) -> None:
    """Save (or replace) a named column mapping for files from the same source."""
    name = name.strip()
    if not name:
        raise CitraError("a mapping needs a name")
    encoded = json.dumps({k: v for k, v in mapping.items() if v}, ensure_ascii=False)
    with store.begin() as conn:
        conn.execute(delete(mappings).where(mappings.c.name == name))
        conn.execute(mappings.insert().values(name=name[:128], mapping=encoded, created_at=_now()))


def load_mapping(store: Store, name: str) -> dict[str, str]:
    """A saved mapping by name; an unknown name lists the saved ones."""
    with store.connect() as conn:
        value = conn.execute(select(mappings.c.mapping).where(mappings.c.name == name)).scalar()
    if value is None:
        known = ", ".join(list_mappings(store)) or "none saved yet"
        raise CitraError(f"no saved column mapping named {name!r} (saved: {known})")
    return json.loads(value)


def list_mappings(store: Store) -> list[str]:
    with store.connect() as conn:
        return list(conn.execute(select(mappings.c.name).order_by(mappings.c.name)).scalars())


def delete_mapping(store: Store, name: str) -> None:
    with store.begin() as conn:
        conn.execute(delete(mappings).where(mappings.c.name == name))
