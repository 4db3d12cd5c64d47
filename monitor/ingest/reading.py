"""Reading an uploaded file: what kind it is, its encoding and delimiter, its header row.

Everything here works from the file's *content* (magic bytes, a decoded sample), never its
name, so a ``.csv`` that is really a workbook or a ``.txt`` holding JSON is still read right.
Files are opened lazily and read in chunks so a large export never sits in memory twice.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from monitor.core.errors import IngestError

SAMPLE_BYTES = 1 << 20  # the header must be found in the first MiB
MAX_COLUMNS = 2000  # a header with more fields than this is not a comment export
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 30  # banner rows above the header in spreadsheet exports


@dataclass(frozen=True)
class Source:
    """A file to import: a path on disk or bytes from an upload, opened on demand."""

    name: str
    size: int
    _path: Path | None = None
    _data: bytes | None = None

    def open(self) -> IO[bytes]:
        if self._path is not None:
            return open(self._path, "rb")  # noqa: SIM115 - caller closes
        return io.BytesIO(self._data or b"")

    def head(self, n: int = SAMPLE_BYTES) -> bytes:
        with self.open() as fh:
            return fh.read(n)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def as_source(source: str | Path | bytes | Source, file_name: str | None = None) -> Source:
    """Wrap a path or uploaded bytes; a missing path is a clear error, not a traceback."""
    if isinstance(source, Source):
        return source
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return Source(name=file_name or "upload", size=len(data), _data=data)
    path = Path(source)
    if not path.is_file():
        raise IngestError("file not found", file_name=str(source))
    return Source(name=file_name or path.name, size=os.path.getsize(path), _path=path)


def check_size(src: Source, max_mb: int) -> None:
    """Refuse files over the configured upload limit before reading a byte of them."""
    if max_mb and src.size > max_mb * 1024 * 1024:
        raise IngestError(
            f"file is {src.size / 1024 / 1024:.1f} MB; the limit is {max_mb} MB "
            "(setting max_upload_mb). Split the export or raise the limit.",
            file_name=src.name,
        )


# --- kind and encoding -----------------------------------------------------------------


def sniff_kind(head: bytes) -> str:
    """'xlsx', 'json', 'text' from magic bytes; raises for empty, old .xls and binary data."""
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise IngestError("the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError("this is an old Excel .xls workbook; save it as .xlsx or CSV first")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 text (Excel's "Unicode text")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    sample = head[:65536]
    if b"\x00" in sample:
        raise IngestError("not a CSV, XLSX or JSON file (binary content)")
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if control > max(8, len(sample) // 100):
        raise IngestError("not a CSV, XLSX or JSON file (binary content)")
    return "text"


def sniff_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16, else Excel's cp1252 (latin-1 as last resort)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_sample(head: bytes, encoding: str) -> str:
    """The sample as text, cut at the last complete line."""
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    if len(head) >= SAMPLE_BYTES:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    return text


# --- CSV layout -------------------------------------------------------------------------


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


# --- XLSX -------------------------------------------------------------------------------


def read_xlsx(src: Source) -> pd.DataFrame:
    """The first sheet, headerless, every cell as read (header search happens in detect)."""
    import zipfile

    with src.open() as fh:
        data = fh.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise IngestError(
                "this ZIP file is not an Excel .xlsx workbook (no xl/workbook.xml)",
                file_name=src.name,
            )
        return pd.read_excel(io.BytesIO(data), header=None, dtype=object, engine="openpyxl")
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise IngestError(f"the workbook cannot be read ({exc})", file_name=src.name) from exc


# --- JSON nesting -----------------------------------------------------------------------

MAX_JSON_DEPTH = (
    64  # comment exports nest 5 or 6 levels; the streaming parser is quadratic in depth
)
_KEEP = b'[]{}"\\'
_DROP = bytes(b for b in range(256) if b not in _KEEP)


def check_json_depth(src: Source, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse absurdly nested JSON before streaming it (a nesting bomb would exhaust memory).

    Works on a reduced byte stream (brackets, quotes and backslashes only), so even a large
    export is scanned in well under a second; brackets inside strings are ignored.
    """
    import numpy as np

    depth = 0
    inside = 0
    tail = b""
    with src.open() as fh:
        for block in iter(lambda: fh.read(8 << 20), b""):
            reduced = tail + block.translate(None, _DROP)
            tail = b""
            if reduced.endswith(b"\\"):  # an escape cut by the block boundary
                reduced, tail = reduced[:-1], b"\\"
            reduced = reduced.replace(b"\\\\", b"").replace(b'\\"', b"").replace(b"\\", b"")
            if not reduced:
                continue
            arr = np.frombuffer(reduced, dtype=np.uint8)
            quote = arr == ord('"')
            in_string = (np.cumsum(quote) + inside) % 2 == 1
            inside = int((int(quote.sum()) + inside) % 2)
            opens = ((arr == ord("[")) | (arr == ord("{"))) & ~in_string
            closes = ((arr == ord("]")) | (arr == ord("}"))) & ~in_string
            level = np.cumsum(opens.astype(np.int64) - closes.astype(np.int64)) + depth
            if level.size and int(level.max()) > limit:
                raise IngestError(
                    f"the JSON is nested more than {limit} levels deep; this is not a comment export",
                    file_name=src.name,
                )
            depth = int(level[-1]) if level.size else depth


# --- fast streaming of a top-level JSON array (or JSON lines) -----------------------------

JSON_BLOCK = 4 << 20
_SKIP = re.compile(r"[\s,]*")


_ITEM_GAP = re.compile(r"\s*,\s*\{")
_ITEM_GAP_BYTES = re.compile(rb"\s*,\s*\{")


def _last_item_end(buf: str | bytes, start: int) -> int:
    """Index just past the last ``}`` in ``buf`` that is followed by ``, {`` (a likely element end).

    Only a guess: a ``}`` inside a string or a nested object also matches, but then the bulk
    parse of ``[...]`` fails (unbalanced) and the caller falls back to element-by-element.
    """
    brace, gap = ("}", _ITEM_GAP) if isinstance(buf, str) else (b"}", _ITEM_GAP_BYTES)
    end = len(buf)
    for _ in range(8):
        at = buf.rfind(brace, start, end)
        if at < 0:
            return -1
        if gap.match(buf, at + 1):
            return at + 1
        end = at
    return -1


class JSONStreamError(ValueError):
    """The JSON stream is truncated (``truncated=True``) or invalid."""

    def __init__(self, message: str, truncated: bool):
        super().__init__(message)
        self.truncated = truncated


class Decoded(list):
    """Elements a format's typed decoder produced: all comment objects, in that format's type."""


class _Prefixed:
    """A byte stream giving ``head`` first, then the rest of ``fh``."""

    def __init__(self, head: bytes, fh: IO[bytes]):
        self._head, self._fh = head, fh

    def read(self, n: int) -> bytes:
        if self._head:
            out, self._head = self._head[:n], self._head[n:]
            return out
        return self._fh.read(n)


_WS = re.compile(rb"\s*")
_SKIP_BYTES = re.compile(rb"[\s,]*")


_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[[ord("{"), ord("[")]] = 1
_DEPTH_STEP[[ord("}"), ord("]")]] = -1


def _element_end(buf: bytes, start: int) -> int:
    """Index just past the last complete element of the array whose elements begin at ``start``
    (outside any string), or -1: the exact answer ``_last_item_end`` guesses.

    Escaped backslashes and quotes are blanked (same length, so positions hold); a bracket
    counts when an even number of quotes precedes it.
    """
    clean = buf[start:].replace(b"\\\\", b"__").replace(b'\\"', b"__")
    arr = np.frombuffer(clean, dtype=np.uint8)
    quotes = np.flatnonzero(arr == ord('"'))
    step = _DEPTH_STEP[arr]
    where = np.flatnonzero(step)
    where = where[np.searchsorted(quotes, where) % 2 == 0]
    depth = np.cumsum(step[where], dtype=np.int64)
    ends = where[(depth == 0) & (arr[where] == ord("}"))]
    return start + int(ends[-1]) + 1 if ends.size else -1


def iter_json_decoded(fh: IO[bytes], decode: Callable[[bytes], list]) -> Iterator[list]:
    """The elements of a top-level JSON array, decoded block by block straight from bytes.

    ``decode`` is a format's typed decoder: it reads only the fields Citra uses and skips the
    rest without building Python objects for them, which makes a large export several times
    cheaper than ``iter_json_blocks``. Its blocks come as ``Decoded`` lists.

    A block's end is first guessed (a ``}`` before ``, {``); once a guess has landed inside an
    element (nested replies look alike), the ends are found exactly for the rest of the file.
    A block ``decode`` rejects (an element of an unexpected shape) is parsed by the standard
    library instead and comes as a plain list. Anything the standard parser rejects too (bad
    UTF-8, a malformed or truncated file) hands the rest of the stream to
    ``iter_json_blocks``, which reads whatever can be read and says precisely what is wrong.
    """
    buf = fh.read(JSON_BLOCK)
    pos = _WS.match(buf).end()
    if buf[pos : pos + 1] != b"[":
        yield from iter_json_blocks(_Prefixed(buf, fh), lines=False)
        return
    pos, eof, exact = pos + 1, False, False
    while True:
        pos = _SKIP_BYTES.match(buf, pos).end()
        if buf[pos : pos + 1] == b"]":
            return
        cut = _element_end(buf, pos) if exact else _last_item_end(buf, pos)
        if cut < 0 and eof:  # the last elements: up to the array's closing bracket
            tail = buf.rstrip()
            cut = len(tail) - 1 if tail.endswith(b"]") and len(tail) - 1 > pos else -1
            if cut < 0:
                break
        elif cut < 0 and len(buf) - pos > 4 * JSON_BLOCK:
            break  # no object ends in sight (huge or non-object elements): the general reader
        elif cut < 0:
            more = fh.read(JSON_BLOCK)
            buf, pos, eof = buf[pos:] + more, 0, not more
            continue
        values = _decode_block(buf[pos:cut], decode)
        if values is None and not exact:
            exact = True
            cut = _element_end(buf, pos)
            if cut < 0:
                continue  # no complete element yet: read on
            values = _decode_block(buf[pos:cut], decode)
        if values is None:
            break
        yield values
        pos = cut
    yield from iter_json_blocks(_Prefixed(buf[pos:], fh), lines=False, in_array=True)


def _decode_block(elements: bytes, decode: Callable[[bytes], list]) -> list | None:
    """Comma-separated elements as a ``Decoded`` list, else as the standard parser reads them,
    else None."""
    part = b"[" + elements + b"]"
    try:
        return Decoded(decode(part))
    except ValueError:
        pass
    try:
        return json.loads(part)
    except (ValueError, RecursionError):
        return None


def iter_json_values(fh: IO[bytes], *, lines: bool) -> Iterator[object]:
    """The elements one by one (see ``iter_json_blocks``)."""
    for block in iter_json_blocks(fh, lines=lines):
        yield from block


def iter_json_blocks(fh: IO[bytes], *, lines: bool, in_array: bool = False) -> Iterator[list]:
    """The elements of a top-level JSON array (or the values of a JSON-lines file), one by one.

    Each element is parsed by the standard library's C decoder straight from a text buffer
    refilled block by block: several times faster than an event parser, and memory holds one
    block plus the element being read. ``in_array``: ``fh`` starts inside the array, after
    its opening bracket.
    """
    decoder = json.JSONDecoder()
    text_decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    buf, pos, eof, opened = "", 0, False, lines or in_array
    slow_until = 0  # after a failed bulk parse, go element by element up to here

    def refill() -> bool:
        nonlocal buf, pos, eof, slow_until
        if eof:
            return False
        block = fh.read(JSON_BLOCK)
        eof = not block
        slow_until = max(0, slow_until - pos)
        buf = buf[pos:] + text_decoder.decode(block, final=eof)
        pos = 0
        return True

    refill()
    while True:
        pos = _SKIP.match(buf, pos).end()
        if pos >= len(buf):
            if refill():
                continue
            if not opened:
                raise JSONStreamError("no JSON array found", truncated=False)
            if not lines:
                raise JSONStreamError("the JSON array is not closed", truncated=True)
            return
        if not opened:
            if buf[pos] != "[":
                raise JSONStreamError("expected a JSON array", truncated=False)
            opened, pos = True, pos + 1
            continue
        if buf[pos] == "]" and not lines:
            return
        if not lines and pos >= slow_until:
            cut = _last_item_end(buf, pos)
            if cut > pos:
                try:  # every complete element in the buffer at once (no Python per element)
                    values = json.loads("[" + buf[pos:cut] + "]")
                except (json.JSONDecodeError, RecursionError):
                    slow_until = cut  # the element by element path will say what is wrong
                else:
                    yield values
                    pos = cut
                    continue
        try:
            value, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            unterminated = exc.msg.startswith("Unterminated string")
            # near the block's end the value may just be cut (a keyword, an escape): read on
            if (unterminated or exc.pos >= len(buf) - 64) and refill():
                continue
            at_end = unterminated or exc.pos >= len(buf) - 1
            raise JSONStreamError(f"{exc.msg} at character {exc.pos}", truncated=at_end) from exc
        except RecursionError as exc:
            raise JSONStreamError("the JSON is nested too deeply", truncated=False) from exc
        cut = end >= len(buf) - 64 and not eof and not isinstance(value, dict | list)
        if cut and refill():  # a number may be cut by the block boundary: read it again whole
            continue
        yield [value]
        pos = end
