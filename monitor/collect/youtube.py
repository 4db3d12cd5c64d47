"""The YouTube Data API v3 walk: a channel's uploads, each video's comment threads and replies.

``channels?part=contentDetails`` gives the uploads playlist; ``playlistItems`` (50 a page) its
videos, newest first; ``commentThreads?part=snippet,replies&order=time&textFormat=plainText``
(100 a page) each video's threads; a thread carries at most five replies inline, so one whose
``totalReplyCount`` is higher has all its replies read from ``comments?parentId=`` (100 a page)
into ``replies.comments``. Paging follows ``nextPageToken``. The videos' view, like and comment
counts come from ``videos?part=statistics`` (50 ids a call), which the playlist does not carry.
Every list call costs one unit of the daily quota (10,000 by default).

What the walk gives is what ``ingest.formats.youtube`` reads (threads, ``textOriginal`` kept).
A video published before ``since`` ends the walk of videos; a comment before it is left out
(a later reply under it is kept in its thread, whose first comment the store then knows).

Errors (``{"error": {"code", "message", "errors": [{"reason"}], "details": [{"reason"}]}}``):
``API_KEY_INVALID`` / ``keyInvalid`` (and an API the key may not use) is the key refused
(``CredentialError``); ``quotaExceeded`` (and the other limits in ``QUOTA_REASONS``) stops the
walk cleanly (``Stop``); ``commentsDisabled`` on a video skips that video with a notice.
"""

from __future__ import annotations

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

DEFAULT_BASE = "https://www.googleapis.com/youtube/v3"
VIDEO_PAGE = 50
THREAD_PAGE = 100
REPLY_PAGE = 100
INLINE_REPLIES = 5
CREDENTIAL_REASONS = frozenset(
    {
        "API_KEY_INVALID",
        "keyInvalid",
        "keyExpired",
        "API_KEY_SERVICE_BLOCKED",
        "accessNotConfigured",
    }
)
QUOTA_REASONS = frozenset(
    {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded"}
)
SKIP_REASONS = frozenset({"commentsDisabled", "videoNotFound", "forbidden"})
CREDENTIAL = "the YouTube API key (--api-key, [pull.youtube] api_key or CITRA_YT_KEY)"
VIDEO_URL = "https://www.youtube.com/watch?v={}"
# post facts <- videos.list statistics (counts come as strings)
STATISTICS = {"view_count": "viewCount", "like_count": "likeCount", "comment_count": "commentCount"}


class _Skip(PullError):
    """This video's comments cannot be read (disabled, gone): skipped with a notice."""


def _reasons(error: dict) -> list[str]:
    out = [e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)]
    out += [d.get("reason") for d in error.get("details") or [] if isinstance(d, dict)]
    return [r for r in out if isinstance(r, str)]


class YouTubeWalk:
    """One walk of a channel: ``run`` fills ``harvest`` until the end or a ``Stop``."""

    def __init__(self, client: Client, channel_id: str, key: str, since: datetime | None) -> None:
        self.client, self.channel_id, self.key, self.since = client, channel_id, key, since
        self.harvest = Harvest()

    def _get(self, path: str, params: dict) -> dict:
        reply = self.client.get(path, params)
        self.harvest.requests += 1
        self._check(reply, path)
        return reply.body

    def _check(self, reply: Reply, path: str) -> None:
        body = reply.body
        error = body.get("error") if isinstance(body, dict) else None
        if reply.status < 400 and error is None:
            if not isinstance(body, dict):
                raise Stop(f"YouTube Data API answered {path} with something that is not JSON")
            return
        error = error if isinstance(error, dict) else {}
        reasons = _reasons(error)
        message = redact(str(error.get("message") or "")[:300], self.key)
        said = f"HTTP {reply.status}, {', '.join(reasons) or 'no reason'}: {message}".rstrip(": ")
        if CREDENTIAL_REASONS.intersection(reasons):
            raise CredentialError(f"{CREDENTIAL} was refused ({said})")
        if QUOTA_REASONS.intersection(reasons):
            raise Stop(f"YouTube quota reached ({said}); stopped early")
        if SKIP_REASONS.intersection(reasons) and path in ("commentThreads", "comments"):
            raise _Skip(said)
        if reply.status >= 500:
            raise Stop(f"YouTube Data API kept failing on {path} ({said}); stopped early")
        raise PullError(f"YouTube Data API refused {path} ({said})")

    def _pages(self, path: str, params: dict) -> Iterator[list]:
        params = dict(params)
        while True:
            body = self._get(path, params)
            items = body.get("items")
            yield [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
            token = body.get("nextPageToken")
            if not token:
                return
            params["pageToken"] = token

    def uploads(self) -> str:
        """The channel's uploads playlist."""
        params = {"part": "contentDetails", "id": self.channel_id}
        items = self._get("channels", params).get("items") or []
        for item in items:
            playlist = ((item.get("contentDetails") or {}).get("relatedPlaylists") or {}).get(
                "uploads"
            )
            if playlist:
                return str(playlist)
        raise PullError(f"YouTube has no channel {self.channel_id!r} (--channel-id)")

    def videos(self) -> list[dict]:
        """The uploads from the newest to the first published before ``since``: facts."""
        params = {
            "part": "snippet,contentDetails",
            "playlistId": self.uploads(),
            "maxResults": VIDEO_PAGE,
        }
        out: list[dict] = []
        for page in self._pages("playlistItems", params):
            for item in page:
                snippet = item.get("snippet") or {}
                details = item.get("contentDetails") or {}
                video = details.get("videoId") or (snippet.get("resourceId") or {}).get("videoId")
                published = details.get("videoPublishedAt") or snippet.get("publishedAt")
                if not video:
                    continue
                if before(published, self.since):
                    return out
                out.append(
                    {
                        "post_id": str(video),
                        "url": VIDEO_URL.format(video),
                        "title": snippet.get("title"),
                        "published_at": naive_utc(published),
                    }
                )
        return out

    def add_statistics(self, videos: list[dict]) -> None:
        """Fill each video's view, like and comment counts (``videos?part=statistics``); a
        count the channel hides (likes can be) stays unknown."""
        for start in range(0, len(videos), VIDEO_PAGE):
            batch = videos[start : start + VIDEO_PAGE]
            params = {"part": "statistics", "id": ",".join(v["post_id"] for v in batch)}
            found = {
                str(item.get("id")): item.get("statistics") or {}
                for item in self._get("videos", params).get("items") or []
                if isinstance(item, dict)
            }
            for video in batch:
                stats = found.get(video["post_id"], {})
                for key, name in STATISTICS.items():
                    if str(stats.get(name, "")).isdigit():
                        video[key] = int(stats[name])

    def _all_replies(self, thread_id: str) -> list[dict]:
        params = {
            "part": "snippet",
            "parentId": thread_id,
            "maxResults": REPLY_PAGE,
            "textFormat": "plainText",
        }
        return [c for page in self._pages("comments", params) for c in page]

    def threads(self, video_id: str) -> list[dict]:
        """The video's threads, every reply in ``replies.comments``, ``since`` applied."""
        params = {
            "part": "snippet,replies",
            "videoId": video_id,
            "order": "time",
            "textFormat": "plainText",
            "maxResults": THREAD_PAGE,
        }
        out: list[dict] = []
        for page in self._pages("commentThreads", params):
            for thread in page:
                snippet = thread.get("snippet") or {}
                replies = (thread.get("replies") or {}).get("comments") or []
                total = snippet.get("totalReplyCount") or 0
                if isinstance(total, int) and total > len(replies) and thread.get("id"):
                    replies = self._all_replies(str(thread["id"]))
                replies = [r for r in replies if not _before(r, self.since)]
                top = snippet.get("topLevelComment") or {}
                if _before(top, self.since) and not replies:
                    continue
                out.append({**thread, "replies": {"comments": replies}})
        return out

    def run(self, skip: frozenset[str] = frozenset(), progress: Progress | None = None) -> Harvest:
        """Walk every video (those in ``skip`` were walked by the interrupted run before)."""
        videos = self.videos()
        self.add_statistics(videos)
        self.harvest.posts = videos
        todo = [v for v in videos if v["post_id"] not in skip]
        for i, video in enumerate(todo):
            if progress:
                progress(i / max(len(todo), 1), f"YouTube: video {i + 1} of {len(todo)}")
            try:
                self.harvest.items.extend(self.threads(video["post_id"]))
            except _Skip as exc:
                self.harvest.notices.append(f"video {video['post_id']} skipped ({exc})")
            self.harvest.done.append(video["post_id"])
        return self.harvest


def _before(comment: dict, since: datetime | None) -> bool:
    return before((comment.get("snippet") or {}).get("publishedAt"), since)


def pull(
    client: Client,
    channel_id: str,
    key: str,
    since: datetime | None = None,
    skip: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> Harvest:
    """Walk the channel; a ``Stop`` leaves what was fetched in the returned harvest
    (``stopped`` says why). ``key`` is only used to keep it out of messages."""
    return walk_to_stop(YouTubeWalk(client, channel_id, key, since), skip, progress)
