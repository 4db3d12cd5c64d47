"""The Instagram Graph API walk: an account's media, each media's comments and their replies.

``GET /{ig-user-id}/media`` (``MEDIA_FIELDS``) pages through the media, newest first;
``GET /{media-id}/comments`` (``COMMENT_FIELDS``, the replies expanded inline) through each
media's comments, and ``GET /{comment-id}/replies`` through a comment's replies when they do
not fit inline. Paging follows ``paging.cursors.after`` while ``paging.next`` is there (the
``next`` link itself is never followed or kept: it may carry a token).

What the walk gives is what ``ingest.formats.graph_api`` reads: comment objects with
``replies.data`` and ``media.id``. A media published before ``since`` ends the walk of media
(they come newest first); a comment or reply before it is left out.

Errors (``{"error": {"code", "message", "type", "fbtrace_id"}}``): code 190 is the token
refused (``CredentialError``); 4, 17, 32, 613 and 80002 are rate limits, and so is an
``X-App-Usage`` or ``X-Business-Use-Case-Usage`` figure at ``USAGE_STOP`` %: the walk stops
cleanly (``Stop``) before the next call, keeping what it fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from monitor.collect.base import (
    CredentialError,
    Harvest,
    Progress,
    PullError,
    Stop,
    before,
    naive_utc,
    redact,
    walk_to_stop,
)
from monitor.collect.http import Client, Reply
from monitor.ingest.formats import graph_media
from monitor.ingest.formats.base import hashtags

DEFAULT_BASE = "https://graph.facebook.com/v21.0"
MEDIA_FIELDS = "id,caption,media_type,permalink,timestamp,like_count,comments_count"
_REPLY_FIELDS = "id,text,timestamp,username,like_count,parent_id"
COMMENT_FIELDS = (
    f"id,text,timestamp,username,like_count,media{{id,permalink}},replies{{{_REPLY_FIELDS}}}"
)
MEDIA_PAGE = 25
COMMENT_PAGE = 50
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80002})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
USAGE_STOP = 95  # % of an X-App-Usage / X-Business-Use-Case-Usage figure that stops the walk
CREDENTIAL = "the Instagram token (--token, [pull.instagram] token or CITRA_IG_TOKEN)"


def _usage(value: str | None) -> int:
    """The highest percentage in a usage header (``{"call_count": 96, ...}``, or per business
    id a list of such objects); 0 when absent or unreadable."""
    if not value:
        return 0
    try:
        data = json.loads(value)
    except ValueError:
        return 0
    found: list[float] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, v in node.items():
                if key in ("call_count", "total_cputime", "total_time") and isinstance(
                    v, int | float
                ):
                    found.append(float(v))
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return int(max(found, default=0))


class GraphWalk:
    """One walk of an account: ``run`` fills ``harvest`` until the end or a ``Stop``."""

    def __init__(self, client: Client, account_id: str, token: str, since: datetime | None) -> None:
        self.client, self.account_id, self.token, self.since = client, account_id, token, since
        self.harvest = Harvest()
        self._near_limit = ""  # set by a usage header: stop before the next call

    # --- requests ---------------------------------------------------------------------------

    def _get(self, path: str, params: dict) -> dict:
        if self._near_limit:
            raise Stop(self._near_limit)
        reply = self.client.get(path, params)
        self.harvest.requests += 1
        self._check(reply, path)
        usage = max(
            _usage(reply.headers.get("x-app-usage")),
            _usage(reply.headers.get("x-business-use-case-usage")),
        )
        if usage >= USAGE_STOP:
            self._near_limit = f"Graph API usage at {usage}% of the rate limit; stopped early"
        return reply.body

    def _check(self, reply: Reply, path: str) -> None:
        body = reply.body
        error = body.get("error") if isinstance(body, dict) else None
        if reply.status < 400 and error is None:
            if not isinstance(body, dict):
                raise Stop(f"Graph API answered /{path} with something that is not JSON")
            return
        error = error if isinstance(error, dict) else {}
        code = error.get("code")
        message = redact(str(error.get("message") or "")[:300], self.token)
        said = f"Graph API error {code}: {message}" if code is not None else f"HTTP {reply.status}"
        if code == 190:
            raise CredentialError(f"{CREDENTIAL} was refused: expired or invalid ({said})")
        if code in PERMISSION_CODES:
            raise CredentialError(f"{CREDENTIAL} lacks a permission ({said})")
        if code in RATE_LIMIT_CODES or reply.status == 429:
            raise Stop(f"Graph API rate limit reached ({said}); stopped early")
        if reply.status >= 500:
            raise Stop(f"Graph API kept failing on /{path} ({said}); stopped early")
        raise PullError(f"Graph API refused /{path} ({said})")

    def _pages(self, path: str, params: dict) -> Iterator[list]:
        """The ``data`` of every page, following ``paging.cursors.after``."""
        params = dict(params)
        while True:
            body = self._get(path, params)
            data = body.get("data")
            yield [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []
            paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return
            params["after"] = after

    # --- the walk ---------------------------------------------------------------------------

    def media(self) -> list[dict]:
        """The account's media from the newest to the first before ``since``."""
        out: list[dict] = []
        params = {"fields": MEDIA_FIELDS, "limit": MEDIA_PAGE}
        for page in self._pages(f"{self.account_id}/media", params):
            for m in page:
                if before(m.get("timestamp"), self.since):
                    return out
                if m.get("id") is not None:
                    out.append(m)
        return out

    def _replies(self, comment: dict) -> list[dict]:
        """A comment's replies: inline, or every page of ``/{comment-id}/replies`` when the
        inline ones are only the first page."""
        inline = comment.get("replies")
        inline = inline if isinstance(inline, dict) else {}
        replies = [r for r in inline.get("data") or [] if isinstance(r, dict)]
        if (inline.get("paging") or {}).get("next"):
            params = {"fields": _REPLY_FIELDS, "limit": COMMENT_PAGE}
            replies = [r for page in self._pages(f"{comment['id']}/replies", params) for r in page]
        return replies

    def comments(self, media_id: str, permalink: str | None = None) -> list[dict]:
        """The media's comments (with ``replies.data`` and ``media.id``), ``since`` applied: a
        reply after it under an older comment is kept on its own, naming its parent."""
        out: list[dict] = []
        params = {"fields": COMMENT_FIELDS, "limit": COMMENT_PAGE}
        for page in self._pages(f"{media_id}/comments", params):
            for c in page:
                if c.get("id") is None:
                    continue
                replies = [
                    r for r in self._replies(c) if not before(r.get("timestamp"), self.since)
                ]
                # the media's link names the post as exports do (``graph_api`` reads its shortcode)
                media = {
                    "media": {
                        "id": str(media_id),
                        **({"permalink": permalink} if permalink else {}),
                    }
                }
                if before(c.get("timestamp"), self.since):
                    out.extend({**r, "parent_id": str(c["id"]), **media} for r in replies)
                    continue
                out.append({**c, **media, "replies": {"data": replies}})
        return out

    def run(self, skip: frozenset[str] = frozenset(), progress: Progress | None = None) -> Harvest:
        """Walk every media (those in ``skip`` were walked by the interrupted run before)."""
        media = self.media()
        self.harvest.posts = [_facts(m) for m in media]
        todo = [m for m in media if str(m["id"]) not in skip]
        for i, m in enumerate(todo):
            if progress:
                progress(i / max(len(todo), 1), f"Instagram: media {i + 1} of {len(todo)}")
            self.harvest.items.extend(self.comments(str(m["id"]), m.get("permalink")))
            self.harvest.done.append(str(m["id"]))
        return self.harvest


def _post(media: dict) -> str:
    """The post a media is stored as: its permalink's shortcode (as post exports and comment
    exports name it), so pulled and exported comments of one post meet."""
    return str(graph_media.post_id(media))


def _facts(media: dict) -> dict:
    caption = media.get("caption")
    return {
        "post_id": _post(media),
        "url": media.get("permalink"),
        "caption": caption,
        "media_type": graph_media.media_type(media),
        "hashtags": hashtags(caption),
        "published_at": naive_utc(media.get("timestamp")),
        "like_count": media.get("like_count"),
        "comment_count": media.get("comments_count"),
    }


def pull(
    client: Client,
    account_id: str,
    token: str,
    since: datetime | None = None,
    skip: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> Harvest:
    """Walk the account; a ``Stop`` leaves what was fetched in the returned harvest
    (``stopped`` says why). ``token`` is only used to keep it out of messages."""
    return walk_to_stop(GraphWalk(client, account_id, token, since), skip, progress)
