"""Excel workbooks, streamed: the first sheet row by row, bounded before anything is allocated.

A workbook is a ZIP of XML parts. Before any part is inflated, the sizes its directory
declares are checked (the ZIP reader never inflates a part beyond its declared size): a part
inflating more than ``MAX_INFLATE``-fold (a zip bomb), a workbook inflating beyond
``MAX_UNCOMPRESSED``, or shared strings (the one part held in memory whole) beyond
``MAX_SHARED_STRINGS`` are refused. The sheet itself is never held whole: its XML is parsed
as a stream, row by row, and a cell beyond ``max_columns`` (whatever the sheet's
``<dimension>`` claims, which is checked first) or a row beyond Excel's last is refused as it
is met, so a tiny file claiming the far corner of the sheet costs nothing.

Cells come as Python values: strings (shared, inline or formula results, with Excel's
``_xHHHH_`` escapes decoded), ints and floats, booleans, and datetimes for numbers formatted
as dates (1900 or 1904 date system); error cells and empty cells are None.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from monitor.core.errors import IngestError
from monitor.ingest.readers.delimited import HEADER_SEARCH_ROWS
from monitor.ingest.readers.source import Source

MAX_INFLATE = 100  # a part inflating more than this many times its compressed size is a bomb
INFLATE_GRACE = 1 << 20  # small parts may inflate further (a few KB of repeated XML)
MAX_UNCOMPRESSED = 2 << 30  # all parts together, inflated
MAX_SHARED_STRINGS = 512 << 20  # the shared-strings part, inflated (held in memory as strings)
MAX_SMALL_PART = 32 << 20  # workbook, relationships, styles: parsed whole
EXCEL_MAX_ROWS = 1_048_576
XML_BLOCK = 1 << 20
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})


_LOCAL: dict[str, str] = {}


def _local(name: str) -> str:
    """An XML name without its namespace or prefix."""
    local = _LOCAL.get(name)
    if local is None:
        local = name.rpartition("}")[2].rpartition(":")[2]
        if len(_LOCAL) < 1000:  # a hostile file may invent names without end
            _LOCAL[name] = local
    return local


def _unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes (``_x000D_`` is a CR; ``_x005F_`` a literal underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


@dataclass(frozen=True)
class Book:
    """What reading the first sheet needs from the rest of the workbook."""

    sheet: str  # the ZIP member holding the first sheet
    strings: list[str]  # the shared strings
    dates: frozenset[int]  # style ids whose number format is a date
    epoch: datetime  # day 0 of the workbook's date system


def _refuse(message: str, src: Source) -> IngestError:
    return IngestError(message, file_name=src.name)


def _check_sizes(zf: zipfile.ZipFile, src: Source) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(
            f"the workbook inflates to {total >> 20} MB; the limit is {MAX_UNCOMPRESSED >> 20} MB "
            "(save the sheet as CSV, or split it)",
            src,
        )
    for info in infos:
        if info.file_size > MAX_INFLATE * info.compress_size + INFLATE_GRACE:
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                f"the workbook part {info.filename} inflates {ratio}-fold "
                f"({info.file_size >> 20} MB); this looks like a zip bomb, not an export",
                src,
            )


def _part(zf: zipfile.ZipFile, name: str, src: Source, limit: int = MAX_SMALL_PART):
    """A small part, parsed whole (its size checked first)."""
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise _refuse(f"the workbook part {name} is {info.file_size >> 20} MB; too large", src)
    with zf.open(info) as fh:
        return ElementTree.fromstring(fh.read(limit + 1))


def _relations(zf: zipfile.ZipFile, src: Source) -> dict[str, tuple[str, str]]:
    """The workbook's relationships: id -> (type, part name)."""
    name = "xl/_rels/workbook.xml.rels"
    if name not in zf.NameToInfo:
        return {}
    out = {}
    for rel in _part(zf, name, src).iter():
        if _local(rel.tag) == "Relationship":
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(part))
    return out


def _date_styles(zf: zipfile.ZipFile, name: str, src: Source) -> frozenset[int]:
    from openpyxl.styles.numbers import is_date_format

    if name not in zf.NameToInfo:
        return frozenset()
    root = _part(zf, name, src)
    custom = {
        int(el.get("numFmtId", -1)): el.get("formatCode", "")
        for el in root.iter()
        if _local(el.tag) == "numFmt"
    }
    styles: set[int] = set()
    for el in root.iter():
        if _local(el.tag) != "cellXfs":
            continue
        for i, xf in enumerate(x for x in el if _local(x.tag) == "xf"):
            fmt = int(xf.get("numFmtId", 0) or 0)
            if fmt in _DATE_FORMAT_IDS or (fmt in custom and is_date_format(custom[fmt])):
                styles.add(i)
    return frozenset(styles)


def _shared_strings(zf: zipfile.ZipFile, name: str, src: Source) -> list[str]:
    """The shared strings, streamed (their size was checked): rich-text runs joined, phonetic
    hints left out."""
    if name not in zf.NameToInfo:
        return []
    info = zf.getinfo(name)
    if info.file_size > MAX_SHARED_STRINGS:
        raise _refuse(
            f"the workbook's shared strings inflate to {info.file_size >> 20} MB; the limit is "
            f"{MAX_SHARED_STRINGS >> 20} MB (save the sheet as CSV, or split it)",
            src,
        )
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(tag: str, attrs: dict) -> None:
        tag = _local(tag)
        if tag == "si":
            parts.clear()
        elif tag == "t" and not state["phonetic"]:
            state["text"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag == "t":
            state["text"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append(_unescape("".join(parts)))

    def chars(data: str) -> None:
        if state["text"]:
            parts.append(data)

    parser = _parser(start, end, chars)
    with zf.open(info) as fh:
        _feed(parser, fh, src)
    return strings


def _parser(start, end, chars) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    return parser


def _feed(parser: expat.XMLParserType, fh: IO[bytes], src: Source) -> None:
    try:
        for block in iter(lambda: fh.read(XML_BLOCK), b""):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _refuse(f"the workbook cannot be read (invalid XML: {exc})", src) from exc


def open_book(src: Source) -> Book:
    """The first sheet's part, the shared strings and the date styles, sizes checked first."""
    try:
        with src.open() as fh, zipfile.ZipFile(fh) as zf:
            if "xl/workbook.xml" not in zf.NameToInfo:
                raise _refuse(
                    "this ZIP file is not an Excel .xlsx workbook (no xl/workbook.xml)", src
                )
            _check_sizes(zf, src)
            root = _part(zf, "xl/workbook.xml", src)
            rels = _relations(zf, src)
            first = next((el for el in root.iter() if _local(el.tag) == "sheet"), None)
            rel_id = next((v for k, v in (first.attrib if first is not None else {}).items()
                           if _local(k) == "id"), "")  # fmt: skip
            kind, sheet = rels.get(rel_id, ("", ""))
            if not sheet or sheet not in zf.NameToInfo:
                sheet = "xl/worksheets/sheet1.xml"
                if sheet not in zf.NameToInfo:
                    raise _refuse("the workbook has no worksheet", src)
            elif kind.endswith("/chartsheet"):
                raise _refuse("the workbook's first sheet is a chart, not a table", src)
            by_type = {t.rpartition("/")[2]: p for t, p in rels.values()}
            props = next((el for el in root.iter() if _local(el.tag) == "workbookPr"), None)
            date1904 = props is not None and props.get("date1904", "") in ("1", "true")
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

            return Book(
                sheet=sheet,
                strings=_shared_strings(
                    zf, by_type.get("sharedStrings", "xl/sharedStrings.xml"), src
                ),
                dates=_date_styles(zf, by_type.get("styles", "xl/styles.xml"), src),
                epoch=CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH,
            )
    except IngestError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, EOFError) as exc:
        raise _refuse(f"the workbook cannot be read ({exc})", src) from exc
    except (KeyError, ValueError, OSError) as exc:
        raise _refuse(f"the workbook cannot be read ({type(exc).__name__}: {exc})", src) from exc


def _column(ref: str) -> int:
    """The 1-based column of a cell reference such as ``AB12``."""
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n


class _SheetParser:
    """Expat handlers turning a sheet's XML into (row number, cell values) pairs."""

    def __init__(self, book: Book, max_columns: int, src: Source) -> None:
        self.book, self.max_columns, self.src = book, max_columns, src
        self.rows: list[tuple[int, list]] = []  # parsed, not yet handed on
        self.row_number = 0
        self.cells: list = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] = []
        self.collect = False  # inside <v>, or a <t> of an inline string
        self.inline = False
        self.phonetic = 0

    def start(self, tag: str, attrs: dict) -> None:
        if ":" in tag or "}" in tag:
            tag = _local(tag)
        if tag == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            if self.column > self.max_columns or self.column < 1:
                raise _refuse(
                    f"row {self.row_number} has a cell in column {self.column}; more than "
                    f"{self.max_columns} columns is not a comment export",
                    self.src,
                )
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and style.isdigit() else 0
            self.text = []
        elif tag == "v":
            self.collect = True
        elif tag == "row":
            r = attrs.get("r")
            self.row_number = int(r) if r and r.isdigit() else self.row_number + 1
            if self.row_number > EXCEL_MAX_ROWS:
                raise _refuse(
                    f"the sheet has a row {self.row_number}; Excel's last row is "
                    f"{EXCEL_MAX_ROWS}, so this is not a workbook Excel wrote",
                    self.src,
                )
            self.cells = []
            self.column = 0
        elif tag == "is":
            self.inline = True
        elif tag == "t" and self.inline and not self.phonetic:
            self.collect = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "dimension":
            self._claimed(attrs.get("ref", ""))

    def end(self, tag: str) -> None:
        if ":" in tag or "}" in tag:
            tag = _local(tag)
        if tag == "c":
            value = self._value()
            if value is not None:
                cells = self.cells
                if len(cells) < self.column - 1:
                    cells.extend([None] * (self.column - 1 - len(cells)))
                if len(cells) == self.column - 1:
                    cells.append(value)
                else:
                    cells[self.column - 1] = value
        elif tag == "v" or tag == "t":
            self.collect = False
        elif tag == "row":
            self.rows.append((self.row_number, self.cells))
            self.cells = []
        elif tag == "is":
            self.inline = False
        elif tag == "rPh":
            self.phonetic -= 1

    def chars(self, data: str) -> None:
        if self.collect:
            self.text.append(data)

    def _claimed(self, ref: str) -> None:
        last = ref.rpartition(":")[2]
        if last and _column(last) > self.max_columns:
            raise _refuse(
                f"the sheet claims {_column(last)} columns (dimension {ref}); more than "
                f"{self.max_columns} is not a comment export",
                self.src,
            )

    def _value(self) -> object:
        text = "".join(self.text) if self.text else None
        kind = self.kind
        if text is None:
            return None
        if kind == "s":
            try:
                return self.book.strings[int(text)]
            except (ValueError, IndexError):
                raise _refuse(
                    f"row {self.row_number} refers to shared string {text[:20]!r}, which the "
                    f"workbook does not have ({len(self.book.strings)} strings)",
                    self.src,
                ) from None
        if kind in ("inlineStr", "str"):
            return _unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return None
        if kind == "d":
            return text
        return self._number(text)

    def _number(self, text: str) -> object:
        try:
            number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        except ValueError:
            return text.strip() or None
        if self.style in self.book.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.book.epoch)
            except (OverflowError, ValueError, TypeError):
                return number
        return number


def iter_rows(src: Source, book: Book, max_columns: int) -> Iterator[tuple[int, list]]:
    """The first sheet's rows as (1-based row number, cell values by column), empty rows
    left out; a row's list ends at its last cell."""
    handler = _SheetParser(book, max_columns, src)
    parser = _parser(handler.start, handler.end, handler.chars)
    try:
        with src.open() as raw, zipfile.ZipFile(raw) as zf, zf.open(book.sheet) as fh:
            for block in iter(lambda: fh.read(XML_BLOCK), b""):
                parser.Parse(block, False)
                if handler.rows:
                    yield from _filled(handler.rows)
                    handler.rows = []
            parser.Parse(b"", True)
            yield from _filled(handler.rows)
    except expat.ExpatError as exc:
        raise _refuse(
            f"the workbook cannot be read (invalid XML in the sheet: {exc})", src
        ) from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise _refuse(f"the workbook cannot be read ({exc})", src) from exc


def _filled(rows: list[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    for number, cells in rows:
        if any(c is not None and c != "" for c in cells):
            yield number, cells


def top_rows(src: Source, book: Book, max_columns: int) -> list[list]:
    """The first ``HEADER_SEARCH_ROWS`` rows of the sheet, blank ones as empty lists."""
    top: list[list] = [[] for _ in range(HEADER_SEARCH_ROWS)]
    for number, cells in iter_rows(src, book, max_columns):
        if number > HEADER_SEARCH_ROWS:
            break
        top[number - 1] = cells
    while top and not top[-1]:
        top.pop()
    return top


def find_sheet_header(rows: list[list], is_header: Callable[[list[str]], bool]) -> int:
    """Index of the header among the sheet's first rows (banner rows may sit above it): the
    first row ``is_header`` recognises, else the fullest."""
    cells = [[("" if v is None else str(v).strip()) for v in row] for row in rows]
    for i, row in enumerate(cells):
        if is_header(row):
            return i
    counts = [sum(1 for c in row if c) for row in cells]
    if not counts or max(counts) < 2:
        return 0
    return counts.index(max(counts))


def sheet_columns(row: list) -> list[str]:
    """Header cells as names; blank ones keep their position as ``Unnamed: i`` like pandas."""
    return [
        f"Unnamed: {i}" if (v is None or str(v).strip() == "") else str(v).strip()
        for i, v in enumerate(row)
    ]
