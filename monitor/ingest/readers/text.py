"""A delimited text file as the CSV parser reads it: UTF-8 bytes, every line bounded.

The file is read block by block and handed on as valid UTF-8 whatever it was written in, so
the parser never guesses an encoding and never replaces a byte silently:

* UTF-8 text passes through unchanged (a BOM is dropped); a line that is not valid UTF-8 is
  read as cp1252, Excel's Western encoding (the five bytes cp1252 leaves undefined as
  latin-1), wherever in the file it sits, and noted (``notes``). So a cp1252 file, a UTF-8
  file and one that mixes both (two exports pasted together) all read right, and the report
  says which lines were cp1252. The decision is per line, not per byte: cp1252 text rarely
  forms valid UTF-8 by accident, a whole line of it practically never.
* UTF-16 (with its BOM) is decoded and re-encoded; invalid sequences become U+FFFD, counted.
* A line longer than ``max_line`` bytes (a file without line breaks, a padded bomb) stops the
  read with an error naming the line, before the parser has to hold it.
"""

from __future__ import annotations

import codecs
import io
import threading
from typing import IO

import pyarrow as pa

from monitor.core.errors import IngestError
from monitor.ingest.readers.notes import Notes

READ_BLOCK = 1 << 20  # bytes read at a time; must not exceed the line bound
MAX_LINE_BYTES = 4 << 20  # no comment export writes a line this long

# cp1252, with the five bytes it leaves undefined read as latin-1 (as Windows itself does)
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_seen = threading.local()  # offsets the error handlers met, per thread (imports run in threads)


def _offsets() -> list[int]:
    offsets = getattr(_seen, "offsets", None)
    if offsets is None:
        offsets = _seen.offsets = []
    return offsets


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _offsets().append(exc.start)
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


def _replaced(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _offsets().append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("citra.cp1252", _as_cp1252)
codecs.register_error("citra.replace", _replaced)


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8: Arrow's validator, an order of magnitude faster than
    decoding (no string is built)."""
    if data.isascii():
        return True
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(
            full=True
        )
    except pa.ArrowInvalid:
        return False
    return True


def decode_lines(data: bytes, newline: bytes = b"\n") -> tuple[str, list[int]]:
    """``data`` line by line: as UTF-8 where a line is valid UTF-8, else as cp1252; and the
    0-based indexes of the lines read as cp1252."""
    if data.isascii():
        return data.decode("ascii"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    out, cp1252 = [], []
    for i, line in enumerate(data.split(newline)):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                cp1252.append(i)
                line = "".join(_CP1252[b] for b in line).encode("utf-8")
        out.append(line)
    return newline.join(out).decode("utf-8"), cp1252


class MixedDecoder:
    """An incremental decoder of UTF-8 with cp1252 for the byte sequences that are not UTF-8
    (as ``TextStream`` reads them), counting those sequences into ``notes``."""

    def __init__(self, notes: Notes | None) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="citra.cp1252")
        self._notes = notes

    def decode(self, block: bytes, final: bool = False) -> str:
        _seen.offsets = []
        try:
            text = self._decoder.decode(block, final)
            if _seen.offsets and self._notes is not None:
                self._notes.add(
                    "invalid UTF-8 byte sequence", "read as cp1252", count=len(_seen.offsets)
                )
            return text
        finally:
            _seen.offsets = []


class TextStream(io.RawIOBase):
    """The UTF-8 bytes of a text file (see the module docstring), for ``pandas.read_csv``.

    ``encoding`` is what sniffing found: ``utf-16`` is decoded as such; anything else is read
    as UTF-8 with cp1252 for what is not. ``newline`` is the file's line break (``b"\\n"`` or,
    for old Mac files, ``b"\\r"``); lines are counted by it, from 1.
    """

    def __init__(
        self,
        fh: IO[bytes],
        encoding: str,
        newline: bytes,
        file_name: str,
        notes: Notes,
        max_line: int = MAX_LINE_BYTES,
    ) -> None:
        super().__init__()
        self._fh, self._newline, self._name, self.notes = fh, newline, file_name, notes
        self._max_line = max(max_line, READ_BLOCK)
        self._utf16 = (
            codecs.getincrementaldecoder("utf-16")(errors="citra.replace")
            if encoding.lower().replace("_", "-") in ("utf-16", "utf-16-le", "utf-16-be")
            else None
        )
        self._carry = b""  # the unfinished last line of what was read
        self._out = memoryview(b"")
        self._lines = 0  # complete lines handed on
        self._eof = False
        self._start = True

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._fh.tell()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = [bytes(self._out)]
            self._out = memoryview(b"")
            while self._fill():
                parts.append(bytes(self._out))
                self._out = memoryview(b"")
            return b"".join(parts)
        while not self._out and self._fill():
            pass
        out, self._out = self._out[:size], self._out[size:]
        return bytes(out)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _raw(self) -> bytes | None:
        """The next block as UTF-8 (possibly empty), None at the end of the file."""
        block = self._fh.read(READ_BLOCK)
        if self._start:
            self._start = False
            if self._utf16 is None and block.startswith(codecs.BOM_UTF8):
                block = block[3:]
        if self._utf16 is None:
            return block if block else None
        _seen.offsets = []
        text = self._utf16.decode(block, final=not block)
        if _seen.offsets:
            self.notes.add(
                "invalid UTF-16 sequence", "replaced by U+FFFD", count=len(_seen.offsets)
            )
        _seen.offsets = []
        if not block and not text:
            return None
        return text.encode("utf-8")

    def _fill(self) -> bool:
        """Read and convert the next block of whole lines; False at the end of the file."""
        while not self._eof:
            raw = self._raw()
            if raw is None:
                self._eof = True
                data, self._carry = self._carry, b""
                if len(data) > self._max_line:
                    self._too_long(self._lines + 1)
                if data:
                    self._emit(data)
                    return True
                return False
            data = self._carry + raw
            cut = data.rfind(self._newline) + 1
            if cut == 0:
                self._carry = data
                if len(data) > self._max_line:
                    self._too_long(self._lines + 1)
                continue
            first = data.find(self._newline)
            if first > self._max_line:
                self._too_long(self._lines + 1)
            data, self._carry = data[:cut], data[cut:]
            if len(self._carry) > self._max_line:  # pragma: no cover - carry < READ_BLOCK here
                self._too_long(self._lines + data.count(self._newline) + 1)
            self._emit(data)
            return True
        return False

    def _emit(self, data: bytes) -> None:
        if not is_utf8(data):
            text, cp1252 = decode_lines(data, self._newline)
            self.notes.add(
                "line", "not valid UTF-8, read as cp1252", (self._lines + i + 1 for i in cp1252)
            )
            data = text.encode("utf-8")
        self._out = memoryview(data)
        self._lines += data.count(self._newline)

    def _too_long(self, line: int) -> None:
        raise IngestError(
            f"line {line} is longer than {self._max_line >> 20} MB without a line break; "
            "this is not a comment export",
            file_name=self._name,
        )
