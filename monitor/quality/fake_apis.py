"""Local stand-ins of the Instagram Graph API and the YouTube Data API, for tests and the
pull benchmark: the real response and error shapes, served by ``http.server`` on 127.0.0.1.

``GraphData`` / ``YouTubeData`` generate an account (media or videos, comments, replies) from
a few numbers; ``FakeApi`` serves one of them in a thread. ``faults[path]`` is a list of answers
(``(status, body, headers)``, or None for the normal answer) served, one per request, before
that path answers normally: a transient 500, a rate-limit error, a quota error. ``requests`` logs what was asked (path,
query, headers), so a test can check that a credential never travelled in a URL. Nothing here
reaches the network.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, Any, dict[str, str]]
GRAPH_TOKEN = "EAAGfaketoken1234567890"
YOUTUBE_KEY = "AIzaFakeKey1234567890"
START = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
WORDS = (
    "pelayanan bansos lambat sekali",
    "terima kasih kemensos sangat membantu",
    "kapan bantuan cair pak",
    "mantap programnya",
    "tolong cek data saya belum masuk",
    "kecewa dengan antrian di kantor",
)


def graph_error(code: int, message: str, kind: str = "OAuthException", status: int = 400) -> Answer:
    """A Graph API error answer."""
    body = {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "AxYz123"}}
    return status, body, {}


def youtube_error(status: int, reason: str, message: str, *, detail: str = "") -> Answer:
    """A YouTube Data API error answer (``detail``: the google.rpc ErrorInfo reason)."""
    error: dict = {
        "code": status,
        "message": message,
        "errors": [{"message": message, "domain": "youtube.api", "reason": reason}],
    }
    if detail:
        error["status"] = "INVALID_ARGUMENT"
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": detail}]
    return status, {"error": error}, {}


GRAPH_BAD_TOKEN = graph_error(190, "Error validating access token: Session has expired.")
GRAPH_RATE_LIMIT = graph_error(4, "Application request limit reached", status=403)
YOUTUBE_BAD_KEY = youtube_error(
    400, "badRequest", "API key not valid. Please pass a valid API key.", detail="API_KEY_INVALID"
)
YOUTUBE_QUOTA = youtube_error(
    403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."
)
YOUTUBE_DISABLED = youtube_error(
    403, "commentsDisabled", "The video identified by the videoId parameter has disabled comments."
)
SERVER_ERROR: Answer = (500, {"error": {"message": "An unexpected error has occurred."}}, {})


def _page(items: list, query: dict[str, str], size_key: str, cursor_key: str, default: int):
    """A slice of ``items`` from the cursor in ``query``: (items, next cursor or None)."""
    size = int(query.get(size_key, default))
    start = int(query.get(cursor_key, "0") or 0)
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, (str(start + size) if more else None)


def _at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@dataclass
class GraphData:
    """An Instagram account: ``media`` media (newest first), ``comments`` comments each,
    ``replies`` replies under every comment (``inline`` of them fit in the expansion)."""

    account_id: str = "17841400000000001"
    media: int = 3
    comments: int = 4
    replies: int = 1
    inline: int = 25
    token: str = GRAPH_TOKEN
    likes: int = 0  # added to every like count (a second pull sees more likes)
    day_step: int = 1  # days between media
    usage: dict[str, int] = field(default_factory=dict)  # path -> X-Business-Use-Case-Usage %

    def media_list(self) -> list[dict]:
        out = []
        for m in range(self.media):
            published = _at(-m * self.day_step * 1440)
            out.append(
                {
                    "id": f"1790{m:012d}",
                    "caption": f"Unggahan ke-{m} tentang bansos",
                    "media_type": "IMAGE",
                    "permalink": f"https://www.instagram.com/p/FAKE{m:04d}/",
                    "timestamp": published.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                    "like_count": 100 + m + self.likes,
                    "comments_count": self.comments * (1 + self.replies),
                }
            )
        return out

    def _media_time(self, media_id: str) -> datetime:
        m = int(media_id[4:])
        return _at(-m * self.day_step * 1440)

    def comment(self, media_id: str, c: int, r: int | None = None) -> dict:
        base = self._media_time(media_id)
        cid = f"{media_id}{c:05d}" + (f"{r:03d}" if r is not None else "")
        when = base + timedelta(minutes=10 + c * 3 + (r + 1 if r is not None else 0))
        return {
            "id": cid,
            "text": WORDS[(c + (r or 0)) % len(WORDS)] + f" #{cid[-6:]}",
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "username": f"warga_{c % 97}_{r if r is not None else 'x'}",
            "like_count": c % 5 + self.likes,
        }

    def replies_of(self, comment_id: str) -> list[dict]:
        media_id, c = comment_id[:16], int(comment_id[16:21])
        return [self.comment(media_id, c, r) for r in range(self.replies)]

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("authorization") != f"Bearer {self.token}":
            return GRAPH_BAD_TOKEN
        parts = path.strip("/").split("/")
        if parts == [self.account_id, "media"]:
            return self._paged(self.media_list(), query, path)
        if len(parts) == 2 and parts[1] == "comments":
            media_id = parts[0]
            items = []
            for c in range(self.comments):
                media: dict = {"id": media_id}
                if "media{id,permalink}" in query.get("fields", ""):
                    media["permalink"] = f"https://www.instagram.com/p/FAKE{int(media_id[4:]):04d}/"
                item = {**self.comment(media_id, c), "media": media}
                replies = self.replies_of(item["id"])
                if replies:
                    inline: dict = {"data": replies[: self.inline]}
                    if len(replies) > self.inline:
                        inline["paging"] = {
                            "cursors": {"before": "0", "after": str(self.inline)},
                            "next": f"https://graph.example/{item['id']}/replies?after={self.inline}",
                        }
                    item["replies"] = inline
                items.append(item)
            return self._paged(items, query, path)
        if len(parts) == 2 and parts[1] == "replies":
            return self._paged(self.replies_of(parts[0]), query, path)
        return graph_error(100, "Unsupported get request.", "GraphMethodException")

    def _paged(self, items: list, query: dict[str, str], path: str) -> Answer:
        chunk, after = _page(items, query, "limit", "after", 25)
        body: dict = {"data": chunk}
        if after is not None:
            # as the real API does when the token was a query parameter: the next link holds it
            body["paging"] = {
                "cursors": {"before": "0", "after": after},
                "next": f"https://graph.example{path}?after={after}&access_token={self.token}",
            }
        headers = {
            "x-app-usage": json.dumps({"call_count": 5, "total_cputime": 2, "total_time": 3})
        }
        if path in self.usage:
            figure = {"type": "instagram", "call_count": self.usage[path], "total_cputime": 10}
            figure["total_time"], figure["estimated_time_to_regain_access"] = 12, 0
            headers["x-business-use-case-usage"] = json.dumps({"1234567890": [figure]})
        return 200, body, headers


@dataclass
class YouTubeData:
    """A YouTube channel: ``videos`` uploads (newest first), ``threads`` per video,
    ``replies`` per thread (five fit inline)."""

    channel_id: str = "UCfakechannel0000000001"
    videos: int = 3
    threads: int = 4
    replies: int = 1
    key: str = YOUTUBE_KEY
    disabled: frozenset[str] = frozenset()  # video ids whose comments are disabled
    likes: int = 0
    day_step: int = 1

    def video_id(self, v: int) -> str:
        return f"vid{v:08d}"

    def _video_time(self, video_id: str) -> datetime:
        return _at(-int(video_id[3:]) * self.day_step * 1440)

    def comment(self, video_id: str, t: int, r: int | None = None) -> dict:
        cid = f"Ug{video_id}{t:05d}" + (f".r{r:03d}" if r is not None else "")
        when = self._video_time(video_id) + timedelta(
            minutes=10 + t * 3 + (r + 1 if r is not None else 0)
        )
        text = WORDS[(t + (r or 0)) % len(WORDS)] + f" #{cid[-6:]}"
        snippet = {
            "channelId": self.channel_id,
            "videoId": video_id,
            "textDisplay": text.replace(" ", "&nbsp;", 1),
            "textOriginal": text,
            "authorDisplayName": f"@penonton{t % 89}",
            "authorChannelUrl": f"http://www.youtube.com/@penonton{t % 89}",
            "authorChannelId": {"value": f"UCviewer{t % 89:05d}"},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": t % 4 + self.likes,
            "publishedAt": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "updatedAt": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if r is not None:
            snippet["parentId"] = f"Ug{video_id}{t:05d}"
            del snippet["videoId"]  # comments.list replies carry no videoId
        return {"kind": "youtube#comment", "etag": "e", "id": cid, "snippet": snippet}

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("x-goog-api-key") != self.key:
            return YOUTUBE_BAD_KEY
        name = path.strip("/").split("/")[-1]
        if name == "channels":
            if query.get("id") != self.channel_id:
                return 200, {"kind": "youtube#channelListResponse", "items": []}, {}
            uploads = "UU" + self.channel_id[2:]
            item = {
                "id": self.channel_id,
                "contentDetails": {"relatedPlaylists": {"uploads": uploads}},
            }
            return 200, {"kind": "youtube#channelListResponse", "items": [item]}, {}
        if name == "playlistItems":
            items = []
            for v in range(self.videos):
                vid = self.video_id(v)
                published = self._video_time(vid).strftime("%Y-%m-%dT%H:%M:%SZ")
                items.append(
                    {
                        "kind": "youtube#playlistItem",
                        "id": f"pl{v}",
                        "snippet": {
                            "publishedAt": published,
                            "title": f"Video ke-{v}: penyaluran bansos",
                            "resourceId": {"kind": "youtube#video", "videoId": vid},
                        },
                        "contentDetails": {"videoId": vid, "videoPublishedAt": published},
                    }
                )
            return self._paged(items, query, "youtube#playlistItemListResponse", 5)
        if name == "videos":
            items = [
                {
                    "kind": "youtube#video",
                    "id": vid,
                    "statistics": {
                        "viewCount": str(1000 + int(vid[3:]) * 10),
                        "likeCount": str(50 + int(vid[3:]) + self.likes),
                        "favoriteCount": "0",
                        "commentCount": str(self.threads * (1 + self.replies)),
                    },
                }
                for vid in query.get("id", "").split(",")
                if vid.startswith("vid") and int(vid[3:]) < self.videos
            ]
            return 200, {"kind": "youtube#videoListResponse", "items": items}, {}
        if name == "commentThreads":
            vid = query.get("videoId", "")
            if vid in self.disabled:
                return YOUTUBE_DISABLED
            threads = []
            for t in reversed(range(self.threads)):  # order=time: newest first
                top = self.comment(vid, t)
                replies = [self.comment(vid, t, r) for r in range(self.replies)]
                threads.append(
                    {
                        "kind": "youtube#commentThread",
                        "etag": "e",
                        "id": top["id"],
                        "snippet": {
                            "channelId": self.channel_id,
                            "videoId": vid,
                            "topLevelComment": top,
                            "canReply": True,
                            "totalReplyCount": self.replies,
                            "isPublic": True,
                        },
                        **({"replies": {"comments": replies[:5]}} if replies else {}),
                    }
                )
            return self._paged(threads, query, "youtube#commentThreadListResponse", 20)
        if name == "comments":
            parent = query.get("parentId", "")
            vid, t = parent[2:13], int(parent[13:18])
            replies = [self.comment(vid, t, r) for r in range(self.replies)]
            return self._paged(replies, query, "youtube#commentListResponse", 20)
        return youtube_error(404, "notFound", "Not Found")

    def _paged(self, items: list, query: dict[str, str], kind: str, default: int) -> Answer:
        chunk, token = _page(items, query, "maxResults", "pageToken", default)
        body: dict = {
            "kind": kind,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(chunk)},
            "items": chunk,
        }
        if token is not None:
            body["nextPageToken"] = token
        return 200, body, {}


@dataclass
class FakeApi:
    """Serves ``data.answer`` on 127.0.0.1 in a thread (``with FakeApi(data) as api``)."""

    data: Any
    faults: dict[str, list[Answer | None]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)
    prefix: str = ""  # the path the base URL ends in (``/v21.0``, ``/youtube/v3``)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                path = (
                    parts.path[len(api.prefix) :]
                    if parts.path.startswith(api.prefix)
                    else parts.path
                )
                status, body, extra = api.answer(path, query, headers)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread: threading.Thread | None = None

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        with self._lock:
            self.requests.append((path, query, headers))
            queued = self.faults.get(path)
            fault = queued.pop(0) if queued else None
        return fault if fault is not None else self.data.answer(path, query, headers)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self) -> FakeApi:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def serve(
    data: Any, prefix: str = "", faults: dict[str, list[Answer | None]] | None = None
) -> FakeApi:
    """A ``FakeApi`` for ``data`` (start it with ``with``)."""
    return FakeApi(data, faults or {}, prefix=prefix)
