"""Which exporter wrote this file? Decided from content: magic bytes, JSON keys, header cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import ijson

from monitor.core.errors import IngestError
from monitor.ingest import formats
from monitor.ingest.formats import JsonFormat, mapped
from monitor.ingest.readers import delimited, json_depth, sniff, workbook
from monitor.ingest.readers.json_stream import (
    JSONStreamError,
    ijson_error,
    iter_json_blocks,
    open_json,
    stream_error,
)
from monitor.ingest.readers.source import Source, as_source

FORMAT_NAMES = (*formats.NAMES, formats.MAPPED.name, "unknown")


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
    newline: str = ""  # a CSV's line break: "\n" (also for "\r\n") or "\r"

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
    return formats.header_format(cells) is not None


def _table_format(columns: list[str]) -> str:
    fmt = formats.header_format(columns)
    return fmt.name if fmt is not None else "unknown"


def _first_element(src: Source) -> object:
    """The first element of a top-level array, read with the same parser the import uses."""
    try:
        with open_json(src) as fh:
            for block in iter_json_blocks(fh, lines=False):
                if block:
                    return block[0]
    except JSONStreamError as exc:
        raise stream_error(src, exc) from exc
    return None


def _page_format(page_key: str, first_item: Callable[[], object]) -> JsonFormat:
    """Of the formats paging their comments under ``page_key``, the one that recognises the
    first comment (read only when several share the key); the first registered when none does."""
    paged = formats.paged_formats(page_key)
    if len(paged) == 1:
        return paged[0]
    return formats.item_format(first_item(), paged) or paged[0]


def _first_page_item(src: Source, prefix: str) -> object:
    with open_json(src) as fh:
        return next(ijson.items(fh, prefix, use_float=True), None)


def _document_page_key(src: Source) -> str | None:
    """The page key among the top-level keys of the file's first JSON object, if any."""
    with open_json(src) as fh:
        for prefix, event, value in ijson.parse(fh, multiple_values=True):
            if prefix == "" and event == "map_key" and value in formats.PAGE_KEYS:
                return value
            if prefix == "" and event == "end_map":
                return None
    return None


def _detect_json(src: Source, head: bytes) -> Detection:
    """JSON shape from the first comment object.

    The event parser (used for ``{...}`` documents and pages) slows down quadratically with
    nesting depth, so those files are depth-checked first; arrays read by the standard decoder
    need no check (it refuses deep nesting by itself).
    """
    first_char = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    try:
        if first_char == b"{":
            json_depth.check_json_depth(src)
            key = _document_page_key(src)
            if key is not None:  # one page: stream the comments of its list
                prefix = f"{key}.item"
                fmt = _page_format(key, lambda: _first_page_item(src, prefix))
                return Detection(format=fmt.name, kind="json", json_prefix=prefix)
            with open_json(src) as fh:
                first = next(ijson.items(fh, "", multiple_values=True, use_float=True), None)
            prefix, lines = "", True
        else:
            first = _first_element(src)
            prefix, lines = "item", False
    except ijson.JSONError as exc:
        raise ijson_error(src, exc) from exc
    if first is None:
        raise IngestError("the JSON holds no comments (empty list)", file_name=src.name)
    if not lines and isinstance(first, dict):
        for key in formats.PAGE_KEYS:  # an array of pages
            page = first.get(key)
            if isinstance(page, list):
                json_depth.check_json_depth(src)  # pages are streamed by the event parser
                fmt = _page_format(key, lambda page=page: next(iter(page), None))
                return Detection(format=fmt.name, kind="json", json_prefix=f"item.{key}.item")
    fmt = formats.item_format(first)
    if fmt is not None:
        return Detection(format=fmt.name, kind="json", json_prefix=prefix, json_lines=lines)
    keys = ", ".join(sorted(first)[:15]) if isinstance(first, dict) else type(first).__name__
    raise IngestError(
        f"JSON layout not recognised: expected a comment export of {formats.json_labels()} "
        f"(first item has: {keys})",
        file_name=src.name,
    )


def detect_source(src: Source) -> tuple[Detection, workbook.Book | None]:
    """Detection plus, for workbooks, what reading the sheet needs (shared strings, date
    styles), read once; only the sheet's first rows are read here."""
    head = src.head()
    kind = sniff.sniff_kind(head) if head else None
    if kind is None:
        raise IngestError("the file is empty", file_name=src.name)
    if kind == "json":
        return _detect_json(src, head), None
    if kind == "xlsx":
        book = workbook.open_book(src)
        top = workbook.top_rows(src, book, delimited.MAX_COLUMNS)
        if not top:
            raise IngestError("the workbook's first sheet is empty", file_name=src.name)
        header = workbook.find_sheet_header(top, _is_known_header)
        columns = workbook.sheet_columns(top[header])
        fmt = _table_format(columns)
        return _with_mapping(Detection(fmt, "xlsx", header_row=header, columns=columns)), book
    encoding = sniff.sniff_encoding(head)
    sample = sniff.decode_sample(head, encoding)
    layout = delimited.sniff_layout(sample, encoding, _is_known_header, src.name)
    fmt = _table_format(layout.columns)
    det = Detection(
        fmt,
        "csv",
        encoding,
        layout.delimiter,
        layout.header_row,
        layout.columns,
        newline=layout.newline,
    )
    return _with_mapping(det), None


def _with_mapping(det: Detection) -> Detection:
    if det.format != "unknown":
        return det
    return replace(det, suggested_mapping=mapped.suggest(det.columns))


def detect(source: str | bytes | Source | Any, file_name: str | None = None) -> Detection:
    """Format, encoding, delimiter, header row and columns of a file, from its content."""
    src = as_source(source, file_name)
    try:
        return detect_source(src)[0]
    except IngestError as exc:
        if exc.file_name:
            raise
        raise IngestError(exc.detail, file_name=src.name, row=exc.row) from exc
