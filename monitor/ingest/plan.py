"""Deciding how to read one file: its detection, the format that reads it, and the context;
and the errors that name the file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.core import platforms
from monitor.core.errors import IngestError
from monitor.core.handles import Owner, normal_handle
from monitor.ingest import formats
from monitor.ingest.detect import Detection, detect_source
from monitor.ingest.formats import JsonFormat, TableFormat, mapped
from monitor.ingest.readers.source import Source
from monitor.ingest.readers.workbook import Book
from monitor.ingest.rows import Context

PARSE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    UnicodeError,
    OverflowError,
    RecursionError,
)


def named(exc: Exception, src: Source) -> IngestError:
    """An IngestError that names the file (parser surprises become one readable line too)."""
    if isinstance(exc, IngestError):
        if exc.file_name:
            return exc
        return IngestError(exc.detail, file_name=src.name, row=exc.row)
    return IngestError(
        f"the file cannot be read ({type(exc).__name__}: {str(exc)[:200]})", file_name=src.name
    )


@dataclass(frozen=True)
class Plan:
    """How to read one file: ``table`` for CSV/XLSX, ``json`` for JSON (the other is None)."""

    det: Detection
    ctx: Context
    book: Book | None  # a workbook's shared strings and date styles, read by detection
    table: TableFormat | None = None
    json: JsonFormat | None = None

    @property
    def fmt_name(self) -> str:
        return self.ctx.source_format

    @property
    def kind(self) -> str:
        """What the file holds: ``comments``, or ``posts`` (a post export)."""
        return (self.json or self.table).kind


def zone(name: str, file_name: str) -> str:
    """``name`` if it is a time zone, else an error saying what to use."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise IngestError(
            f"unknown time zone {name!r} (use e.g. UTC or Asia/Jakarta)", file_name=file_name
        ) from exc
    return name


def _unknown_layout(det: Detection, file_name: str) -> IngestError:
    hint = det.suggested_mapping
    if "text" not in hint:
        return IngestError(
            "no recognisable comment text column; columns are: "
            + ", ".join(repr(c) for c in det.columns[:40])
            + ". Map the columns (text, time, author, ...) and import with --mapping",
            file_name=file_name,
        )
    return IngestError(
        "unknown export layout; confirm a column mapping and import with --mapping. "
        f"Suggested: {hint}",
        file_name=file_name,
    )


def _reader(
    det: Detection, mapping: dict[str, str] | None, platform: str | None, file_name: str
) -> TableFormat | JsonFormat:
    """The format that reads this file: an analyst's mapping (of ``platform``, if given),
    else the detected format, which knows its platform (another one given is refused)."""
    if platform:
        try:
            platforms.check(platform)
        except ValueError as exc:
            raise IngestError(str(exc), file_name=file_name) from exc
    if mapping:
        if det.kind == "json":
            raise IngestError(
                "a column mapping applies to CSV or XLSX files, not JSON", file_name=file_name
            )
        if platform:
            mapping = {**mapping, "platform": platform}
        return mapped.Mapped(mapped.validate(mapping, det.columns, file_name))
    if det.format == "unknown":
        raise _unknown_layout(det, file_name)
    fmt = (
        formats.json_format(det.format) if det.kind == "json" else formats.table_format(det.format)
    )
    if platform and platform != fmt.platform:
        raise IngestError(
            f"the file is an export of {platforms.label(fmt.platform)} comments ({fmt.label}); "
            f"the platform {platform!r} applies only to a sheet read through a column mapping",
            file_name=file_name,
        )
    return fmt


def make_plan(
    src: Source,
    account: str | None,
    assume_tz: str,
    mapping: dict[str, str] | None,
    post_id: str | None,
    max_cell_chars: int,
    id_key: bytes | None = None,
    owners: Mapping[str, Owner] | None = None,
    *,
    source_format: str | None = None,
    platform: str | None = None,
) -> Plan:
    """Detect the file and settle everything its rows are read with; any failure is an
    ``IngestError`` naming the file.

    ``owners``: the monitored account per platform (``ops.settings.owner_identities``); the
    file's platform (its format's) picks the handle and stable ids its replies are the owner's
    by. ``account``: a handle replacing that one ('' for none; None keeps the owners' handle).
    ``assume_tz``: the zone of naive timestamps ('' for the format's default); ``mapping``: an
    analyst's column mapping; ``post_id``: the post of rows whose export names none;
    ``id_key``: keys the fallback ids (when authors are pseudonymised); ``source_format``: the
    format the analyst says the file is (for a file that fits two); ``platform``: the platform
    of a mapped sheet's comments.
    """
    try:
        det, book = detect_source(src, source_format or None)
        fmt = _reader(det, mapping, platform or None, src.name)
        owner = (owners or {}).get(fmt.platform, Owner())
        ctx = Context(
            source_format=fmt.name,
            account=owner.handle if account is None else normal_handle(account),
            tz=zone(assume_tz or fmt.default_tz, src.name),
            max_cell_chars=max_cell_chars,
            post_id=(post_id or "").strip() or None,
            file_post_id=fmt.post_from_file_name(src.name),
            id_key=id_key,
            platform=fmt.platform,
            owner_ids=owner.ids,
            no_text=fmt.no_text,
        )
    except (IngestError, *PARSE_ERRORS) as exc:
        raise named(exc, src) from exc
    if isinstance(fmt, JsonFormat):
        return Plan(det, ctx, book, json=fmt)
    return Plan(det, ctx, book, table=fmt)
