"""Delimited text (CSV, semicolon, tab, pipe): delimiter and header row from a sample, then chunks.

Bounds, checked before the parser allocates anything in proportion to them: the header, found
by any delimiter and below any banner, has at most ``MAX_COLUMNS`` fields, and no data row in
the sample has more fields than the header (pandas would otherwise turn the surplus into an
index of as many levels); every line is at most ``text.MAX_LINE_BYTES`` long (``TextStream``);
a chunk holds at most ``MAX_CHUNK_CELLS`` cells, so a wide file comes in shorter chunks.

A bare carriage return inside a field of a file whose lines end in ``\n`` (or ``\r\n``) is
part of the field, not a line break, so a comment holding one is read whole.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest.readers.notes import Notes
from monitor.ingest.readers.source import SAMPLE_BYTES, Source
from monitor.ingest.readers.text import TextStream

MAX_COLUMNS = 2000  # a header with more fields than this is not a comment export
MAX_CHUNK_CELLS = 2_000_000  # cells per chunk (50,000 rows of 40 columns)
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 30  # banner rows above the header in spreadsheet exports
_FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class TextLayout:
    encoding: str
    delimiter: str
    header_row: int  # 0-based line (record) index of the header
    columns: list[str]
    newline: str = "\n"  # the line break: "\n" (also for "\r\n") or "\r" (old Mac files)


def chunk_rows(columns: int, most: int) -> int:
    """Rows per chunk for a table of ``columns`` columns: ``most``, fewer for a wide table."""
    return max(1, min(most, MAX_CHUNK_CELLS // max(columns, 1)))


def newline_of(sample: str) -> str:
    """``"\n"`` when the sample's lines end in it (or in ``"\r\n"``), ``"\r"`` when only in CR."""
    return "\r" if "\n" not in sample and "\r" in sample else "\n"


def _rows(sample: str, delimiter: str, limit: int = HEADER_SEARCH_ROWS + 20) -> list[list[str]]:
    rows: list[list[str]] = []
    if "\n" in sample:  # a bare CR is data, as the parser will read it (see the docstring)
        lines = io.StringIO(sample.replace("\r\n", "\n").replace("\r", " "), newline="\n")
    else:
        lines = io.StringIO(sample, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
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
    """Find delimiter and header row: a known exporter's header wins, else the most consistent split.

    Refuses a header wider than ``MAX_COLUMNS`` and a data row (in the sample) wider than its
    header, whatever the delimiter and however many banner rows sit above.
    """
    if "\n" not in sample and "\r" not in sample and len(sample) >= SAMPLE_BYTES // 2:
        if max(sample.count(d) for d in DELIMITERS) >= MAX_COLUMNS:
            raise IngestError(
                f"the header has more than {MAX_COLUMNS} columns in its first MB; this is not "
                "a comment export",
                file_name=file_name,
            )
        raise IngestError(
            "no line break in the first MB; this is not a CSV export", file_name=file_name
        )
    newline = newline_of(sample)
    parsed = {d: _rows(sample, d) for d in DELIMITERS}
    for d in DELIMITERS:
        for i, row in enumerate(parsed[d][:HEADER_SEARCH_ROWS]):
            if len(row) > 1 and is_header(row):
                return _checked(
                    TextLayout(encoding, d, i, [c.strip() for c in row], newline),
                    parsed[d],
                    file_name,
                )
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
    layout = TextLayout(encoding, d, header, [c.strip() for c in parsed[d][header]], newline)
    return _checked(layout, parsed[d], file_name)


def _checked(layout: TextLayout, rows: list[list[str]], file_name: str) -> TextLayout:
    """``layout`` if its header and the sample's data rows are within bounds, else an error."""
    width = len(layout.columns)
    if width > MAX_COLUMNS:
        raise IngestError(
            f"the header (line {layout.header_row + 1}) has {width} columns; more than "
            f"{MAX_COLUMNS} is not a comment export",
            file_name=file_name,
        )
    for i, row in enumerate(rows[layout.header_row + 1 :], start=layout.header_row + 2):
        if len(row) > width:
            raise IngestError(
                f"line {i} has {len(row)} fields but the header has {width}; "
                "the extra fields would be lost",
                file_name=file_name,
                row=i,
            )
    return layout


def iter_csv(
    src: Source,
    layout: TextLayout,
    chunksize: int,
    on_progress: Callable[[int], None] | None = None,
    notes: Notes | None = None,
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Data chunks as all-string frames, with the spreadsheet row number of each chunk's first row.

    ``notes`` gathers what reading decided (lines read as cp1252); chunks hold at most
    ``MAX_CHUNK_CELLS`` cells.
    """
    fh = src.open()
    stream = TextStream(
        fh,
        layout.encoding,
        layout.newline.encode(),
        src.name,
        notes if notes is not None else Notes(),
    )
    crlf = layout.newline == "\n"  # a CRLF line leaves its CR on the last field: removed below
    try:
        reader = pd.read_csv(
            stream,
            sep=layout.delimiter,
            encoding="utf-8",
            encoding_errors="strict",
            lineterminator=layout.newline,
            skiprows=layout.header_row,
            header=0,
            index_col=False,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            chunksize=chunk_rows(len(layout.columns), chunksize),
            skip_blank_lines=True,
            engine="c",
        )
        first_row = layout.header_row + 2  # 1-based, the header itself is one row
        for chunk in reader:
            n_read = len(chunk)
            chunk.columns = [str(c).strip() for c in chunk.columns]
            if crlf and len(chunk.columns):
                chunk = _without_crs(chunk)
            yield first_row, chunk
            first_row += n_read
            if on_progress:
                with contextlib.suppress(OSError, ValueError):
                    on_progress(stream.tell())
    except pd.errors.ParserError as exc:
        raise IngestError(_parser_message(exc), file_name=src.name) from exc
    except pd.errors.EmptyDataError as exc:
        raise IngestError("the file has no rows", file_name=src.name) from exc
    finally:
        fh.close()


def _without_crs(chunk: pd.DataFrame) -> pd.DataFrame:
    """The chunk without the CR a CRLF line break leaves on the last field, and without the
    rows of blank CRLF lines (which the parser, ending lines at LF, does not skip)."""
    last = chunk.iloc[:, -1]
    if last.str.endswith("\r").any():
        chunk.isetitem(chunk.shape[1] - 1, last.str.removesuffix("\r"))
    first = chunk.iloc[:, 0]
    maybe_blank = first.eq("") | first.eq("\r")
    if maybe_blank.any():
        blank = maybe_blank & chunk.iloc[:, 1:].eq("").all(axis=1)
        if blank.any():
            chunk = chunk[~blank]
    return chunk


def _parser_message(exc: Exception) -> str:
    m = _FIELDS_ERROR.search(str(exc))
    if m:
        want, line, saw = m.groups()
        return f"malformed CSV: line {line} has {saw} fields but the header has {want}"
    return f"malformed CSV: {exc}"
