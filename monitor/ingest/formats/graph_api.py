"""Instagram Graph API responses of ``GET /{ig-media-id}/comments``.

``{"data":[{"id","text","timestamp":"2025-03-04T01:15:22+0000","username","like_count",
"replies":{"data":[...]}}],"paging":{...}}``, or a JSON array of several such pages saved
together. The media id is not in the comments unless ``media{id}`` was requested; otherwise
the analyst states the post (``--post-id``). With ``media{id,permalink}`` the post is the
permalink's shortcode, the id post exports and the other comment exports use. Timestamps carry ``+0000``.
"""

from __future__ import annotations

from monitor.ingest.cells import nested, scalar
from monitor.ingest.formats import graph_media
from monitor.ingest.formats.base import ItemJsonFormat, Keys, objects
from monitor.ingest.rows import Context

_KEYS = Keys(created="timestamp", likes="like_count")


def _author(c: dict) -> object:
    name, sender = c.get("username"), c.get("from")
    if not name and isinstance(sender, dict):
        name = sender.get("username")
    return scalar(name)


def _media(c: dict) -> str:
    """The post: the shortcode of ``media.permalink`` when the export asked for it (as post
    exports and the other comment exports name posts), else the media id."""
    media = c.get("media")
    if isinstance(media, dict) and isinstance(media.get("permalink"), str):
        return str(graph_media.post_id(media))
    media = nested(c, "media", "id")
    return str(media) if isinstance(media, str | int) else ""


def _record(c: dict, parent: object, post: str, number: int) -> dict:
    own_parent = scalar(c.get("parent_id")) or parent
    return _KEYS.record(c, number, post=_media(c) or post, parent=own_parent, author=_author(c))


class GraphApi(ItemJsonFormat):
    name = "graph_api"
    label = "Graph API"
    default_tz = "UTC"
    page_key = "data"

    def matches(self, item: object) -> bool:
        """A comment object of the API (the pipeline streams the items of ``data``)."""
        if not isinstance(item, dict):
            return False
        return (
            "timestamp" in item and "text" in item and ("username" in item or "like_count" in item)
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        """One comment object with its replies (``replies.data``, or a bare list)."""
        top = _record(item, None, "", number)
        replies = item.get("replies")
        if isinstance(replies, dict):
            replies = replies.get("data")
        return [
            top,
            *(_record(r, top["comment_id"], top["post_id"], number) for r in objects(replies)),
        ]


FORMAT = GraphApi()
