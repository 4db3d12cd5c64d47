"""Importing one file: detect -> parse -> normalise -> score -> store -> aggregate.

The whole file is one transaction: the import record, every comment, ``first_reply_at`` of
answered parents and the daily aggregates of the touched days land together or not at all.
Rows are processed chunk by chunk inside that transaction (see ``parse``), so memory stays
flat however large the export is. ``import_file`` runs these steps:

1. ``plan.make_plan``: detect the file and settle its format and context;
2. ``_start_reading``: a child process parses a large file while this one stores
   (``reader_process``), else parsing happens here, chunk by chunk;
3. ``_open_import``: the import record, and the bulk-write setup of the store;
4. ``_Writer.add`` per chunk: classify against the store (new, updated, duplicate), score in
   the pool, write the previous chunk meanwhile; ``_Counts`` keeps the report's numbers;
5. ``_finish``: refuse a file with no usable row, then first replies (and complaints they
   answer, ``complaint_status.mark_replied``), daily aggregates and
   the import's counts.

A post export (``plan.kind == "posts"``) takes another road after planning: its posts are
merged into the store by ``post_files`` in one transaction with its import record, and the
report says posts (``ImportReport.kind``).

Bounds: every reader refuses what would make it allocate out of proportion before it does
(see ``readers``: columns, line length, workbook sizes, rows streamed, never a whole sheet);
``max_upload_mb`` and ``max_rows_per_import`` are checked on the file's size before reading and
on the rows counted chunk by chunk. ``preview`` reads through the same readers, so a file the
import would refuse is refused by the preview, as cheaply.

What the import decided instead of refusing is in the report's ``warnings`` (lines read as
cp1252, NUL characters removed, like counts that are not counts, and ids seen again with
another text: the first text seen is kept, see ``store.comments.classify``).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from monitor.core import platforms
from monitor.core.canonical import SCORE_COLUMNS
from monitor.core.errors import IngestError
from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.ingest import detect as detect_mod
from monitor.ingest import post_files, reader_process
from monitor.ingest.formats.mapped import Mapped
from monitor.ingest.parse import CHUNK_ROWS, Digest, parsed, parsed_then_hashed
from monitor.ingest.plan import Plan, make_plan
from monitor.ingest.posts import post_facts
from monitor.ingest.readers.notes import Notes
from monitor.ingest.readers.source import Source, as_source, check_size
from monitor.ingest.rows import Context
from monitor.nlp import scoring
from monitor.store import comments as comment_store
from monitor.store import complaint_status
from monitor.store import posts as post_store
from monitor.store.engine import Store

BYTES_PER_ROW_MIN = 400  # export bytes per comment, at least (rows expected from a file's size)
BACKGROUND_READ_BYTES = 8 * 2**20  # files from this size are read by a child process
MAX_REJECTIONS_KEPT = 1000  # listed in the report; the count is always complete
PREVIEW_CHUNK_ROWS = 1000  # rows the preview parses at a time
PREVIEW_MAX_ROWS = 50_000  # rows the preview reads, at most, looking for usable ones
CONFLICT = "repeated a comment id already seen with a different text; the first text is kept"
BULK_GC_THRESHOLD = 100_000  # allocations between collections while importing (default 700)

detect = detect_mod.detect
list_imports = comment_store.list_imports
undo_import = comment_store.undo_import


@dataclass(frozen=True)
class ImportReport:
    """What one import did, for the CLI, the upload page and the imports table."""

    import_id: int
    file_name: str
    source_format: str
    sha256: str
    rows_read: int
    rows_new: int
    rows_updated: int
    rows_duplicate: int
    rows_rejected: int
    rejections: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was decided instead of refused
    platform: str = DEFAULT_PLATFORM  # of every comment of the file
    kind: str = "comments"  # what the rows are: comments, or posts (a post export)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["rejections"] = [list(r) for r in self.rejections]
        return out

    def summary(self) -> str:
        """One line for people: counts, then the first rejected rows."""
        head = (
            f"{self.file_name}: import {self.import_id} "
            f"({self.source_format}, {platforms.label(self.platform)}) - "
        )
        if self.kind == "posts":
            line = head + (
                f"{self.rows_read} posts read, {self.rows_new} new, "
                f"{self.rows_updated} updated, {self.rows_rejected} rejected"
            )
        else:
            line = head + (
                f"{self.rows_read} read, {self.rows_new} new, {self.rows_updated} updated, "
                f"{self.rows_duplicate} duplicate, {self.rows_rejected} rejected"
            )
        shown = self.rejections[:10]
        where = "item" if self.kind == "posts" else "row"
        for row, why in shown:
            line += f"\n  {where} {row}: {why}"
        if self.rows_rejected > len(shown):
            line += f"\n  ... and {self.rows_rejected - len(shown)} more rejected rows"
        for warning in self.warnings:
            line += f"\n  warning: {warning}"
        return line


Pseudonymiser = Callable[..., pd.DataFrame]  # (frame, **pseudonymise's options) -> frame


def _pseudonymiser(
    enabled: bool,
) -> tuple[Callable[[str], Pseudonymiser] | None, bytes | None]:
    """``monitor.privacy.pseudonymise`` bound to its key (given the account's handle on the
    file's platform, known once the file is planned), and the key of the fallback ids (see
    ``rows``), when the setting is on."""
    if not enabled or importlib.util.find_spec("monitor.ops.privacy") is None:
        return None, None
    privacy = importlib.import_module("monitor.ops.privacy")
    key = privacy.pseudonym_key()

    def bound(account: str) -> Pseudonymiser:
        return lambda df, **options: privacy.pseudonymise(df, account, key, **options)

    return bound, privacy.id_key(key)


def _score(df: pd.DataFrame, settings: scoring.HasLexicon) -> pd.DataFrame:
    return _with_scores(df, scoring.score(df["text"].tolist(), settings))


def _with_scores(df: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    scores.index = df.index
    for col in SCORE_COLUMNS:
        df[col] = scores[col]
    return df


def _settings(store: Store):
    from monitor.ops.settings import load

    return load(store)


def _owners(settings, file_name: str) -> dict:
    """The monitored account on every platform, from the settings (see ``ops.settings``)."""
    from monitor.ops.settings import owner_identities

    try:
        return owner_identities(settings)
    except ValueError as exc:
        raise IngestError(f"the owner settings cannot be used: {exc}", file_name=file_name) from exc


class _FewerCollections:
    """Run the cyclic garbage collector less often while importing.

    An import allocates millions of short-lived, acyclic objects (strings, tuples, parsed
    comments); with the default threshold the collector walks every live object again and
    again for nothing, a tenth of the import's time. The reader child and pool workers forked
    meanwhile inherit the setting. The setting is process-wide and imports may overlap (the app
    server runs one per session), so the first to start raises it and the last to end puts back
    what was there before.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._saved = gc.get_threshold()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._active == 0:
                self._saved = gc.get_threshold()
                gc.set_threshold(max(self._saved[0], BULK_GC_THRESHOLD), *self._saved[1:])
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0:
                    gc.set_threshold(*self._saved)


_fewer_collections = _FewerCollections()


@dataclass
class _Counts:
    """The numbers an import reports, counted chunk by chunk."""

    read: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[tuple[int, str]] = field(default_factory=list)  # the first ones
    notes: Notes = field(default_factory=Notes)  # the report's warnings

    def add_parsed(self, n_raw: int, bad: list[tuple[int, str]], notes: Notes | None) -> None:
        self.read += n_raw
        self.rejected += len(bad)
        self.rejections.extend(bad[: max(0, MAX_REJECTIONS_KEPT - len(self.rejections))])
        self.notes.merge(notes)

    def add_classified(self, new: int, updated: int, duplicate: int) -> None:
        self.new += new
        self.updated += updated
        self.duplicate += duplicate

    def columns(self) -> dict[str, int]:
        """As the imports table and ``ImportReport`` name them."""
        return {
            "rows_read": self.read,
            "rows_new": self.new,
            "rows_updated": self.updated,
            "rows_duplicate": self.duplicate,
            "rows_rejected": self.rejected,
        }


class _Writer:
    """Stores an import's chunks in its transaction, scoring one while writing the one before.

    Each chunk's posts are stored (one row per distinct post, duplicates' posts too: a later
    export may carry higher post counts), the chunk is pseudonymised (when the setting is on,
    so that its texts compare with the stored ones), classified against the store (new,
    updated, duplicate, conflicting), its rows to write go to the scoring pool, and the
    previous chunk, scored meanwhile, is written.
    """

    def __init__(
        self,
        conn,
        import_id: int,
        counts: _Counts,
        pseudo: Pseudonymiser | None,
        written: comment_store.WrittenIds | None,
        settings: scoring.HasLexicon,
        ctx: Context,
    ) -> None:
        self.conn, self.import_id, self.counts, self.ctx = conn, import_id, counts, ctx
        self.pseudo, self.written = pseudo, written
        self.settings = settings  # the lexicon in force scores the import, as it explains
        self.days: set[date] = set()  # Jakarta days written to
        self.owner_parents: set[str] = set()  # comments the account answered
        # A chunk being scored in the pool: (rows, their scores to come).
        self.pending: tuple[pd.DataFrame, scoring.ScoringJob] | None = None

    def add(self, canon: pd.DataFrame) -> None:
        canon["import_id"] = self.import_id
        facts = post_facts(canon, self.ctx.tz)
        if self.pseudo is not None and "title" in facts:  # a thread's first tweet: anyone's words
            facts = self.pseudo(facts, column="author", mentions_in="title")
        post_store.upsert_posts(self.conn, self.ctx.platform, facts, self.import_id)
        owners = canon[canon["is_owner_reply"] & canon["parent_id"].notna()]
        self.owner_parents.update(owners["parent_id"].tolist())
        if self.pseudo is not None:
            canon = self.pseudo(canon)
        # The previous chunk is stored while the pool scores this one, so this one is
        # classified first, counting the previous chunk's rows as stored.
        waiting = None
        if self.pending is not None:
            waiting = comment_store.PendingRows(self.pending[0])
        may_hold = self.written.may_hold if self.written is not None else None
        write, n, u, d, conflicts = comment_store.classify(self.conn, canon, waiting, may_hold)
        self.counts.add_classified(n, u, d)
        self.counts.notes.add("row", CONFLICT, conflicts)
        job = None
        if not write.empty:
            write = write.copy()
            job = scoring.submit(write["text"].tolist(), self.settings)
        self.store_pending()
        if job is not None:
            self.pending = (write, job)

    def store_pending(self) -> None:
        """Write the chunk the pool has been scoring, once its scores are in."""
        if self.pending is None:
            return
        rows, job = self.pending
        self.pending = None
        rows = _with_scores(rows, job.result(help_out=False))
        comment_store.write_comments(self.conn, rows)
        if self.written is not None:
            self.written.add(rows["comment_id"].tolist())
        self.days.update(ts.date() for ts in rows["day"].drop_duplicates())


def _start_reading(
    src: Source, plan: Plan, on_bytes: Callable[[int], None] | None, max_rows: int = 0
) -> Iterator[tuple | Digest]:
    """The parsed chunks, then the file's digest: from a child process for a large file.

    Chunks hold at most ``max_rows + 1`` table rows, so a file over the row limit is refused
    after reading just past the limit, not a whole chunk (or sheet) later."""
    most = min(CHUNK_ROWS, max_rows + 1) if max_rows else CHUNK_ROWS
    large = max(src.size, 1) >= BACKGROUND_READ_BYTES
    if large and reader_process.available():
        # the child parses while this process stores (forked before the pool's thread exists)
        chunks = reader_process.run(
            lambda on_pos: parsed_then_hashed(src, plan, on_pos, most), on_bytes, src.name
        )
    else:
        chunks = parsed_then_hashed(src, plan, on_bytes, most)
    if large:
        scoring.prestart_pool()
    return chunks


def _open_import(
    conn, src: Source, plan: Plan, *, imported_by: str, is_demo: bool
) -> tuple[int, bool, comment_store.WrittenIds | None]:
    """The import's record, and the store set up for bulk writing: (import id, whether the
    secondary indexes were dropped to be built at the end, the ids written if the store was
    empty)."""
    comment_store.prepare_bulk(conn)  # before any write: imports queue here, one at a time
    stored_before = comment_store.stored_count(conn)
    deferred = comment_store.defer_indexes(conn, src.size // BYTES_PER_ROW_MIN, stored_before)
    # into an empty store only this import's own rows can be found: look up only those
    written = comment_store.WrittenIds() if stored_before == 0 else None
    import_id = comment_store.create_import(
        conn,
        file_name=src.name,
        source_format=plan.fmt_name,
        sha256="",  # recorded by finish_import
        imported_by=imported_by,
        is_demo=is_demo,
        platform=plan.ctx.platform,
    )
    return import_id, deferred, written


def _store_chunks(
    chunks: Iterable[tuple | Digest],
    writer: _Writer,
    counts: _Counts,
    max_rows: int,
    file_name: str,
) -> str:
    """Every parsed chunk through ``writer``; returns the file's digest (the reader's last item)."""
    sha = ""
    for item in chunks:
        if isinstance(item, Digest):
            sha = item.sha256
            continue
        n_raw, canon, bad, notes = item
        counts.add_parsed(n_raw, bad, notes)
        if max_rows and counts.read > max_rows:
            raise IngestError(
                f"more than {max_rows} comments in one file "
                "(setting max_rows_per_import); split the export",
                file_name=file_name,
            )
        if not canon.empty:
            writer.add(canon)
    return sha


def _check_usable(counts: _Counts, file_name: str) -> None:
    if counts.read == 0:
        raise IngestError("the file holds no comment rows", file_name=file_name)
    if counts.rejected == counts.read:
        first = "; ".join(f"row {r}: {why}" for r, why in counts.rejections[:3])
        raise IngestError(
            f"none of the {counts.read} rows could be used ({first})", file_name=file_name
        )


def _finish(
    conn, writer: _Writer, plan: Plan, counts: _Counts, mapping: dict | None, sha: str
) -> None:
    """First replies and daily aggregates of the touched days, then the import's record."""
    from monitor.store.aggregates import refresh_days

    days = writer.days | comment_store.refresh_first_replies(
        conn, writer.import_id, writer.owner_parents, plan.ctx.platform
    )
    complaint_status.mark_replied(conn, writer.import_id, plan.ctx.platform)
    refresh_days(conn, days, [plan.ctx.platform])
    details = {
        "rejections": counts.rejections,
        "warnings": counts.notes.messages(),
        "options": {
            "account": plan.ctx.account,
            "time_zone": plan.ctx.tz,
            "platform": plan.ctx.platform,
            "owner_ids": sorted(plan.ctx.owner_ids),
            "post_id": plan.ctx.post_id or plan.ctx.file_post_id,
            "mapping": (plan.table.mapping if isinstance(plan.table, Mapped) else mapping) or None,
            "encoding": plan.det.encoding,
            "delimiter": plan.det.delimiter,
        },
    }
    comment_store.finish_import(conn, writer.import_id, counts.columns(), details, sha256=sha)


@_fewer_collections()
def import_file(
    store: Store,
    source: str | Path | bytes,
    *,
    file_name: str | None = None,
    account: str | None = None,
    assume_tz: str | None = None,
    mapping: dict | None = None,
    post_id: str | None = None,
    imported_by: str = "",
    is_demo: bool = False,
    progress: Callable[[float], None] | None = None,
    source_format: str | None = None,
    platform: str | None = None,
    posts: pd.DataFrame | None = None,
    also: Callable[[Any, int, dict[str, int]], None] | None = None,
) -> ImportReport:
    """Import one export file in one transaction and report what happened.

    ``account`` (the monitored account's handle on the file's platform) and ``assume_tz``
    override the stored settings (the owners of every platform, see ``ops.settings``);
    ``mapping`` reads any other CSV/XLSX (``platform``: whose comments it holds, default
    Instagram); ``post_id`` fills the post for exports that carry none (Graph API,
    Instaloader); ``source_format`` names the format of a file that fits two. Raises
    ``IngestError`` for a file that cannot be imported (or when the owner settings cannot be
    used); the store is then unchanged.

    For a pull (``monitor.collect``), whose pages are the file: ``posts`` holds facts of the
    file's posts that its comments do not carry (``post_id`` and ``store.posts.FACT_COLUMNS``:
    a media's caption and counts), stored first so the comments' own facts merge into them;
    ``also(conn, import_id, counts)`` writes the caller's own rows in the import's transaction
    (the pull's state; ``counts`` as ``ImportReport`` names them).
    """
    settings = _settings(store)
    src = as_source(source, file_name)
    check_size(src, settings.max_upload_mb)
    owners = _owners(settings, src.name)
    tz = assume_tz or settings.assume_tz
    pseudonymiser, id_key = _pseudonymiser(settings.pseudonymise_authors)
    plan = make_plan(
        src,
        account,
        tz,
        mapping,
        post_id,
        settings.max_cell_chars,
        id_key,
        owners,
        source_format=source_format,
        platform=platform,
    )
    if plan.kind == "posts":
        return _import_posts(store, src, plan, settings.max_rows_per_import, imported_by, is_demo)
    pseudo = pseudonymiser(plan.ctx.account) if pseudonymiser else None
    size = max(src.size, 1)
    on_bytes = (lambda pos: progress(min(pos / size, 0.99))) if progress else None
    chunks = _start_reading(src, plan, on_bytes, settings.max_rows_per_import)
    counts = _Counts()
    with store.begin() as conn:
        import_id, deferred, written = _open_import(
            conn, src, plan, imported_by=imported_by, is_demo=is_demo
        )
        writer = _Writer(conn, import_id, counts, pseudo, written, settings, plan.ctx)
        if posts is not None and not posts.empty:
            post_store.upsert_posts(conn, plan.ctx.platform, posts, import_id)
        sha = _store_chunks(chunks, writer, counts, settings.max_rows_per_import, src.name)
        if deferred:  # built while the pool scores the last chunk, which then updates them
            comment_store.restore_indexes(conn)
        writer.store_pending()
        _check_usable(counts, src.name)
        _finish(conn, writer, plan, counts, mapping, sha)
        if also is not None:
            also(conn, import_id, counts.columns())
    if progress:
        progress(1.0)
    return ImportReport(
        import_id=import_id,
        file_name=src.name,
        source_format=plan.fmt_name,
        platform=plan.ctx.platform,
        sha256=sha,
        rejections=counts.rejections,
        warnings=counts.notes.messages(),
        **counts.columns(),
    )


def _import_posts(
    store: Store, src: Source, plan: Plan, max_rows: int, imported_by: str, is_demo: bool
) -> ImportReport:
    """A post file: its posts merged into the store with an import record, in one
    transaction (``post_files``); no comment is read or written."""
    with store.begin() as conn:
        comment_store.prepare_bulk(conn)  # imports queue here, one at a time
        import_id = comment_store.create_import(
            conn,
            file_name=src.name,
            source_format=plan.fmt_name,
            sha256="",
            imported_by=imported_by,
            is_demo=is_demo,
            platform=plan.ctx.platform,
        )
        counts = post_files.store_posts(conn, src, plan, import_id, max_rows)
        columns = {
            "rows_read": counts.read,
            "rows_new": counts.new,
            "rows_updated": counts.updated,
            "rows_duplicate": 0,
            "rows_rejected": counts.rejected,
        }
        details = {
            "kind": "posts",
            "rejections": counts.rejections,
            "warnings": [],
            "options": {"time_zone": plan.ctx.tz, "platform": plan.ctx.platform},
        }
        sha = src.sha256()
        comment_store.finish_import(conn, import_id, columns, details, sha256=sha)
    return ImportReport(
        import_id=import_id,
        file_name=src.name,
        source_format=plan.fmt_name,
        platform=plan.ctx.platform,
        sha256=sha,
        rejections=counts.rejections,
        kind="posts",
        **columns,
    )


def preview(
    source: str | Path | bytes,
    *,
    file_name: str | None = None,
    account: str | None = None,
    assume_tz: str | None = None,
    mapping: dict | None = None,
    post_id: str | None = None,
    n: int = 20,
    max_cell_chars: int = 20_000,
    settings: scoring.HasLexicon | None = None,
    owners: dict | None = None,
    source_format: str | None = None,
    platform: str | None = None,
) -> pd.DataFrame:
    """The first ``n`` rows as they would be stored (canonical columns, ``day`` and scores,
    with the lexicon of ``settings``; owner replies by ``owners``, see ``import_file``).

    Reads through the import's readers and guards, in small chunks, and stops at the first
    chunk with usable rows (or after ``PREVIEW_MAX_ROWS`` rows without any).
    """
    src = as_source(source, file_name)
    plan = make_plan(
        src,
        account,
        assume_tz or "",
        mapping,
        post_id,
        max_cell_chars,
        owners=owners,
        source_format=source_format,
        platform=platform,
    )
    if plan.kind == "posts":
        return post_files.preview_frame(src, plan, n)
    seen = 0
    chunks = parsed(src, plan, None, most=max(n, PREVIEW_CHUNK_ROWS))
    try:
        for n_raw, canon, _, _ in chunks:
            seen += n_raw
            if not canon.empty:
                canon = canon.head(n).copy()
                canon["import_id"] = None
                return _score(canon, settings or scoring.ScoringConfig())
            if seen >= PREVIEW_MAX_ROWS:
                break
    finally:
        chunks.close()
    return pd.DataFrame()
