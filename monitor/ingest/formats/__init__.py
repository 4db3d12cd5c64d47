"""One module per exporter, and the registry of them: which formats a file is tried against.

Each module holds an instance of ``base.TableFormat`` (CSV/XLSX) or ``base.JsonFormat`` (or
both, as ``apify``), or of ``base.PostJsonFormat`` for a post export: how to recognise the exporter's files from their content and how to read
their rows into raw frames. Adding an exporter is one module, one line in ``TABLE_FORMATS`` or
``JSON_FORMATS`` below, and one fixture. Formats may import ``monitor.core`` and
``monitor.ingest.rows``/``cells``/``formats.base``, nothing else of Citra.
"""

from __future__ import annotations

from monitor.ingest.formats import (
    apify,
    apify_posts,
    exportcomments,
    facebook_apify,
    graph_api,
    graph_media,
    instaloader,
    instaloader_posts,
    mapped,
    minet,
    tiktok_apify,
    tweet_harvest,
    x_api,
    youtube,
    youtube_videos,
)
from monitor.ingest.formats.base import Format, JsonFormat, TableFormat

# Tried in this order against a CSV/XLSX header row; the first that recognises it reads the file.
TABLE_FORMATS: tuple[TableFormat, ...] = (
    exportcomments.FORMAT,
    apify.TABLE,
    minet.FORMAT,
    tweet_harvest.FORMAT,
)
# Tried in this order against a JSON file's first comment object (of a page, for ``page_key``).
JSON_FORMATS: tuple[JsonFormat, ...] = (
    graph_api.FORMAT,
    instaloader.FORMAT,
    apify.JSON,
    x_api.FORMAT,
    youtube.FORMAT,
    facebook_apify.FORMAT,
    tiktok_apify.FORMAT,
    # post exports (``kind == "posts"``): the account's posts, no comments
    apify_posts.FORMAT,
    instaloader_posts.FORMAT,
    graph_media.FORMAT,
    youtube_videos.FORMAT,
)
MAPPED = mapped.FORMAT  # any other table, through an analyst-confirmed column mapping

_TABLES = {f.name: f for f in (*TABLE_FORMATS, MAPPED)}
_JSONS = {f.name: f for f in JSON_FORMATS}
NAMES: tuple[str, ...] = tuple(dict.fromkeys(f.name for f in (*TABLE_FORMATS, *JSON_FORMATS)))


def table_format(name: str) -> TableFormat:
    """The table format called ``name`` (``KeyError`` for none)."""
    return _TABLES[name]


def json_format(name: str) -> JsonFormat:
    """The JSON format called ``name`` (``KeyError`` for none)."""
    return _JSONS[name]


def header_formats(cells: list[str], only: str | None = None) -> tuple[TableFormat, ...]:
    """Every table format whose header these cells are (``only``: just the one of that name);
    more than one is an ambiguous file, which detection refuses rather than guess."""
    return tuple(
        f for f in TABLE_FORMATS if (only is None or f.name == only) and f.is_header(cells)
    )


def header_format(cells: list[str]) -> TableFormat | None:
    """The first table format whose header these cells are, else None."""
    return next((f for f in TABLE_FORMATS if f.is_header(cells)), None)


def item_formats(
    item: object, formats: tuple[JsonFormat, ...] = JSON_FORMATS, only: str | None = None
) -> tuple[JsonFormat, ...]:
    """Every one of ``formats`` that recognises this comment object (``only``: just the one of
    that name)."""
    return tuple(f for f in formats if (only is None or f.name == only) and f.matches(item))


def item_format(item: object, formats: tuple[JsonFormat, ...] = JSON_FORMATS) -> JsonFormat | None:
    """The first of ``formats`` that recognises this comment object, else None."""
    return next((f for f in formats if f.matches(item)), None)


def paged_formats(page_key: str) -> tuple[JsonFormat, ...]:
    """The JSON formats whose files are pages holding their comments under ``page_key``."""
    return tuple(f for f in JSON_FORMATS if f.page_key == page_key)


PAGE_KEYS: tuple[str, ...] = tuple(dict.fromkeys(f.page_key for f in JSON_FORMATS if f.page_key))


def json_labels() -> str:
    """The JSON exporters for people: 'A, B or C'."""
    labels = list(dict.fromkeys(f.label for f in JSON_FORMATS))
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


__all__ = [
    "JSON_FORMATS",
    "MAPPED",
    "NAMES",
    "PAGE_KEYS",
    "TABLE_FORMATS",
    "Format",
    "JsonFormat",
    "TableFormat",
    "header_format",
    "header_formats",
    "item_format",
    "item_formats",
    "json_format",
    "json_labels",
    "paged_formats",
    "table_format",
]
