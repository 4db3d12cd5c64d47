"""Which exporter wrote this file? Decided from content: magic bytes, JSON keys, header cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

import ijson
import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest import reading
from monitor.ingest.formats import JSON_FORMATS, TABLE_FORMATS, graph_api, mapped
from monitor.ingest.reading import Source

FORMAT_NAMES = ("exportcomments", "apify", "instaloader", "graph_api", "minet", "mapped", "unknown")


@dataclass(frozen=True)
class Detection:
    """What a file is and how to read it; ``format == "unknown"`` asks for a column mapping."""

    format: str
    kind: str  # csv | xlsx | json
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 0  # 0-based row of the header (CSV record / XLSX sheet row)
    columns: list[str] = field(default_factory=list)
    suggested_mapping: dict[str, str] = field(default_factory=dict)
    json_prefix: str = ""  # ijson path of the comment objects
    json_lines: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.header_row,
            "columns": list(self.columns),
            "suggested_mapping": dict(self.suggested_mapping),
        }


def _is_known_header(cells: list[str]) -> bool:
    return any(fmt.is_header(cells) for fmt in TABLE_FORMATS)


def _table_format(columns: list[str]) -> str:
    for fmt in TABLE_FORMATS:
        if fmt.is_header(columns):
            return fmt.NAME
    return "unknown"


def open_json(src: Source) -> IO[bytes]:
    """The file positioned after a UTF-8 BOM (the JSON parser does not skip one)."""
    fh = src.open()
    if fh.read(3) != b"\xef\xbb\xbf":
        fh.seek(0)
    return fh


def _json_error(src: Source, exc: Exception) -> IngestError:
    text = str(exc)
    if "premature" in text.lower() or "incomplete json content" in text.lower():
        return IngestError("the JSON ends too early (the file looks truncated)", file_name=src.name)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return IngestError(f"invalid JSON ({first[:120]})", file_name=src.name)


def stream_error(src: Source, exc: reading.JSONStreamError) -> IngestError:
    """The readable error for a failure of ``reading.iter_json_blocks``."""
    if exc.truncated:
        return IngestError("the JSON ends too early (the file looks truncated)", file_name=src.name)
    return IngestError(f"invalid JSON ({exc})", file_name=src.name)


def _first_element(src: Source) -> object:
    """The first element of a top-level array, read with the same parser the import uses."""
    try:
        with open_json(src) as fh:
            for block in reading.iter_json_blocks(fh, lines=False):
                if block:
                    return block[0]
    except reading.JSONStreamError as exc:
        raise stream_error(src, exc) from exc
    return None


def _detect_json(src: Source, head: bytes) -> Detection:
    """JSON shape from the first comment object.

    The event parser (used for ``{...}`` documents and Graph API pages) slows down
    quadratically with nesting depth, so those files are depth-checked first; arrays read by
    the standard decoder need no check (it refuses deep nesting by itself).
    """
    first_char = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    try:
        if first_char == b"{":
            reading.check_json_depth(src)
            with open_json(src) as fh:
                for prefix, event, value in ijson.parse(fh, multiple_values=True):
                    if prefix == "" and event == "map_key" and value == "data":
                        return Detection(
                            format=graph_api.NAME, kind="json", json_prefix="data.item"
                        )
                    if prefix == "" and event == "end_map":
                        break
            with open_json(src) as fh:
                first = next(ijson.items(fh, "", multiple_values=True, use_float=True), None)
            prefix, lines = "", True
        else:
            first = _first_element(src)
            prefix, lines = "item", False
    except ijson.JSONError as exc:
        raise _json_error(src, exc) from exc
    if first is None:
        raise IngestError("the JSON holds no comments (empty list)", file_name=src.name)
    if not lines and isinstance(first, dict) and isinstance(first.get("data"), list):
        reading.check_json_depth(src)  # pages are streamed by the event parser
        return Detection(format=graph_api.NAME, kind="json", json_prefix="item.data.item")
    for fmt in JSON_FORMATS:
        if fmt.matches(first):
            return Detection(format=fmt.NAME, kind="json", json_prefix=prefix, json_lines=lines)
    keys = ", ".join(sorted(first)[:15]) if isinstance(first, dict) else type(first).__name__
    raise IngestError(
        "JSON layout not recognised: expected an Apify, Instaloader or Graph API comment export "
        f"(first item has: {keys})",
        file_name=src.name,
    )


def find_sheet_header(sheet: pd.DataFrame) -> int:
    """Row index of the header in a workbook that may carry banner rows above it."""
    top = sheet.head(reading.HEADER_SEARCH_ROWS)
    cells = [
        [("" if pd.isna(v) else str(v).strip()) for v in row] for row in top.itertuples(index=False)
    ]
    for i, row in enumerate(cells):
        if _is_known_header(row):
            return i
    counts = [sum(1 for c in row if c) for row in cells]
    if not counts or max(counts) < 2:
        return 0
    return counts.index(max(counts))


def sheet_columns(sheet: pd.DataFrame, header_row: int) -> list[str]:
    """Header cells as names; blank ones keep their position as ``Unnamed: i`` like pandas."""
    row = sheet.iloc[header_row].tolist() if len(sheet) > header_row else []
    return [
        f"Unnamed: {i}"
        if (v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "")
        else str(v).strip()
        for i, v in enumerate(row)
    ]


def detect_source(src: Source) -> tuple[Detection, pd.DataFrame | None]:
    """Detection plus, for workbooks, the sheet already read (so it is read only once)."""
    head = src.head()
    kind = reading.sniff_kind(head) if head else None
    if kind is None:
        raise IngestError("the file is empty", file_name=src.name)
    if kind == "json":
        return _detect_json(src, head), None
    if kind == "xlsx":
        sheet = reading.read_xlsx(src)
        if sheet.empty:
            raise IngestError("the workbook's first sheet is empty", file_name=src.name)
        header = find_sheet_header(sheet)
        columns = sheet_columns(sheet, header)
        fmt = _table_format(columns)
        return _with_mapping(Detection(fmt, "xlsx", header_row=header, columns=columns)), sheet
    encoding = reading.sniff_encoding(head)
    sample = reading.decode_sample(head, encoding)
    layout = reading.sniff_layout(sample, encoding, _is_known_header, src.name)
    fmt = _table_format(layout.columns)
    det = Detection(fmt, "csv", encoding, layout.delimiter, layout.header_row, layout.columns)
    return _with_mapping(det), None


def _with_mapping(det: Detection) -> Detection:
    if det.format != "unknown":
        return det
    return Detection(
        det.format,
        det.kind,
        det.encoding,
        det.delimiter,
        det.header_row,
        det.columns,
        suggested_mapping=mapped.suggest(det.columns),
    )


def detect(source: str | bytes | Source | Any, file_name: str | None = None) -> Detection:
    """Format, encoding, delimiter, header row and columns of a file, from its content."""
    src = reading.as_source(source, file_name)
    try:
        return detect_source(src)[0]
    except IngestError as exc:
        if exc.file_name:
            raise
        raise IngestError(exc.detail, file_name=src.name, row=exc.row) from exc
