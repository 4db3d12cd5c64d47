"""Instagram Graph API responses of ``GET /{ig-media-id}/comments``.

``{"data":[{"id","text","timestamp":"2025-03-04T01:15:22+0000","username","like_count",
"replies":{"data":[...]}}],"paging":{...}}``, or a JSON array of several such pages saved
together. The media id is not in the comments unless ``media{id}`` was requested; otherwise
the analyst states the post (``--post-id``). Timestamps carry ``+0000``.
"""

from __future__ import annotations

from monitor.ingest.rows import Context

NAME = "graph_api"
DEFAULT_TZ = "UTC"


def matches(item: object) -> bool:
    """A page (``data`` list) or a bare comment object of the API."""
    if not isinstance(item, dict):
        return False
    if isinstance(item.get("data"), list):
        return True
    return "timestamp" in item and "text" in item and ("username" in item or "like_count" in item)


def _scalar(v: object) -> object:
    return v if isinstance(v, str | int | float) and not isinstance(v, bool) else None


def _author(c: dict) -> object:
    name = c.get("username")
    if not name and isinstance(c.get("from"), dict):
        name = c["from"].get("username")
    return _scalar(name)


def _media(c: dict) -> str:
    media = c.get("media")
    if isinstance(media, dict) and isinstance(media.get("id"), str | int):
        return str(media["id"])
    return ""


def _record(c: dict, parent: object, post: str, number: int) -> dict:
    return {
        "comment_id": _scalar(c.get("id")),
        "post_id": _media(c) or post,
        "parent_id": _scalar(c.get("parent_id")) or parent,
        "author": _author(c),
        "text": _scalar(c.get("text")),
        "created": _scalar(c.get("timestamp")),
        "like_count": _scalar(c.get("like_count")),
        "row": number,
    }


def flatten(item: dict, number: int, ctx: Context) -> list[dict]:
    """One comment object (the pipeline streams ``data`` items) with its replies."""
    top = _record(item, None, "", number)
    out = [top]
    replies = item.get("replies")
    if isinstance(replies, dict):
        replies = replies.get("data")
    if isinstance(replies, list):
        out.extend(
            _record(r, top["comment_id"], top["post_id"], number)
            for r in replies
            if isinstance(r, dict)
        )
    return out
