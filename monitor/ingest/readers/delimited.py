"""Delimited text (CSV, semicolon, tab): delimiter and header row from a sample, then chunks."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest.readers.source import SAMPLE_BYTES, Source

MAX_COLUMNS = 2000  # a header with more fields than this is not a comment export
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 30  # banner rows above the header in spreadsheet exports


@dataclass(frozen=True)
class TextLayout:
    encoding: str
    delimiter: str
    header_row: int  # 0-based line (record) index of the header
    columns: list[str]


def _rows(sample: str, delimiter: str, limit: int = HEADER_SEARCH_ROWS + 20) -> list[list[str]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def sniff_layout(
    sample: str, encoding: str, is_header: Callable[[list[str]], bool], file_name: str
) -> TextLayout:
    """Find delimiter and header row: a known exporter's header wins, else the most consistent split."""
    first_line = sample.split("\n", 1)[0]
    if first_line.count(",") + first_line.count(";") + first_line.count("\t") > MAX_COLUMNS:
        raise IngestError(
            f"the header has more than {MAX_COLUMNS} columns; this is not a comment export",
            file_name=file_name,
        )
    if "\n" not in sample and "\r" not in sample and len(sample) >= SAMPLE_BYTES // 2:
        raise IngestError(
            "no line break in the first MB; this is not a CSV export", file_name=file_name
        )
    parsed = {d: _rows(sample, d) for d in DELIMITERS}
    for d in DELIMITERS:
        for i, row in enumerate(parsed[d][:HEADER_SEARCH_ROWS]):
            if len(row) > 1 and is_header(row):
                return TextLayout(encoding, d, i, [c.strip() for c in row])
    best: tuple[tuple[int, int, int], str, int] | None = None
    for d in DELIMITERS:
        rows = [r for r in parsed[d] if any(c.strip() for c in r)]
        if not rows:
            continue
        lengths = [len(r) for r in rows]
        modal = max(set(lengths), key=lengths.count)
        if modal < 2:
            continue
        header = next(i for i, r in enumerate(parsed[d]) if len(r) == modal)
        score = (lengths.count(modal), modal, -header)
        if best is None or score > best[0]:
            best = (score, d, header)
    if best is None:
        raise IngestError(
            "no table found: expected a header row with columns separated by comma, "
            "semicolon or tab",
            file_name=file_name,
        )
    _, d, header = best
    return TextLayout(encoding, d, header, [c.strip() for c in parsed[d][header]])


def iter_csv(
    src: Source,
    layout: TextLayout,
    chunksize: int,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Data chunks as all-string frames, with the spreadsheet row number of each chunk's first row."""

    fh = src.open()
    try:
        reader = pd.read_csv(
            fh,
            sep=layout.delimiter,
            encoding=layout.encoding,
            encoding_errors="replace",
            skiprows=layout.header_row,
            header=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            chunksize=chunksize,
            skip_blank_lines=True,
            engine="c",
        )
        first_row = layout.header_row + 2  # 1-based, the header itself is one row
        for chunk in reader:
            chunk.columns = [str(c).strip() for c in chunk.columns]
            yield first_row, chunk
            first_row += len(chunk)
            if on_progress:
                with contextlib.suppress(OSError, ValueError):
                    on_progress(fh.tell())
    except pd.errors.ParserError as exc:
        raise IngestError(f"malformed CSV: {exc}", file_name=src.name) from exc
    except pd.errors.EmptyDataError as exc:
        raise IngestError("the file has no rows", file_name=src.name) from exc
    finally:
        fh.close()
