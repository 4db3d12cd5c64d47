"""Instaloader ``*_comments.json``: a JSON array of top-level comments.

Keys: ``id`` (string or int), ``created_at`` (Unix seconds, UTC), ``text``,
``owner{username,...}``, ``likes_count`` and ``answers`` (replies with the same keys).
The file holds no post id: it comes from the file name
(``2020-12-06_12-00-00_UTC_CIabcDEFghi_comments.json`` or ``CIabcDEFghi_comments.json``)
or from the analyst (``--post-id``), which wins over the file name.
"""

from __future__ import annotations

import re

from monitor.ingest.cells import nested
from monitor.ingest.formats.base import ItemJsonFormat, Keys, objects
from monitor.ingest.rows import Context

_FILE = re.compile(
    r"(?:^|[\\/])(?:\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_UTC_)?([A-Za-z0-9_-]{5,40}?)_comments(?:\.json)?$"
)
_KEYS = Keys(created="created_at", likes="likes_count")


def post_from_file_name(name: str | None) -> str | None:
    if not name:
        return None
    m = _FILE.search(name)
    return m.group(1) if m else None


def _record(item: dict, parent: object, number: int) -> dict:
    name = nested(item, "owner", "username")
    author = name if isinstance(name, str) else None
    return _KEYS.record(item, number, post="", parent=parent, author=author)


class Instaloader(ItemJsonFormat):
    name = "instaloader"
    label = "Instaloader"
    default_tz = "UTC"  # created_at is a Unix time; there are no naive timestamps

    def matches(self, item: object) -> bool:
        if not isinstance(item, dict):
            return False
        return "created_at" in item and "text" in item and ("owner" in item or "answers" in item)

    def post_from_file_name(self, file_name: str) -> str | None:
        return post_from_file_name(file_name)

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        top = _record(item, None, number)
        return [top, *(_record(a, top["comment_id"], number) for a in objects(item.get("answers")))]


FORMAT = Instaloader()
