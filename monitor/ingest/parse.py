"""Reading a planned file into chunks of canonical rows: read -> format's raw frame -> finalise.

CSV comes in pandas chunks of ``CHUNK_ROWS`` rows (fewer for a wide file), XLSX in chunks of
as many sheet rows streamed from the workbook, JSON in batches of ``JSON_BATCH`` comment
objects (streamed, never the whole file at once), so memory stays flat however large the
export is. Any parsing failure becomes an ``IngestError`` naming the file. What reading
decided without refusing (``readers.notes``) travels with each chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import ijson
import numpy as np
import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest.formats import JsonFormat, TableFormat
from monitor.ingest.plan import PARSE_ERRORS, Plan, named
from monitor.ingest.readers import delimited, workbook
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
from monitor.ingest.readers.notes import Notes
from monitor.ingest.readers.source import Source
from monitor.ingest.rows import Context, finalise, records_frame

CHUNK_ROWS = 50_000
XLSX_CHUNK_ROWS = 10_000  # a sheet streams slowly, so a smaller chunk costs nothing and a
# file over the row limit is refused nearer the limit
JSON_BATCH = 30_000  # JSON comment objects per batch (each may carry replies); a format whose
# elements are whole pages says how many of those make a batch (``JsonFormat.batch_elements``)

Progress = Callable[[int], None] | None  # told the byte position reached


# --- raw frames ---------------------------------------------------------------------------


def _csv_chunks(
    src: Source, plan: Plan, table: TableFormat, progress: Progress, notes: Notes, most: int
) -> Iterator[pd.DataFrame]:
    det = plan.det
    layout = delimited.TextLayout(
        det.encoding, det.delimiter, det.header_row, det.columns, det.newline or "\n"
    )
    for first_row, chunk in delimited.iter_csv(src, layout, most, progress, notes):
        yield table.to_raw(chunk, first_row, plan.ctx)


def _sheet_chunks(plan: Plan, src: Source, table: TableFormat, most: int) -> Iterator[pd.DataFrame]:
    """The sheet's data rows (below the header, blank ones left out), streamed in chunks."""
    det = plan.det
    width = len(det.columns)
    size = delimited.chunk_rows(width, min(most, XLSX_CHUNK_ROWS))
    rows: list[list] = []
    numbers: list[int] = []

    def chunk() -> pd.DataFrame:
        part = pd.DataFrame(rows, columns=det.columns, dtype=object)
        raw = table.to_raw(part, 0, plan.ctx)
        sheet_rows = np.asarray(numbers, dtype="int64")  # the sheet's own (1-based) row numbers
        raw["row"] = sheet_rows[raw["row"].to_numpy(dtype="int64")]  # replies: their parent's
        return raw

    for number, cells in workbook.iter_rows(src, plan.book, delimited.MAX_COLUMNS):
        if number <= det.header_row + 1:
            continue
        if len(cells) != width:  # cells right of the header have no column; short rows pad
            cells = cells[:width] if len(cells) > width else cells + [None] * (width - len(cells))
        rows.append(cells)
        numbers.append(number)
        if len(rows) >= size:
            yield chunk()
            rows, numbers = [], []
    if rows:
        yield chunk()


def _json_blocks(fh: IO[bytes], plan: Plan, fmt: JsonFormat, notes: Notes) -> Iterator[list]:
    """The file's elements in lists: typed by the format's decoder where it has one."""
    det = plan.det
    if det.json_prefix == "item" and fmt.decode_block is not None:  # a top-level array
        return iter_json_decoded(fh, fmt.decode_block, notes)
    if det.json_prefix in ("", "item"):
        return iter_json_blocks(fh, lines=det.json_lines, notes=notes)
    return ijson_blocks(fh, det.json_prefix)  # the comments of pages


def _json_chunks(
    src: Source, plan: Plan, fmt: JsonFormat, progress: Progress, notes: Notes
) -> Iterator[pd.DataFrame]:
    fh = open_json(src)
    size = fmt.batch_elements or JSON_BATCH
    try:
        batches = _Batches(fmt, plan.ctx, size)
        for whole in _json_blocks(fh, plan, fmt, notes):
            typed = isinstance(whole, Decoded)
            for start in range(0, len(whole), size):
                yield from batches.take(whole[start : start + size], typed)
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

    def __init__(self, fmt: JsonFormat, ctx: Context, size: int = JSON_BATCH) -> None:
        self.fmt, self.ctx, self.size = fmt, ctx, size
        self.items: list = []
        self.numbers: list[int] = []
        self.odd: list[dict] = []
        self.number = 0  # elements seen
        self.typed = False  # whether ``items`` holds typed objects

    def __bool__(self) -> bool:
        return bool(self.items or self.odd)

    def full(self) -> bool:
        return len(self.items) + len(self.odd) >= self.size

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


def raw_chunks(
    src: Source, plan: Plan, progress: Progress, notes: Notes | None = None, most: int = CHUNK_ROWS
) -> Iterable[pd.DataFrame]:
    """Raw frames (``rows.RAW_COLUMNS``), one chunk (of at most ``most`` table rows) at a time;
    ``notes`` gathers what reading decided."""
    notes = notes if notes is not None else Notes()
    if plan.json is not None:
        return _json_chunks(src, plan, plan.json, progress, notes)
    if plan.det.kind == "xlsx":
        return _sheet_chunks(plan, src, plan.table, most)
    return _csv_chunks(src, plan, plan.table, progress, notes, most)


# --- canonical rows -----------------------------------------------------------------------


def parsed(
    src: Source, plan: Plan, progress: Progress, most: int = CHUNK_ROWS
) -> Iterator[tuple[int, pd.DataFrame, list[tuple[int, str]], Notes]]:
    """Finalised chunks: (raw rows read, canonical rows, rejections as (row, reason), notes)."""
    notes = Notes()
    chunks = iter(raw_chunks(src, plan, progress, notes, most))
    while True:
        try:
            raw = next(chunks)
        except StopIteration:
            return
        except (IngestError, *PARSE_ERRORS) as exc:
            raise named(exc, src) from exc
        chunk_notes = notes.take()
        try:
            canon, bad = finalise(raw, plan.ctx, chunk_notes)
        except PARSE_ERRORS as exc:
            raise named(exc, src) from exc
        yield len(raw), canon, bad, chunk_notes


@dataclass(frozen=True)
class Digest:
    """The file's SHA-256, the last item of ``parsed_then_hashed``."""

    sha256: str


def parsed_then_hashed(
    src: Source, plan: Plan, progress: Progress, most: int = CHUNK_ROWS
) -> Iterator[tuple | Digest]:
    """``parsed``'s chunks, then the file's digest: hashed once parsing is done, so in the
    reader child it is off the importing process's path (the file is in the page cache)."""
    yield from parsed(src, plan, progress, most)
    yield Digest(src.sha256())
