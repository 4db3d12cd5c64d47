"""Reading a planned file into chunks of canonical rows: read -> format's raw frame -> finalise.

CSV comes in pandas chunks of ``CHUNK_ROWS`` rows, JSON in batches of ``JSON_BATCH`` comment
objects (streamed, never the whole file at once), so memory stays flat however large the
export is. Any parsing failure becomes an ``IngestError`` naming the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import ijson
import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest.formats import JsonFormat, TableFormat
from monitor.ingest.plan import PARSE_ERRORS, Plan, named
from monitor.ingest.readers import delimited
from monitor.ingest.readers.json_stream import (
    Decoded,
    JSONStreamError,
    ijson_blocks,
    ijson_error,
    iter_json_blocks,
    iter_json_decoded,
    open_json,
    stream_error,
)
from monitor.ingest.readers.source import Source
from monitor.ingest.rows import Context, finalise, records_frame

CHUNK_ROWS = 50_000
JSON_BATCH = 30_000  # JSON comment objects per batch (each may carry replies)

Progress = Callable[[int], None] | None  # told the byte position reached


# --- raw frames ---------------------------------------------------------------------------


def _csv_chunks(
    src: Source, plan: Plan, table: TableFormat, progress: Progress
) -> Iterator[pd.DataFrame]:
    det = plan.det
    layout = delimited.TextLayout(det.encoding, det.delimiter, det.header_row, det.columns)
    for first_row, chunk in delimited.iter_csv(src, layout, CHUNK_ROWS, progress):
        yield table.to_raw(chunk, first_row, plan.ctx)


def _sheet_chunks(plan: Plan, table: TableFormat) -> Iterator[pd.DataFrame]:
    det = plan.det
    data = plan.sheet.iloc[det.header_row + 1 :].dropna(how="all")
    data.columns = det.columns
    for start in range(0, len(data), CHUNK_ROWS):
        part = data.iloc[start : start + CHUNK_ROWS]
        raw = table.to_raw(part.reset_index(drop=True), 0, plan.ctx)
        sheet_rows = part.index.to_numpy() + 1  # the sheet's own (1-based) row numbers
        raw["row"] = sheet_rows[raw["row"].to_numpy(dtype="int64")]  # replies: their parent's
        yield raw


def _json_blocks(fh: IO[bytes], plan: Plan, fmt: JsonFormat) -> Iterator[list]:
    """The file's elements in lists: typed by the format's decoder where it has one."""
    det = plan.det
    if det.json_prefix == "item" and fmt.decode_block is not None:  # a top-level array
        return iter_json_decoded(fh, fmt.decode_block)
    if det.json_prefix in ("", "item"):
        return iter_json_blocks(fh, lines=det.json_lines)
    return ijson_blocks(fh, det.json_prefix)  # the comments of pages


def _json_chunks(
    src: Source, plan: Plan, fmt: JsonFormat, progress: Progress
) -> Iterator[pd.DataFrame]:
    fh = open_json(src)
    try:
        batches = _Batches(fmt, plan.ctx)
        for whole in _json_blocks(fh, plan, fmt):
            typed = isinstance(whole, Decoded)
            for start in range(0, len(whole), JSON_BATCH):
                yield from batches.take(whole[start : start + JSON_BATCH], typed)
                if batches.full():
                    yield batches.flush()
                    if progress:
                        progress(fh.tell())
        if batches:
            yield batches.flush()
    except JSONStreamError as exc:
        raise stream_error(src, exc) from exc
    except ijson.JSONError as exc:
        raise ijson_error(src, exc) from exc
    finally:
        fh.close()


class _Batches:
    """JSON elements gathered into batches, each read by the format as one raw frame;
    anything but an object is a rejected row.

    Blocks come as lists, so the common case (all objects) costs no Python per element. A
    ``Decoded`` block holds the format's own typed objects; a batch never mixes those with dicts.
    """

    def __init__(self, fmt: JsonFormat, ctx: Context) -> None:
        self.fmt, self.ctx = fmt, ctx
        self.items: list = []
        self.numbers: list[int] = []
        self.odd: list[dict] = []
        self.number = 0  # elements seen
        self.typed = False  # whether ``items`` holds typed objects

    def __bool__(self) -> bool:
        return bool(self.items or self.odd)

    def full(self) -> bool:
        return len(self.items) + len(self.odd) >= JSON_BATCH

    def take(self, block: list, typed: bool) -> Iterator[pd.DataFrame]:
        """Add a block; a batch of the other kind is flushed first."""
        if self.items and typed != self.typed:
            yield self.flush()
        self.typed = typed
        first = self.number + 1
        self.number += len(block)
        if typed or all(isinstance(v, dict) for v in block):
            self.items.extend(block)
            self.numbers.extend(range(first, self.number + 1))
            return
        for n, v in enumerate(block, start=first):
            if isinstance(v, dict):
                self.items.append(v)
                self.numbers.append(n)
            else:
                self.odd.append({"row": n, "text": None, "created": None})

    def flush(self) -> pd.DataFrame:
        parts = []
        if self.items:
            parts.append(self.fmt.frame(self.items, self.numbers, self.ctx))
        if self.odd:
            parts.append(records_frame(self.odd))
        self.items, self.numbers, self.odd = [], [], []
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def raw_chunks(src: Source, plan: Plan, progress: Progress) -> Iterable[pd.DataFrame]:
    """Raw frames (``rows.RAW_COLUMNS``), one chunk at a time."""
    if plan.json is not None:
        return _json_chunks(src, plan, plan.json, progress)
    if plan.det.kind == "xlsx":
        return _sheet_chunks(plan, plan.table)
    return _csv_chunks(src, plan, plan.table, progress)


# --- canonical rows -----------------------------------------------------------------------


def parsed(
    src: Source, plan: Plan, progress: Progress
) -> Iterator[tuple[int, pd.DataFrame, list[tuple[int, str]]]]:
    """Finalised chunks: (raw rows read, canonical rows, rejections as (row, reason))."""
    chunks = iter(raw_chunks(src, plan, progress))
    while True:
        try:
            raw = next(chunks)
        except StopIteration:
            return
        except (IngestError, *PARSE_ERRORS) as exc:
            raise named(exc, src) from exc
        try:
            canon, bad = finalise(raw, plan.ctx)
        except PARSE_ERRORS as exc:
            raise named(exc, src) from exc
        yield len(raw), canon, bad


@dataclass(frozen=True)
class Digest:
    """The file's SHA-256, the last item of ``parsed_then_hashed``."""

    sha256: str


def parsed_then_hashed(src: Source, plan: Plan, progress: Progress) -> Iterator[tuple | Digest]:
    """``parsed``'s chunks, then the file's digest: hashed once parsing is done, so in the
    reader child it is off the importing process's path (the file is in the page cache)."""
    yield from parsed(src, plan, progress)
    yield Digest(src.sha256())
