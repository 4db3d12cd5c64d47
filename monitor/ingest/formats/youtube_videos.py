"""YouTube Data API v3 ``videos.list`` responses (``part=snippet,statistics``) saved as JSON.

``{"kind": "youtube#videoListResponse", "items": [{kind: "youtube#video", id, snippet{title,
description, publishedAt, channelId, tags}, statistics{viewCount, likeCount, commentCount}}]}``
(counts are strings), one page or an array of pages. A post file, not a comment file: the post
is the video ``id``, its title the ``title``, its caption the ``description``; hashtags are the
description's (YouTube's ``tags`` are hidden keywords, not hashtags). ``publishedAt`` is UTC.
"""

from __future__ import annotations

from monitor.ingest.cells import nested, scalar
from monitor.ingest.formats.base import PostJsonFormat, hashtags
from monitor.ingest.rows import Context


class YouTubeVideos(PostJsonFormat):
    name = "youtube_videos"
    label = "YouTube videos.list"
    default_tz = "UTC"
    platform = "youtube"
    page_key = "items"

    def matches(self, item: object) -> bool:
        """A video resource (the comment formats' items are threads and comments)."""
        if not isinstance(item, dict):
            return False
        if item.get("kind") == "youtube#video":
            return True
        return isinstance(item.get("statistics"), dict) and isinstance(
            nested(item, "snippet", "title"), str
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        snippet = item.get("snippet") if isinstance(item.get("snippet"), dict) else {}
        video = scalar(item.get("id"))
        description = scalar(snippet.get("description"))
        return [
            {
                "post_id": video,
                "post_url": f"https://www.youtube.com/watch?v={video}"
                if isinstance(video, str)
                else None,
                "post_title": scalar(snippet.get("title")),
                "post_caption": description,
                "post_media_type": "video",
                "post_hashtags": hashtags(description),
                "post_published": scalar(snippet.get("publishedAt")),
                "post_like_count": scalar(nested(item, "statistics", "likeCount")),
                "post_comment_count": scalar(nested(item, "statistics", "commentCount")),
                "post_view_count": scalar(nested(item, "statistics", "viewCount")),
                "row": number,
            }
        ]


FORMAT = YouTubeVideos()
