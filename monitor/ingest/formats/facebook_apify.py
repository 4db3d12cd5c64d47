"""Apify Facebook comments scraper: a JSON array of comments, replies flat beside them.

Keys: ``facebookUrl, commentUrl, id, feedbackId, date`` (ISO ``...Z``), ``text, profileName,
profileId, profileUrl, likesCount`` (a number, a string, or missing when zero), ``commentsCount,
threadingDepth, facebookId`` (the post), ``postTitle, inputUrl``; newer runs add ``commentId``.
A reply has ``threadingDepth`` 1 and a ``commentUrl`` ending ``comment_id=<parent>&
reply_comment_id=<reply>``. A sticker-only comment has no ``text`` and is rejected as having
none.

Ids: Facebook's numeric comment id, as the comment URLs write it (``commentId``, else the URL's
``reply_comment_id`` or ``comment_id``, else the number in the base64 ``id``
``comment:<post>_<comment>``), so a reply's parent is found by the same id. The post is
``facebookId``, with ``facebookUrl`` as its link and ``postTitle`` as its title.

``profileName`` is a display name anyone can choose; the handle is the profile's vanity name
in ``profileUrl`` (``facebook.com/KemensosRI``; none for ``profile.php?id=`` or ``people/``
links) and ``profileId`` the stable author id, so only those can make a comment the account's.
A missing ``likesCount`` is zero, as the scraper leaves it out for zero; a ``null`` one is
unknown.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import parse_qs, urlsplit

from monitor.ingest.cells import scalar
from monitor.ingest.formats.base import ItemJsonFormat
from monitor.ingest.rows import Context

MARKS = frozenset({"facebookUrl", "facebookId", "feedbackId"})  # what only Facebook items carry
_COMMENT_KEYS = frozenset({"commentUrl", "profileName", "profileId", "threadingDepth", "date"})
_VANITY = re.compile(
    r"^https?://(?:[a-z]+\.)?facebook\.com/(?!(?:profile\.php|people|p|pages|groups)(?:[/?#]|$))"
    r"([A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*)/?(?:[?#].*)?$"
)


def vanity_name(url: object) -> str:
    """The vanity name of a profile or page link ('' when the link has none)."""
    found = _VANITY.match(url) if isinstance(url, str) else None
    return found.group(1) if found else ""


def _url_ids(url: object) -> tuple[str | None, str | None]:
    """(comment_id, reply_comment_id) of a comment link."""
    if not isinstance(url, str) or "comment_id=" not in url:
        return None, None
    try:
        query = parse_qs(urlsplit(url).query)
    except ValueError:
        return None, None
    first = query.get("comment_id", [None])[0]
    reply = query.get("reply_comment_id", [None])[0]
    return first, reply


def _decoded(graph_id: object) -> tuple[str | None, str | None]:
    """(post, comment) of a base64 ``comment:<post>_<comment>`` id."""
    if not isinstance(graph_id, str) or len(graph_id) > 400:
        return None, None
    try:
        text = base64.b64decode(graph_id + "=" * (-len(graph_id) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, None
    kind, _, rest = text.partition(":")
    post, _, comment = rest.rpartition("_")
    if kind != "comment" or not post.isdigit() or not comment.isdigit():
        return None, None
    return post, comment


class FacebookApify(ItemJsonFormat):
    name = "facebook_apify"
    label = "Apify Facebook comments"
    default_tz = "UTC"
    platform = "facebook"

    def matches(self, item: object) -> bool:
        """A comment object of the scraper (it may lack ``text``: a sticker)."""
        return (
            isinstance(item, dict) and bool(MARKS & set(item)) and bool(_COMMENT_KEYS & set(item))
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        parent_url, reply_url = _url_ids(item.get("commentUrl"))
        post_in_id, id_in_id = _decoded(item.get("id"))
        depth = item.get("threadingDepth")
        is_reply = bool(reply_url) or (isinstance(depth, int | float) and depth >= 1)
        # a reply's link may name only its parent (comment_id): its own id is then in ``id``
        own = scalar(item.get("commentId")) or reply_url
        own = own or (id_in_id if is_reply else parent_url or id_in_id)
        profile = item.get("profileUrl")
        return [
            {
                "comment_id": own or scalar(item.get("id")),
                "post_id": scalar(item.get("facebookId")) or post_in_id,
                "parent_id": parent_url if is_reply and parent_url != own else None,
                "author": scalar(item.get("profileName")),
                "handle": vanity_name(profile),
                "author_id": scalar(item.get("profileId")),
                "text": scalar(item.get("text")),
                "created": scalar(item.get("date")),
                "like_count": scalar(item.get("likesCount")) if "likesCount" in item else 0,
                "row": number,
                "post_url": scalar(item.get("facebookUrl")),
                "post_title": scalar(item.get("postTitle")),
            }
        ]


FORMAT = FacebookApify()
