"""Apify's Instagram Post Scraper (``apify/instagram-post-scraper``) output saved as JSON.

A JSON array (or JSON lines) of post objects: ``{id, type: Image|Video|Sidecar, shortCode,
caption, hashtags: [...], url, commentsCount, likesCount, timestamp, videoViewCount,
ownerUsername, latestComments: [...], ...}``. A post file, not a comment file: each object is
one post (``latestComments`` are a sample the scraper shows, not the comments; import the
comment scraper's export for those). The post is its ``shortCode`` (the id Instagram's links
and the comment exports use); ``likesCount`` is -1 where the account hides likes (stored as
unknown). ``timestamp`` is ISO with ``Z``.
"""

from __future__ import annotations

from monitor.ingest.cells import scalar
from monitor.ingest.formats.base import PostJsonFormat, hashtags
from monitor.ingest.rows import Context

_MEDIA = {"image": "image", "video": "video", "sidecar": "carousel"}


def media_type(value: object) -> object:
    """Apify's ``type`` as stored (``Sidecar`` is a carousel)."""
    return _MEDIA.get(value.lower(), value.lower()) if isinstance(value, str) and value else None


class ApifyPosts(PostJsonFormat):
    name = "apify_posts"
    label = "Apify Instagram Post Scraper"
    default_tz = "UTC"

    def matches(self, item: object) -> bool:
        """A post object of the scraper (its comments scraper's objects carry ``text``)."""
        return (
            isinstance(item, dict)
            and "shortCode" in item
            and "text" not in item
            and bool({"caption", "likesCount", "commentsCount"} & set(item))
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        caption = scalar(item.get("caption"))
        return [
            {
                "post_id": scalar(item.get("shortCode")),
                "post_url": scalar(item.get("url")),
                "post_caption": caption,
                "post_media_type": media_type(item.get("type")),
                "post_hashtags": hashtags(caption, item.get("hashtags")),
                "post_published": scalar(item.get("timestamp")),
                "post_like_count": scalar(item.get("likesCount")),
                "post_comment_count": scalar(item.get("commentsCount")),
                "post_view_count": scalar(item.get("videoViewCount")),
                "row": number,
            }
        ]


FORMAT = ApifyPosts()
