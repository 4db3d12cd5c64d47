"""Which exporter wrote this file? Decided from content: magic bytes, JSON keys, header cells.

Never guessed: a header or first comment that two formats recognise is refused with an error
naming both, until the analyst says which (``only``); a page whose first comment no format
sharing its page key recognises is refused, not read by the first of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import ijson

from monitor.core import platforms
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


def _ambiguous(found: tuple, file_name: str) -> IngestError:
    names = ", ".join(f"{f.name} ({f.label}, {platforms.label(f.platform)})" for f in found)
    return IngestError(
        f"the file fits more than one export layout: {names}; say which it is "
        "(--format NAME, or the format option)",
        file_name=file_name,
    )


def _known_header(only: str | None) -> Callable[[list[str]], bool]:
    return lambda cells: bool(formats.header_formats(cells, only))


def _not_the_format(only: str, seen: str, file_name: str) -> IngestError:
    label = next(f.label for f in (*formats.TABLE_FORMATS, *formats.JSON_FORMATS) if f.name == only)
    return IngestError(f"this is not an export of {label} ({seen})", file_name=file_name)


def _table_format(columns: list[str], only: str | None, file_name: str) -> str:
    found = formats.header_formats(columns, only)
    if len(found) > 1:
        raise _ambiguous(found, file_name)
    if not found and only is not None:
        cols = ", ".join(repr(c) for c in columns[:20])
        raise _not_the_format(only, f"no row is its header; columns are: {cols}", file_name)
    return found[0].name if found else "unknown"


def _one_format(
    item: object, candidates: tuple[JsonFormat, ...], only: str | None, file_name: str
) -> JsonFormat | None:
    """The one candidate recognising ``item``; None for none, an error for several."""
    found = formats.item_formats(item, candidates, only)
    if len(found) > 1:
        raise _ambiguous(found, file_name)
    return found[0] if found else None


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


def _first_page_item(src: Source, prefix: str) -> object:
    """The first comment object at ``prefix`` (of any page, of any JSON value in the file)."""
    with open_json(src) as fh:
        return next(ijson.items(fh, prefix, use_float=True, multiple_values=True), None)


def _not_recognised(
    item: object, file_name: str, where: str = "first item", only: str | None = None
) -> IngestError:
    keys = ", ".join(sorted(item)[:15]) if isinstance(item, dict) else type(item).__name__
    if only is not None:
        return _not_the_format(only, f"{where} has: {keys}", file_name)
    return IngestError(
        f"JSON layout not recognised: expected a comment or post export of {formats.json_labels()} "
        f"({where} has: {keys})",
        file_name=file_name,
    )


def _paged(
    src: Source, key: str, in_array: bool, only: str | None, first_page: dict | None = None
) -> Detection:
    """A file of pages holding their comments under ``key``: the format is the one that
    recognises the first comment of any page (formats share keys: Graph API and X API v2
    both page under ``data``), never a guess; no comment at all is an empty file.
    ``first_page``: the array's first page, already read."""
    prefix = f"item.{key}.item" if in_array else f"{key}.item"
    listed = first_page.get(key) if first_page is not None else None
    first = listed[0] if listed else _first_page_item(src, prefix)
    if first is None:
        raise IngestError(
            f"the JSON holds no comments (its pages' {key!r} lists are empty)", file_name=src.name
        )
    fmt = _one_format(first, formats.paged_formats(key), only, src.name)
    if fmt is None:
        raise _not_recognised(first, src.name, f"the first comment of its {key!r} pages", only)
    if fmt.whole_pages:  # the format reads each page whole: the file's values are its elements
        prefix = "item" if in_array else ""
        return Detection(format=fmt.name, kind="json", json_prefix=prefix, json_lines=not in_array)
    return Detection(format=fmt.name, kind="json", json_prefix=prefix)


def _document_page_key(src: Source) -> str | None:
    """The page key among the top-level keys of the file's first JSON object, if any."""
    with open_json(src) as fh:
        for prefix, event, value in ijson.parse(fh, multiple_values=True):
            if prefix == "" and event == "map_key" and value in formats.PAGE_KEYS:
                return value
            if prefix == "" and event == "end_map":
                return None
    return None


def _detect_json(src: Source, head: bytes, only: str | None = None) -> Detection:
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
            if key is not None:  # pages (one, or one per line): the comments of their lists
                return _paged(src, key, in_array=False, only=only)
            with open_json(src) as fh:
                first = next(ijson.items(fh, "", multiple_values=True, use_float=True), None)
            prefix, lines = "", True
        else:
            first = _first_element(src)
            prefix, lines = "item", False
        if first is None:
            raise IngestError("the JSON holds no comments (empty list)", file_name=src.name)
        if not lines and isinstance(first, dict):
            for key in formats.PAGE_KEYS:  # an array of pages
                if isinstance(first.get(key), list):
                    json_depth.check_json_depth(src)  # pages are streamed by the event parser
                    return _paged(src, key, in_array=True, only=only, first_page=first)
    except ijson.JSONError as exc:
        raise ijson_error(src, exc) from exc
    fmt = _one_format(first, formats.JSON_FORMATS, only, src.name)
    if fmt is not None:
        return Detection(format=fmt.name, kind="json", json_prefix=prefix, json_lines=lines)
    raise _not_recognised(first, src.name, only=only)


def _check_name(only: str | None, file_name: str) -> None:
    if only is not None and only not in formats.NAMES:
        raise IngestError(
            f"unknown format {only!r} (expected one of {', '.join(formats.NAMES)})",
            file_name=file_name,
        )


def detect_source(src: Source, only: str | None = None) -> tuple[Detection, workbook.Book | None]:
    """Detection plus, for workbooks, what reading the sheet needs (shared strings, date
    styles), read once; only the sheet's first rows are read here. ``only``: the format the
    analyst says the file is (the one considered; for a file two formats recognise)."""
    _check_name(only, src.name)
    head = src.head()
    kind = sniff.sniff_kind(head) if head else None
    if kind is None:
        raise IngestError("the file is empty", file_name=src.name)
    if kind == "json":
        return _detect_json(src, head, only), None
    if kind == "xlsx":
        book = workbook.open_book(src)
        top = workbook.top_rows(src, book, delimited.MAX_COLUMNS)
        if not top:
            raise IngestError("the workbook's first sheet is empty", file_name=src.name)
        header = workbook.find_sheet_header(top, _known_header(only))
        columns = workbook.sheet_columns(top[header])
        fmt = _table_format(columns, only, src.name)
        return _with_mapping(Detection(fmt, "xlsx", header_row=header, columns=columns)), book
    encoding = sniff.sniff_encoding(head)
    sample = sniff.decode_sample(head, encoding)
    layout = delimited.sniff_layout(sample, encoding, _known_header(only), src.name)
    fmt = _table_format(layout.columns, only, src.name)
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


def detect(
    source: str | bytes | Source | Any,
    file_name: str | None = None,
    source_format: str | None = None,
) -> Detection:
    """Format, encoding, delimiter, header row and columns of a file, from its content
    (``source_format``: the format the analyst says it is, for a file that fits two)."""
    src = as_source(source, file_name)
    try:
        return detect_source(src, source_format)[0]
    except IngestError as exc:
        if exc.file_name:
            raise
        raise IngestError(exc.detail, file_name=src.name, row=exc.row) from exc
