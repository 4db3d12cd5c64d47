"""YouTube Data API v3 ``commentThreads.list`` responses saved as JSON (one page or several).

A page is ``{"kind": "youtube#commentThreadListResponse", "items": [thread...],
"nextPageToken": ..., "pageInfo": ...}``; a file is one page, a JSON array of pages (pages one
per line too), or a bare array of threads. A thread is ``{id, snippet{videoId, channelId,
topLevelComment, totalReplyCount}, replies{comments[]}}`` and each comment ``{id,
snippet{textOriginal, textDisplay, authorDisplayName, authorChannelUrl, authorChannelId{value},
likeCount, publishedAt, updatedAt, parentId}}``. ``comments.list`` pages (replies, kind
``youtube#comment``) are read too.

The post is the video (``videoId``). ``textOriginal`` is the text as written; where it is
missing, ``textDisplay`` (HTML: escapes, ``<br>``, links) is read back to plain text. The author
is ``authorDisplayName``; the stable author id is the channel (``authorChannelId.value``), and a
comment by the video's own channel (``snippet.channelId``) is the account's (``is_owner``): the
display name never decides it, and the handle only where YouTube gives one (``@name``).
Times are ``publishedAt`` (UTC, ``Z``); an edit (``updatedAt``) does not move a comment.
"""

from __future__ import annotations

import html
import re

from monitor.ingest.cells import nested, scalar
from monitor.ingest.formats.base import ItemJsonFormat, objects
from monitor.ingest.rows import Context

_KINDS = ("youtube#commentThread", "youtube#comment")
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HANDLE_URL = re.compile(r"youtube\.com/@([^/?#]+)")


def plain_text(display: str) -> str:
    """``textDisplay``'s HTML as the text it shows: line breaks kept, tags dropped, escapes
    read (markup a commenter typed arrives escaped, so it survives as written)."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", display)))


def _text(snippet: dict) -> object:
    original = snippet.get("textOriginal")
    if isinstance(original, str):
        return original
    display = snippet.get("textDisplay")
    return plain_text(display) if isinstance(display, str) else None


def _handle(snippet: dict) -> str:
    """The author's ``@handle`` where YouTube gives one (never a free display name)."""
    name = snippet.get("authorDisplayName")
    if isinstance(name, str) and name.startswith("@"):
        return name
    url = snippet.get("authorChannelUrl")
    found = _HANDLE_URL.search(url) if isinstance(url, str) else None
    return "@" + found.group(1) if found else ""


def _record(comment: dict, number: int, video: object, channel: object, parent: object) -> dict:
    snippet = comment.get("snippet") if isinstance(comment.get("snippet"), dict) else {}
    author_id = scalar(nested(snippet, "authorChannelId", "value"))
    channel = channel or scalar(snippet.get("channelId"))
    return {
        "comment_id": scalar(comment.get("id")),
        "post_id": scalar(snippet.get("videoId")) or video,
        "parent_id": scalar(snippet.get("parentId")) or parent,
        "author": scalar(snippet.get("authorDisplayName")),
        "handle": _handle(snippet),
        "author_id": author_id,
        "is_owner": author_id is not None and author_id == channel,
        "text": _text(snippet),
        "created": scalar(snippet.get("publishedAt")),
        "like_count": scalar(snippet.get("likeCount")),
        "row": number,
    }


class YouTube(ItemJsonFormat):
    name = "youtube"
    label = "YouTube Data API"
    default_tz = "UTC"
    platform = "youtube"
    page_key = "items"

    def matches(self, item: object) -> bool:
        """A comment thread (or a comment) of the API."""
        return isinstance(item, dict) and (
            item.get("kind") in _KINDS
            or isinstance(nested(item, "snippet", "topLevelComment"), dict)
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        """A thread's top-level comment and the replies it carries (a bare comment alone)."""
        snippet = item.get("snippet") if isinstance(item.get("snippet"), dict) else {}
        top = snippet.get("topLevelComment")
        if not isinstance(top, dict):  # a comment of comments.list
            return [_record(item, number, None, None, None)]
        video, channel = scalar(snippet.get("videoId")), scalar(snippet.get("channelId"))
        first = _record(top, number, video, channel, None)
        replies = objects(nested(item, "replies", "comments"))
        return [
            first,
            *(_record(r, number, first["post_id"], channel, first["comment_id"]) for r in replies),
        ]


FORMAT = YouTube()
