"""Instaloader ``*_comments.json``: a JSON array of top-level comments.

Keys: ``id`` (string or int), ``created_at`` (Unix seconds, UTC), ``text``,
``owner{username,...}``, ``likes_count`` and ``answers`` (replies with the same keys).
The file holds no post id: it comes from the file name
(``2020-12-06_12-00-00_UTC_CIabcDEFghi_comments.json`` or ``CIabcDEFghi_comments.json``)
or from the analyst (``--post-id``), which wins over the file name.
"""

from __future__ import annotations

import re

from monitor.ingest.rows import Context

NAME = "instaloader"
DEFAULT_TZ = "UTC"  # created_at is a Unix time; there are no naive timestamps
_FILE = re.compile(
    r"(?:^|[\\/])(?:\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_UTC_)?([A-Za-z0-9_-]{5,40}?)_comments(?:\.json)?$"
)


def post_from_file_name(name: str | None) -> str | None:
    if not name:
        return None
    m = _FILE.search(name)
    return m.group(1) if m else None


def matches(item: object) -> bool:
    if not isinstance(item, dict):
        return False
    return "created_at" in item and "text" in item and ("owner" in item or "answers" in item)


def _owner(item: dict) -> object:
    owner = item.get("owner")
    if isinstance(owner, dict):
        name = owner.get("username")
        return name if isinstance(name, str) else None
    return None


def _scalar(v: object) -> object:
    return v if isinstance(v, str | int | float) and not isinstance(v, bool) else None


def _record(item: dict, parent: object, number: int) -> dict:
    return {
        "comment_id": _scalar(item.get("id")),
        "post_id": "",
        "parent_id": parent,
        "author": _owner(item),
        "text": _scalar(item.get("text")),
        "created": _scalar(item.get("created_at")),
        "like_count": _scalar(item.get("likes_count")),
        "row": number,
    }


def flatten(item: dict, number: int, ctx: Context) -> list[dict]:
    top = _record(item, None, number)
    out = [top]
    answers = item.get("answers")
    if isinstance(answers, list):
        out.extend(_record(a, top["comment_id"], number) for a in answers if isinstance(a, dict))
    return out
