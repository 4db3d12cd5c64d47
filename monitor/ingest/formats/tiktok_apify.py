"""Apify TikTok comments scraper (clockworks): a JSON array of comments, replies flat beside them.

Keys: ``cid, text, createTime`` (Unix seconds), ``createTimeISO, diggCount`` (likes),
``repliesToId`` (null, or the ``cid`` of the comment answered), ``replyCommentTotal, uniqueId``
(the handle), ``uid`` (the stable user id), ``videoWebUrl`` (``.../@<account>/video/<id>``),
``submittedVideoUrl, avatarThumbnail, likedByAuthor, pinnedByAuthor``.

The post is the video id in ``videoWebUrl`` (else in ``submittedVideoUrl``), and that link its
URL. ``createTime`` is read first (a Unix time is UTC by definition), ``createTimeISO`` where
it is missing. The author is ``uniqueId``, which identifies the monitored account; ``uid`` is
the author id. ``likedByAuthor`` and ``pinnedByAuthor`` (the video's author liked or pinned a
comment) are not replies, so they are not read.
"""

from __future__ import annotations

import re

from monitor.ingest.cells import scalar
from monitor.ingest.formats.base import ItemJsonFormat
from monitor.ingest.rows import Context

_VIDEO = re.compile(r"tiktok\.com/(?:@[^/?#]*/)?(?:video|photo)/(\d+)")


def video_id(url: object) -> str | None:
    """The video id of a TikTok video link, else None."""
    found = _VIDEO.search(url) if isinstance(url, str) else None
    return found.group(1) if found else None


class TikTokApify(ItemJsonFormat):
    name = "tiktok_apify"
    label = "Apify TikTok comments"
    default_tz = "UTC"
    platform = "tiktok"

    def matches(self, item: object) -> bool:
        """A comment object of the scraper."""
        if not isinstance(item, dict) or "cid" not in item:
            return False
        keys = set(item)
        return bool(keys & {"createTime", "createTimeISO"}) and bool(
            keys & {"videoWebUrl", "submittedVideoUrl", "uniqueId", "repliesToId"}
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        url = scalar(item.get("videoWebUrl"))
        created = scalar(item.get("createTime"))
        handle = scalar(item.get("uniqueId"))
        return [
            {
                "comment_id": scalar(item.get("cid")),
                "post_id": video_id(url) or video_id(item.get("submittedVideoUrl")),
                "parent_id": scalar(item.get("repliesToId")),
                "author": handle,
                "handle": handle if isinstance(handle, str) else "",
                "author_id": scalar(item.get("uid")),
                "text": scalar(item.get("text")),
                "created": created if created is not None else scalar(item.get("createTimeISO")),
                "like_count": scalar(item.get("diggCount")),
                "row": number,
                "post_url": url,
            }
        ]


FORMAT = TikTokApify()
