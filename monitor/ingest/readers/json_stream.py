"""Streaming the elements of a top-level JSON array (or the values of JSON lines), block by block."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import IO

import ijson
import numpy as np

from monitor.core.errors import IngestError
from monitor.ingest.readers.notes import Notes
from monitor.ingest.readers.source import Source
from monitor.ingest.readers.text import MixedDecoder

JSON_BLOCK = 4 << 20  # bytes read at a time
_SKIP = re.compile(r"[\s,]*")
_SKIP_BYTES = re.compile(rb"[\s,]*")
_WS = re.compile(rb"\s*")
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


def iter_json_decoded(
    fh: IO[bytes], decode: Callable[[bytes], list], notes: Notes | None = None
) -> Iterator[list]:
    """The elements of a top-level JSON array, decoded block by block straight from bytes.

    ``decode`` is a format's typed decoder: it reads only the fields Citra uses and skips the
    rest without building Python objects for them, which makes a large export several times
    cheaper than ``iter_json_blocks``. Its blocks come as ``Decoded`` lists.

    A block's end is first guessed (a ``}`` before ``, {``); once a guess has landed inside an
    element (nested replies look alike), the ends are found exactly for the rest of the file.
    A block ``decode`` rejects (an element of an unexpected shape) is parsed by the standard
    library instead and comes as a plain list. Anything the standard parser rejects too (bad
    UTF-8, a malformed or truncated file) hands the rest of the stream to
    ``iter_json_blocks``, which reads whatever can be read and says precisely what is wrong
    (and reads bytes that are not UTF-8 as cp1252, counting them into ``notes``).
    """
    buf = fh.read(JSON_BLOCK)
    pos = _WS.match(buf).end()
    if buf[pos : pos + 1] != b"[":
        yield from iter_json_blocks(_Prefixed(buf, fh), lines=False, notes=notes)
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
    yield from iter_json_blocks(_Prefixed(buf[pos:], fh), lines=False, in_array=True, notes=notes)


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


def iter_json_blocks(
    fh: IO[bytes], *, lines: bool, in_array: bool = False, notes: Notes | None = None
) -> Iterator[list]:
    """The elements of a top-level JSON array (or the values of a JSON-lines file), one by one.

    Each element is parsed by the standard library's C decoder straight from a text buffer
    refilled block by block: several times faster than an event parser, and memory holds one
    block plus the element being read. ``in_array``: ``fh`` starts inside the array, after
    its opening bracket. Bytes that are not UTF-8 are read as cp1252 and counted into ``notes``
    (``text.MixedDecoder``), never replaced silently.
    """
    decoder = json.JSONDecoder()
    text_decoder = MixedDecoder(notes)
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


# --- opening, the event parser's path, and the errors people read --------------------------


def open_json(src: Source) -> IO[bytes]:
    """The file positioned after a UTF-8 BOM (the JSON parsers do not skip one)."""
    fh = src.open()
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    return fh


def ijson_blocks(fh: IO[bytes], prefix: str, size: int = 1000) -> Iterator[list]:
    """The objects at ``prefix`` (an ijson path such as ``data.item``) in lists of ``size``,
    the shape the other readers give; of every JSON value in the file (pages one per line)."""
    items = ijson.items(fh, prefix, use_float=True, multiple_values=True)
    while block := list(itertools.islice(items, size)):
        yield block


def ijson_error(src: Source, exc: Exception) -> IngestError:
    """The readable error for a failure of the event parser (``ijson``)."""
    text = str(exc)
    if "premature" in text.lower() or "incomplete json content" in text.lower():
        return IngestError("the JSON ends too early (the file looks truncated)", file_name=src.name)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return IngestError(f"invalid JSON ({first[:120]})", file_name=src.name)


def stream_error(src: Source, exc: JSONStreamError) -> IngestError:
    """The readable error for a failure of ``iter_json_blocks`` or ``iter_json_decoded``."""
    if exc.truncated:
        return IngestError("the JSON ends too early (the file looks truncated)", file_name=src.name)
    return IngestError(f"invalid JSON ({exc})", file_name=src.name)
