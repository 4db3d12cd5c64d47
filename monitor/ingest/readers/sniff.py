"""What kind of file this is (CSV text, XLSX, JSON) and how its text is encoded, from its first bytes."""

from __future__ import annotations

import codecs

from monitor.core.errors import IngestError
from monitor.ingest.readers.source import SAMPLE_BYTES
from monitor.ingest.readers.text import decode_lines


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
    """UTF-8 (with or without BOM), UTF-16, else Excel's cp1252 (latin-1 as last resort).

    Only UTF-16 changes how the file is read: any other text is read as UTF-8 with cp1252 for
    the byte sequences that are not UTF-8, wherever they are (``text.TextStream``); the name
    says what the first megabyte looked like.
    """
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
    """The sample as text, decoded as the file will be read, cut at the last complete line."""
    if encoding == "utf-16":
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    else:
        if head.startswith(codecs.BOM_UTF8):
            head = head[3:]
        if len(head) >= SAMPLE_BYTES - 3:  # a character cut by the sample's end is left out
            head = head[: max(head.rfind(b"\n"), head.rfind(b"\r")) + 1] or head
        text = decode_lines(head, b"\n" if b"\n" in head else b"\r")[0]
    if len(head) >= SAMPLE_BYTES:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    return text
