"""Instagram Graph API media lists: ``GET /{ig-user-id}/media`` saved as JSON.

``{"data": [{id, caption, media_type: IMAGE|VIDEO|CAROUSEL_ALBUM, media_product_type,
permalink, timestamp: "2020-12-06T05:00:00+0000", like_count, comments_count}],
"paging": {...}}``, or an array of such pages. A post file (the account's media), not a
comment file. The post is the shortcode of its ``permalink`` (the id Instagram's links and the
comment exports use), else the media ``id``. A reel (``media_product_type`` REELS) is a reel.
"""

from __future__ import annotations

import re

from monitor.ingest.cells import scalar
from monitor.ingest.formats.base import PostJsonFormat, hashtags
from monitor.ingest.rows import Context

_CODE = re.compile(r"instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)")
_TYPES = {"IMAGE": "image", "VIDEO": "video", "CAROUSEL_ALBUM": "carousel"}


def post_id(item: dict) -> object:
    """A media's post id: the shortcode of its permalink, else its media id (the pulls use it too)."""
    link = item.get("permalink")
    found = _CODE.search(link) if isinstance(link, str) else None
    return found.group(1) if found else scalar(item.get("id"))


def media_type(item: dict) -> object:
    """``image``, ``video``, ``carousel`` or ``reel``."""
    if item.get("media_product_type") == "REELS":
        return "reel"
    kind = item.get("media_type")
    return _TYPES.get(kind, kind.lower()) if isinstance(kind, str) and kind else None


class GraphMedia(PostJsonFormat):
    name = "graph_media"
    label = "Graph API media list"
    default_tz = "UTC"
    page_key = "data"

    def matches(self, item: object) -> bool:
        """A media object (comments carry ``text``, tweets ``text`` too)."""
        return (
            isinstance(item, dict)
            and "media_type" in item
            and "text" not in item
            and bool({"permalink", "caption", "timestamp"} & set(item))
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        caption = scalar(item.get("caption"))
        return [
            {
                "post_id": post_id(item),
                "post_url": scalar(item.get("permalink")),
                "post_caption": caption,
                "post_media_type": media_type(item),
                "post_hashtags": hashtags(caption),
                "post_published": scalar(item.get("timestamp")),
                "post_like_count": scalar(item.get("like_count")),
                "post_comment_count": scalar(item.get("comments_count")),
                "post_view_count": scalar(item.get("plays") or item.get("video_views")),
                "row": number,
            }
        ]


FORMAT = GraphMedia()
