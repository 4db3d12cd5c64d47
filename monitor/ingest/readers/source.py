"""A file to import, a path on disk or bytes from an upload, opened on demand."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from monitor.core.errors import IngestError

SAMPLE_BYTES = 1 << 20  # the header must be found in the first MiB


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
