"""Refusing absurdly nested JSON before the event parser streams it."""

from __future__ import annotations

import numpy as np

from monitor.core.errors import IngestError
from monitor.ingest.readers.source import Source

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
