"""The demo year on X and YouTube, written in the shapes their tools write.

* X API v2 (``write_x_api``): one response page per line, as ``twarc2`` saves a conversation
  search: ``data`` (up to 100 tweets: ``id, conversation_id, author_id, created_at, text,
  in_reply_to_user_id, referenced_tweets[replied_to], public_metrics``), ``includes.users``
  (the authors) and ``includes.tweets`` (each conversation's first tweet: the ministry's post),
  ``meta``. A public reply answers the ministry's tweet; the ministry answers the reply itself.
* tweet-harvest 2.7 (``write_tweet_harvest``): the same tweets as its CSV, every field quoted,
  CRLF, ISO times. The file names only a tweet's thread, not the tweet it answers, so the
  ministry's answers there count as replies to its own post (the demo loads X through the API
  shape, where they answer the complaint).
* YouTube Data API v3 ``commentThreads.list`` (``write_youtube``): a JSON array of response
  pages of up to 100 threads, each a top-level comment and its replies; the video's channel
  (``snippet.channelId``) is the ministry's, and its answers carry that channel as author.

A post of either platform has a title from ``data/post_titles.json`` by its theme.

The posts themselves (``write_instagram_posts``: Apify's Instagram post scraper JSON;
``write_youtube_videos``: a ``videos.list`` response) carry a caption from
``data/post_captions.json`` by the post's theme, drawn by a generator of their own, so the
comment plans draw exactly as before. Their content types follow from the rules over the
captions, and their reception from the comments the theme draws: nothing here sets a figure.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from monitor.demo import vocabulary as T
from monitor.demo.plan import Plan, make_plan
from monitor.demo.records import Row, iso, iter_rows
from monitor.demo.story import ACCOUNT, THEME_NAMES

X_PAGE = 100
YOUTUBE_PAGE = 100
TWEET_HARVEST_COLUMNS = (
    "conversation_id_str",
    "created_at",
    "favorite_count",
    "full_text",
    "id_str",
    "image_url",
    "in_reply_to_screen_name",
    "lang",
    "location",
    "quote_count",
    "reply_count",
    "retweet_count",
    "tweet_url",
    "user_id_str",
    "username",
)
MINISTRY_NAME = "Kementerian Sosial RI"


def _posts(plan: Plan) -> dict[str, dict[str, Any]]:
    """Each post's facts: title (by theme), published time, comment count and likes."""
    rng = np.random.default_rng([plan.seed, 5, len(plan.post_code)])
    counts = np.bincount(plan.post, minlength=len(plan.post_code)) + np.bincount(
        plan.post[plan.r_parent], minlength=len(plan.post_code)
    )
    pick = rng.random(len(plan.post_code)).tolist()
    likes = (counts * rng.uniform(1.5, 6.0, size=len(counts))).astype(int).tolist()
    stamps = iso(plan.post_pub).tolist()
    out = {}
    for i, code in enumerate(plan.post_code):
        titles = T.POST_TITLES[THEME_NAMES[int(plan.post_theme[i])]]
        out[code] = {
            "title": titles[int(pick[i] * len(titles))],
            "published": stamps[i],
            "comments": int(counts[i]),
            "likes": int(likes[i]),
        }
    return out


def _x_text(row: Row, parent: Row | None) -> str:
    """A reply starts with the handle of whom it answers, as X writes replies: the ministry's
    for a reply to its tweet, else the answered tweet's author."""
    text = row[3]
    if parent is None:
        return f"@{ACCOUNT} {text}"
    return text if text.startswith("@") else f"@{parent[4]} {text}"


def _tweets(plan: Plan) -> Iterator[tuple[Row, Row | None, int]]:
    """Every tweet (row, the row it answers or None for a reply to the post, reply count)."""
    for row, replies in iter_rows(0, plan.seed, plan.platform, plan):
        yield row, None, len(replies)
        for reply in replies:
            yield reply, row, 0


def _tweet(row: Row, parent: Row | None, n_replies: int, account_id: str) -> dict[str, Any]:
    cid, post, _, _, _, user_id, _, stamp, likes = row
    answered = parent[0] if parent is not None else post
    return {
        "id": cid,
        "conversation_id": post,
        "author_id": user_id,
        "created_at": stamp,
        "text": _x_text(row, parent),
        "in_reply_to_user_id": parent[5] if parent is not None else account_id,
        "referenced_tweets": [{"type": "replied_to", "id": answered}],
        "public_metrics": {
            "retweet_count": 0,
            "reply_count": n_replies,
            "like_count": likes,
            "quote_count": 0,
        },
        "lang": "in",
        "edit_history_tweet_ids": [cid],
    }


def _root(post: str, facts: dict[str, Any], account_id: str) -> dict[str, Any]:
    return {
        "id": post,
        "conversation_id": post,
        "author_id": account_id,
        "created_at": facts["published"],
        "text": facts["title"],
        "public_metrics": {
            "retweet_count": facts["likes"] // 9,
            "reply_count": facts["comments"],
            "like_count": facts["likes"],
            "quote_count": facts["likes"] // 40,
            "impression_count": facts["likes"] * 37 + facts["comments"] * 11,
        },
        "lang": "in",
        "edit_history_tweet_ids": [post],
    }


def _x_page(tweets: list[tuple[Row, Row | None, int]], plan: Plan, posts: dict) -> dict:
    users: dict[str, dict[str, str]] = {
        plan.account_id: {"id": plan.account_id, "name": MINISTRY_NAME, "username": ACCOUNT}
    }
    for row, _, _ in tweets:
        users.setdefault(row[5], {"id": row[5], "name": row[4], "username": row[4]})
    roots = dict.fromkeys(row[1] for row, _, _ in tweets)
    data = [_tweet(row, parent, k, plan.account_id) for row, parent, k in tweets]
    return {
        "data": data,
        "includes": {
            "users": list(users.values()),
            "tweets": [_root(p, posts[p], plan.account_id) for p in roots],
        },
        "meta": {
            "newest_id": max(t["id"] for t in data),
            "oldest_id": min(t["id"] for t in data),
            "result_count": len(data),
        },
    }


def write_x_api(path: str | Path, n: int, seed: int) -> Path:
    """``n`` tweets on the ministry's X posts as X API v2 pages, one page per line."""
    path = Path(path)
    plan = make_plan(n, seed, "x")
    posts = _posts(plan)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        page: list[tuple[Row, Row | None, int]] = []
        for tweet in _tweets(plan):
            page.append(tweet)
            if len(page) == X_PAGE:
                fh.write(json.dumps(_x_page(page, plan, posts), ensure_ascii=False) + "\n")
                page = []
        if page:
            fh.write(json.dumps(_x_page(page, plan, posts), ensure_ascii=False) + "\n")
    return path


def write_tweet_harvest(path: str | Path, n: int, seed: int) -> Path:
    """The same tweets as ``write_x_api`` as a tweet-harvest 2.7 CSV (the posts' own tweets
    first, by the ministry)."""
    path = Path(path)
    plan = make_plan(n, seed, "x")
    posts = _posts(plan)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(TWEET_HARVEST_COLUMNS)
        for post, facts in posts.items():
            if not facts["comments"]:
                continue
            w.writerow(
                (
                    post,
                    facts["published"],
                    facts["likes"],
                    facts["title"],
                    post,
                    "",
                    "",
                    "in",
                    "Jakarta, Indonesia",
                    facts["likes"] // 40,
                    facts["comments"],
                    facts["likes"] // 9,
                    f"https://x.com/{ACCOUNT}/status/{post}",
                    plan.account_id,
                    ACCOUNT,
                )
            )
        for row, parent, k in _tweets(plan):
            cid, post, _, _, username, user_id, _, stamp, likes = row
            w.writerow(
                (
                    post,
                    stamp,
                    likes,
                    _x_text(row, parent),
                    cid,
                    "",
                    parent[4] if parent is not None else ACCOUNT,
                    "in",
                    "",
                    0,
                    k,
                    0,
                    f"https://x.com/{username}/status/{cid}",
                    user_id,
                    username,
                )
            )
    return path


def _yt_comment(row: Row, video: str, channel: str, parent: str | None) -> dict[str, Any]:
    cid, _, _, text, username, user_id, _, stamp, likes = row
    when = stamp[:19] + "Z"  # the API writes seconds
    snippet: dict[str, Any] = {
        "channelId": channel,
        "videoId": video,
        "textDisplay": html.escape(text).replace("\n", "<br>"),
        "textOriginal": text,
        "authorDisplayName": f"@{username}",
        "authorProfileImageUrl": "https://yt3.ggpht.com/ytc/default-user=s48-c-k-c0x00ffffff-no-rj",
        "authorChannelUrl": f"http://www.youtube.com/@{username}",
        "authorChannelId": {"value": user_id},
        "canRate": True,
        "viewerRating": "none",
        "likeCount": likes,
        "publishedAt": when,
        "updatedAt": when,
    }
    if parent is not None:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "etag": f"demo-{cid[-12:]}", "id": cid, "snippet": snippet}


def _thread(row: Row, replies: list[Row], channel: str) -> dict[str, Any]:
    cid, video = row[0], row[1]
    thread: dict[str, Any] = {
        "kind": "youtube#commentThread",
        "etag": f"demo-t-{cid[-12:]}",
        "id": cid,
        "snippet": {
            "channelId": channel,
            "videoId": video,
            "topLevelComment": _yt_comment(row, video, channel, None),
            "canReply": True,
            "totalReplyCount": len(replies),
            "isPublic": True,
        },
    }
    if replies:
        thread["replies"] = {"comments": [_yt_comment(r, video, channel, cid) for r in replies]}
    return thread


def write_youtube(path: str | Path, n: int, seed: int) -> Path:
    """``n`` comments on the ministry's videos as ``commentThreads.list`` pages (a JSON array)."""
    path = Path(path)
    plan = make_plan(n, seed, "youtube")
    channel = plan.account_id
    pages = _pages(
        (_thread(row, replies, channel) for row, replies in iter_rows(0, seed, "youtube", plan))
    )
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for number, (items, last) in enumerate(pages, start=1):
            body: dict[str, Any] = {
                "kind": "youtube#commentThreadListResponse",
                "etag": f"demo-page-{number}",
                "pageInfo": {"totalResults": len(items), "resultsPerPage": YOUTUBE_PAGE},
                "items": items,
            }
            if not last:
                body["nextPageToken"] = f"demo-{number + 1}"
            fh.write(("\n" if number == 1 else ",\n") + json.dumps(body, ensure_ascii=False))
        fh.write("\n]\n")
    return path


def _pages(items: Iterator[dict[str, Any]]) -> Iterator[tuple[list[dict[str, Any]], bool]]:
    """Items in pages of ``YOUTUBE_PAGE``, each with whether it is the last (one page at least)."""
    page: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] | None = None
    for item in items:
        page.append(item)
        if len(page) == YOUTUBE_PAGE:
            if pending is not None:
                yield pending, False
            pending, page = page, []
    if pending is not None:
        yield pending, not page
    if page or pending is None:
        yield page, True


def _captions(plan: Plan) -> list[str]:
    """Each post's caption by its theme, from a generator of its own (the plan is untouched)."""
    rng = np.random.default_rng([plan.seed, 19, len(plan.post_code)])
    pick = rng.random(len(plan.post_code)).tolist()
    out = []
    for i in range(len(plan.post_code)):
        captions = T.POST_CAPTIONS[THEME_NAMES[int(plan.post_theme[i])]]
        out.append(captions[int(pick[i] * len(captions))])
    return out


def write_instagram_posts(path: str | Path, n: int, seed: int) -> Path:
    """The ministry's Instagram posts of the ``n``-comment demo as Apify's post scraper JSON."""
    path = Path(path)
    plan = make_plan(n, seed, "instagram")
    posts = _posts(plan)
    items = []
    for (code, facts), caption in zip(posts.items(), _captions(plan), strict=True):
        items.append(
            {
                "id": code,
                "type": "Sidecar" if "slide" in caption else "Image",
                "shortCode": code,
                "caption": caption,
                "hashtags": [w.strip(".,!?:")[1:] for w in caption.split() if w.startswith("#")],
                "url": f"https://www.instagram.com/p/{code}/",
                "commentsCount": facts["comments"],
                "likesCount": facts["likes"],
                "timestamp": facts["published"],
                "ownerUsername": ACCOUNT,
            }
        )
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_youtube_videos(path: str | Path, n: int, seed: int) -> Path:
    """The ministry's videos of the ``n``-comment demo as a ``videos.list`` response."""
    path = Path(path)
    plan = make_plan(n, seed, "youtube")
    posts = _posts(plan)
    items = [
        {
            "kind": "youtube#video",
            "id": code,
            "snippet": {
                "publishedAt": facts["published"],
                "channelId": plan.account_id,
                "title": facts["title"],
                "description": caption,
                "channelTitle": MINISTRY_NAME,
            },
            "statistics": {
                "viewCount": str(facts["likes"] * 25),
                "likeCount": str(facts["likes"]),
                "commentCount": str(facts["comments"]),
            },
        }
        for (code, facts), caption in zip(posts.items(), _captions(plan), strict=True)
    ]
    page = {"kind": "youtube#videoListResponse", "items": items}
    path.write_text(json.dumps(page, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
