"""Importing one file: detect -> parse -> normalise -> score -> store -> aggregate.

The whole file is one transaction: the import record, every comment, ``first_reply_at`` of
answered parents and the daily aggregates of the touched days land together or not at all.
Rows are processed chunk by chunk inside that transaction (CSV via pandas chunks, JSON via
``ijson`` streaming), so memory stays flat however large the export is.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ijson
import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest import detect as detect_mod
from monitor.ingest import reader_process, reading
from monitor.ingest.detect import Detection, detect_source, open_json
from monitor.ingest.formats import BY_NAME, instaloader, mapped
from monitor.ingest.reading import Source
from monitor.ingest.rows import Context, finalise, records_frame
from monitor.nlp import scoring
from monitor.store import comments as comment_store
from monitor.store.engine import Store

CHUNK_ROWS = 50_000
BYTES_PER_ROW_MIN = 400  # export bytes per comment, at least (rows expected from a file's size)
BACKGROUND_READ_BYTES = 8 * 2**20  # files from this size are read by a child process
JSON_BATCH = 30_000  # JSON comment objects per batch (each may carry replies)
MAX_REJECTIONS_KEPT = 1000  # listed in the report; the count is always complete
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

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["rejections"] = [list(r) for r in self.rejections]
        return out

    def summary(self) -> str:
        """One line for people: counts, then the first rejected rows."""
        line = (
            f"{self.file_name}: import {self.import_id} ({self.source_format}) - "
            f"{self.rows_read} read, {self.rows_new} new, {self.rows_updated} updated, "
            f"{self.rows_duplicate} duplicate, {self.rows_rejected} rejected"
        )
        shown = self.rejections[:10]
        for row, why in shown:
            line += f"\n  row {row}: {why}"
        if self.rows_rejected > len(shown):
            line += f"\n  ... and {self.rows_rejected - len(shown)} more rejected rows"
        return line


@dataclass(frozen=True)
class _Plan:
    det: Detection
    fmt_name: str
    ctx: Context
    sheet: pd.DataFrame | None
    to_raw: Callable | None


def _zone(name: str, file_name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise IngestError(
            f"unknown time zone {name!r} (use e.g. UTC or Asia/Jakarta)", file_name=file_name
        ) from exc
    return name


def _plan(
    src: Source,
    *,
    account: str,
    assume_tz: str,
    mapping: dict[str, str] | None,
    post_id: str | None,
    max_cell_chars: int,
) -> _Plan:
    det, sheet = detect_source(src)
    if mapping:
        if det.kind == "json":
            raise IngestError(
                "a column mapping applies to CSV or XLSX files, not JSON", file_name=src.name
            )
        fmt_name = mapped.NAME
        to_raw = mapped.make_to_raw(mapped.validate(mapping, det.columns, src.name))
    elif det.format == "unknown":
        hint = det.suggested_mapping
        if "text" not in hint:
            raise IngestError(
                "no recognisable comment text column; columns are: "
                + ", ".join(repr(c) for c in det.columns[:40])
                + ". Map the columns (text, time, author, ...) and import with --mapping",
                file_name=src.name,
            )
        raise IngestError(
            "unknown export layout; confirm a column mapping and import with --mapping. "
            f"Suggested: {hint}",
            file_name=src.name,
        )
    else:
        fmt_name = det.format
        to_raw = getattr(BY_NAME[fmt_name], "to_raw", None)
    module = BY_NAME[fmt_name]
    tz = _zone(assume_tz or module.DEFAULT_TZ, src.name)
    file_post = instaloader.post_from_file_name(src.name) if fmt_name == instaloader.NAME else None
    ctx = Context(
        source_format=fmt_name,
        account=(account or "").strip().lstrip("@").lower(),
        tz=tz,
        max_cell_chars=max_cell_chars,
        post_id=(post_id or "").strip() or None,
        file_post_id=file_post,
    )
    return _Plan(det, fmt_name, ctx, sheet, to_raw)


def _raw_chunks(
    src: Source, plan: _Plan, progress: Callable[[int], None] | None
) -> Iterator[pd.DataFrame]:
    """Raw frames (``RAW_COLUMNS``), one chunk at a time."""
    det, ctx = plan.det, plan.ctx
    if det.kind == "csv":
        layout = reading.TextLayout(det.encoding, det.delimiter, det.header_row, det.columns)
        for first_row, chunk in reading.iter_csv(src, layout, CHUNK_ROWS, progress):
            yield plan.to_raw(chunk, first_row, ctx)
        return
    if det.kind == "xlsx":
        sheet = plan.sheet
        data = sheet.iloc[det.header_row + 1 :].dropna(how="all")
        data.columns = det.columns
        for start in range(0, len(data), CHUNK_ROWS):
            part = data.iloc[start : start + CHUNK_ROWS]
            raw = plan.to_raw(part.reset_index(drop=True), 0, ctx)
            sheet_rows = part.index.to_numpy() + 1  # the sheet's own (1-based) row numbers
            raw["row"] = sheet_rows[raw["row"].to_numpy(dtype="int64")]  # replies: their parent's
            yield raw
        return
    module = BY_NAME[plan.fmt_name]
    fh = open_json(src)
    try:
        if det.json_prefix == "item" and hasattr(module, "decode_block"):  # a top-level array
            blocks = reading.iter_json_decoded(fh, module.decode_block)
        elif det.json_prefix in ("", "item"):
            blocks = reading.iter_json_blocks(fh, lines=det.json_lines)
        else:
            blocks = _ijson_blocks(ijson.items(fh, det.json_prefix, use_float=True))
        yield from _json_chunks(blocks, module, ctx, fh, progress)
    except reading.JSONStreamError as exc:
        raise detect_mod.stream_error(src, exc) from exc
    except ijson.JSONError as exc:
        raise detect_mod._json_error(src, exc) from exc
    finally:
        fh.close()


def _json_chunks(blocks, module, ctx: Context, fh, progress) -> Iterator[pd.DataFrame]:
    """Batches of JSON comment objects as raw frames; anything but an object is a rejected row.

    ``blocks`` yields lists of elements, so the common case (all objects) costs no Python per element.
    A ``reading.Decoded`` block holds the format's own typed objects; a batch never mixes
    those with dicts.
    """
    batch: list = []
    numbers: list[int] = []
    odd: list[dict] = []
    number = 0
    decoded = False  # whether ``batch`` holds typed objects

    def flush() -> pd.DataFrame:
        parts = []
        if batch:
            if hasattr(module, "frame"):
                parts.append(module.frame(batch, numbers, ctx))
            else:
                records = [
                    r
                    for item, n in zip(batch, numbers, strict=True)
                    for r in module.flatten(item, n, ctx)
                ]
                parts.append(records_frame(records))
        if odd:
            parts.append(records_frame(odd))
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def take(block: list, typed: bool) -> Iterator[pd.DataFrame]:
        nonlocal batch, numbers, odd, number, decoded
        if batch and typed != decoded:
            yield flush()
            batch, numbers, odd = [], [], []
        decoded = typed
        first = number + 1
        number += len(block)
        if typed or all(isinstance(v, dict) for v in block):
            batch.extend(block)
            numbers.extend(range(first, number + 1))
        else:
            for n, v in enumerate(block, start=first):
                if isinstance(v, dict):
                    batch.append(v)
                    numbers.append(n)
                else:
                    odd.append({"row": n, "text": None, "created": None})
        if len(batch) + len(odd) >= JSON_BATCH:
            yield flush()
            batch, numbers, odd = [], [], []
            if progress:
                progress(fh.tell())

    for whole in blocks:
        typed = isinstance(whole, reading.Decoded)
        for start in range(0, len(whole), JSON_BATCH):
            yield from take(whole[start : start + JSON_BATCH], typed)
    if batch or odd:
        yield flush()


def _ijson_blocks(items, size: int = 1000) -> Iterator[list]:
    """ijson's elements in lists, the shape ``_json_chunks`` takes."""
    import itertools

    while block := list(itertools.islice(items, size)):
        yield block


def _pseudonymiser(enabled: bool, account: str) -> Callable[[pd.DataFrame], pd.DataFrame] | None:
    """``monitor.privacy.pseudonymise`` bound to its key, when the setting is on."""
    if not enabled or importlib.util.find_spec("monitor.ops.privacy") is None:
        return None
    privacy = importlib.import_module("monitor.ops.privacy")
    key = privacy.pseudonym_key()
    return lambda df: privacy.pseudonymise(df, account, key)


def _score(df: pd.DataFrame, settings: scoring.HasLexicon) -> pd.DataFrame:
    return _with_scores(df, scoring.score(df["text"].tolist(), settings))


def _with_scores(df: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    scores.index = df.index
    for col in (
        "sentiment_score",
        "sentiment_label",
        "is_complaint",
        "complaint_category",
        "terms",
    ):
        df[col] = scores[col]
    return df


_PARSE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    UnicodeError,
    OverflowError,
    RecursionError,
)


def _named(exc: Exception, src: Source) -> IngestError:
    """An IngestError that names the file (parser surprises become one readable line too)."""
    if isinstance(exc, IngestError):
        if exc.file_name:
            return exc
        return IngestError(exc.detail, file_name=src.name, row=exc.row)
    return IngestError(
        f"the file cannot be read ({type(exc).__name__}: {str(exc)[:200]})", file_name=src.name
    )


def _parsed(
    src: Source, plan: _Plan, progress
) -> Iterator[tuple[int, pd.DataFrame, list[tuple[int, str]]]]:
    """Finalised chunks and their rejections; any parsing failure is an IngestError naming the file."""
    chunks = _raw_chunks(src, plan, progress)
    while True:
        try:
            raw = next(chunks)
        except StopIteration:
            return
        except (IngestError, *_PARSE_ERRORS) as exc:
            raise _named(exc, src) from exc
        try:
            canon, bad = finalise(raw, plan.ctx)
        except _PARSE_ERRORS as exc:
            raise _named(exc, src) from exc
        yield len(raw), canon, bad


@dataclass(frozen=True)
class _Digest:
    """The file's SHA-256, the last item of ``_parsed_then_hashed``."""

    sha256: str


def _parsed_then_hashed(src: Source, plan: _Plan, progress) -> Iterator[tuple | _Digest]:
    """``_parsed``'s chunks, then the file's digest: hashed once parsing is done, so in the
    reader child it is off the importing process's path (the file is in the page cache)."""
    yield from _parsed(src, plan, progress)
    yield _Digest(src.sha256())


def _settings(store: Store):
    from monitor.ops.settings import load

    return load(store)


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
) -> ImportReport:
    """Import one export file in one transaction and report what happened.

    ``account`` and ``assume_tz`` override the stored settings; ``mapping`` reads any other
    CSV/XLSX; ``post_id`` fills the post for exports that carry none (Graph API, Instaloader).
    Raises ``IngestError`` for a file that cannot be imported; the store is then unchanged.
    """
    settings = _settings(store)
    src = reading.as_source(source, file_name)
    reading.check_size(src, settings.max_upload_mb)
    account = account if account is not None else settings.account
    try:
        plan = _plan(
            src,
            account=account,
            assume_tz=assume_tz or settings.assume_tz,
            mapping=mapping,
            post_id=post_id,
            max_cell_chars=settings.max_cell_chars,
        )
    except (IngestError, *_PARSE_ERRORS) as exc:
        raise _named(exc, src) from exc
    sha = ""  # the reader's last item
    pseudo = _pseudonymiser(settings.pseudonymise_authors, plan.ctx.account)
    size = max(src.size, 1)
    on_bytes = (lambda pos: progress(min(pos / size, 0.99))) if progress else None

    from monitor.store.aggregates import refresh_days

    read = new = updated = duplicate = 0
    rejections: list[tuple[int, str]] = []
    rejected = 0
    days: set[date] = set()
    owner_parents: set[str] = set()
    # A chunk being scored in the pool: (rows, their scores to come).
    pending: tuple[pd.DataFrame, scoring.ScoringJob] | None = None

    def store_pending(conn) -> None:
        nonlocal pending
        if pending is None:
            return
        rows, job = pending
        pending = None
        rows = _with_scores(rows, job.result(help_out=False))
        comment_store.write_comments(conn, rows)
        if written is not None:
            written.add(rows["comment_id"].tolist())
        days.update(ts.date() for ts in rows["day"].drop_duplicates())

    if size >= BACKGROUND_READ_BYTES and reader_process.available():
        # the child parses while this process stores (forked before the pool's thread exists)
        chunks = reader_process.run(
            lambda on_pos: _parsed_then_hashed(src, plan, on_pos), on_bytes, src.name
        )
    else:
        chunks = _parsed_then_hashed(src, plan, on_bytes)
    if size >= BACKGROUND_READ_BYTES:
        scoring.prestart_pool()
    with store.begin() as conn:
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
        )
        for item in chunks:
            if isinstance(item, _Digest):
                sha = item.sha256
                continue
            n_raw, canon, bad = item
            read += n_raw
            if settings.max_rows_per_import and read > settings.max_rows_per_import:
                raise IngestError(
                    f"more than {settings.max_rows_per_import} comments in one file "
                    "(setting max_rows_per_import); split the export",
                    file_name=src.name,
                )
            rejected += len(bad)
            rejections.extend(bad[: max(0, MAX_REJECTIONS_KEPT - len(rejections))])
            if canon.empty:
                continue
            canon["import_id"] = import_id
            owners = canon[canon["is_owner_reply"] & canon["parent_id"].notna()]
            owner_parents.update(owners["parent_id"].tolist())
            # The previous chunk is stored while the pool scores this one, so this one is
            # classified first, counting the previous chunk's rows as stored.
            waiting = None
            if pending is not None:
                rows = pending[0]
                ids, likes = rows["comment_id"].tolist(), rows["like_count"].astype(int).tolist()
                waiting = dict(zip(ids, likes, strict=True))
            write, n, u, d = comment_store.classify(
                conn, canon, waiting, written.may_hold if written is not None else None
            )
            new, updated, duplicate = new + n, updated + u, duplicate + d
            job = None
            if not write.empty:
                if pseudo is not None:
                    write = pseudo(write)
                write = write.copy()
                job = scoring.submit(write["text"].tolist(), settings)
            store_pending(conn)
            if job is not None:
                pending = (write, job)
        if deferred:  # built while the pool scores the last chunk, which then updates them
            comment_store.restore_indexes(conn)
        store_pending(conn)
        if read == 0:
            raise IngestError("the file holds no comment rows", file_name=src.name)
        if rejected == read:
            first = "; ".join(f"row {r}: {why}" for r, why in rejections[:3])
            raise IngestError(
                f"none of the {read} rows could be used ({first})", file_name=src.name
            )
        days |= comment_store.refresh_first_replies(conn, import_id, owner_parents)
        refresh_days(conn, days)
        counts = {
            "rows_read": read,
            "rows_new": new,
            "rows_updated": updated,
            "rows_duplicate": duplicate,
            "rows_rejected": rejected,
        }
        details = {
            "rejections": rejections,
            "options": {
                "account": plan.ctx.account,
                "time_zone": plan.ctx.tz,
                "post_id": plan.ctx.post_id or plan.ctx.file_post_id,
                "mapping": mapping or None,
                "encoding": plan.det.encoding,
                "delimiter": plan.det.delimiter,
            },
        }
        comment_store.finish_import(conn, import_id, counts, details, sha256=sha)
    if progress:
        progress(1.0)
    return ImportReport(
        import_id=import_id,
        file_name=src.name,
        source_format=plan.fmt_name,
        sha256=sha,
        rejections=rejections,
        **counts,
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
) -> pd.DataFrame:
    """The first ``n`` rows as they would be stored (canonical columns, ``day`` and scores,
    with the lexicon of ``settings``)."""
    src = reading.as_source(source, file_name)
    try:
        plan = _plan(
            src,
            account=account or "",
            assume_tz=assume_tz or "",
            mapping=mapping,
            post_id=post_id,
            max_cell_chars=max_cell_chars,
        )
    except (IngestError, *_PARSE_ERRORS) as exc:
        raise _named(exc, src) from exc
    for _, canon, _ in _parsed(src, plan, None):
        canon = canon.head(n).copy()
        canon["import_id"] = None
        return _score(canon, settings or scoring.ScoringConfig())
    return pd.DataFrame()
