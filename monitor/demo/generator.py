"""Demo data: a deterministic year of comments on the ministry's Instagram, X and YouTube posts.

Citra opens on an empty store with something to look at, and the benchmark needs realistic
volumes, so both use this generator. It writes the same shapes real exporters write (Instagram:
Apify JSON, exportcomments.com CSV; X: X API v2 pages, tweet-harvest CSV; YouTube:
``commentThreads.list`` pages; see ``WRITERS``) and the demo goes through the real ingest, one
import per platform, so what the app shows on demo data is exactly what it would show on real
exports. ``write_demo_export`` (Instagram, Apify JSON) is the benchmark's input: the same
``n`` and seed always give the same bytes.

The year is Oct 2020 - Sep 2021 on ``kemensosri``: everyday complaints about aid that has not
arrived, registration (DTKS/NIK) questions, disability and disaster requests, pungli reports,
praise and a large share of short repeated comments ("aamiin", "mantap"), with the public reaction
to the 2020 bansos corruption case (the KPK sting, the minister named suspect, the new minister,
the indictment and the verdict). The ministry answers a share of complaints, hours later. The
same news days move every platform, each in its own measure (``story.PROFILES``).

Everything is vectorised with numpy so a million comments take seconds, and ``iter_comments``
streams records in chunks so a large file never sits in memory as Python objects.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from monitor.core.platforms import label
from monitor.demo.records import Row, iter_chunks, iter_rows
from monitor.demo.shapes import (
    write_instagram_posts,
    write_tweet_harvest,
    write_x_api,
    write_youtube,
    write_youtube_videos,
)
from monitor.demo.story import ACCOUNT

DEFAULT_N = 4000  # records of one export file (Instagram's share of the loaded demo)
DEFAULT_SEED = 7
DEMO_FILE_NAME = "Citra demo data (generated)"
# The demo loaded into a store: records per platform (replies included), each platform imported
# from the shape named here; ``load_demo(n)`` keeps these proportions.
DEMO_SIZES: dict[str, int] = {"instagram": DEFAULT_N, "x": 2400, "youtube": 1200}
DEMO_FORMATS: dict[str, str] = {"instagram": "apify", "x": "x_api", "youtube": "youtube"}
EXPORTCOMMENTS_HEADER = (
    ',,Name,Username,"Profile ID",Date,Likes,Comment,"User Verified",Thumbnail,'
    '"Comment ID","Profile URL","Comment URL"'
)


def _apify(row: Row, replies: list[dict] | None) -> dict[str, Any]:
    cid, code, parent, text, username, user_id, verified, stamp, likes = row
    post_url = f"https://www.instagram.com/p/{code}/"
    comment_url = f"{post_url}c/{parent}/r/{cid}/" if parent else f"{post_url}c/{cid}/"
    return {
        "id": cid,
        "postUrl": post_url,
        "commentUrl": comment_url,
        "text": text,
        "ownerUsername": username,
        "timestamp": stamp,
        "repliesCount": len(replies) if replies else 0,
        "replies": replies if replies is not None else [],
        "likesCount": likes,
        "owner": {"id": user_id, "is_verified": verified, "username": username},
    }


def iter_comments(n: int | None = None, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """Apify-shaped top-level comments with nested ``replies``, streamed.

    ``n`` counts every record, replies included (about 8% are replies), so importing the
    output stores exactly ``n`` comments.
    """
    n = DEFAULT_N if n is None else int(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    for row, replies in iter_rows(n, seed):
        yield _apify(row, [_apify(r, None) for r in replies])


def generate_texts(n: int | None = None, seed: int = DEFAULT_SEED) -> list[str]:
    """Just the comment texts of ``iter_comments(n, seed)`` (replies included), in export order.

    The benchmark scores these without paying for building records it does not need.
    """
    n = DEFAULT_N if n is None else int(n)
    out: list[str] = []
    for rows, counts, replies in iter_chunks(n, seed):
        pos = 0
        for row, k in zip(rows, counts, strict=True):
            out.append(row[3])
            if k:
                out.extend(r[3] for r in replies[pos : pos + k])
                pos += k
    return out


def generate_comments(n: int | None = None, seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """The demo data set in Apify Instagram comment scraper JSON shape (deterministic)."""
    return list(iter_comments(n, seed))


_jstr = json.encoder.encode_basestring  # JSON string literal, non-ASCII kept as is


def _apify_json(row: Row, replies: str, n_replies: int) -> str:
    """The same object as ``_apify`` serialised directly (writing 1M records stays fast)."""
    cid, code, parent, text, username, user_id, verified, stamp, likes = row
    post_url = f"https://www.instagram.com/p/{code}/"
    comment_url = f"{post_url}c/{parent}/r/{cid}/" if parent else f"{post_url}c/{cid}/"
    return (
        f'{{"id":"{cid}","postUrl":"{post_url}","commentUrl":"{comment_url}",'
        f'"text":{_jstr(text)},"ownerUsername":"{username}","timestamp":"{stamp}",'
        f'"repliesCount":{n_replies},"replies":[{replies}],"likesCount":{likes},'
        f'"owner":{{"id":"{user_id}","is_verified":{"true" if verified else "false"},'
        f'"username":"{username}"}}}}'
    )


def write_demo_export(path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Write the demo data as an Apify JSON export (one array), streaming."""
    path = Path(path)
    n = DEFAULT_N if n is None else int(n)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[")
        sep = "\n"
        for rows, counts, replies in iter_chunks(n, seed):
            out = []
            pos = 0
            for row, k in zip(rows, counts, strict=True):
                if k:
                    inner = ",".join(_apify_json(r, "", 0) for r in replies[pos : pos + k])
                    pos += k
                else:
                    inner = ""
                out.append(_apify_json(row, inner, k))
            if out:
                fh.write(sep + ",\n".join(out))
                sep = ",\n"
        fh.write("\n]\n")
    return path


def write_export_csv(path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Write the same comments as an exportcomments.com CSV (UTF-8 with BOM, replies flattened).

    ``Date`` is written as UTC wall time (``YYYY-MM-DD HH:MM:SS``, no zone, as the tool does).
    A few rows leave ``Username`` empty with the handle in ``Name``, as real exports do.
    """
    path = Path(path)
    n = DEFAULT_N if n is None else int(n)
    blank = np.random.default_rng([seed, 3])
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(EXPORTCOMMENTS_HEADER + "\r\n")
        w = csv.writer(fh)
        number = 0
        for rows, counts, replies in iter_chunks(n, seed):
            ordered: list[Row] = []
            pos = 0
            for row, k in zip(rows, counts, strict=True):
                ordered.append(row)
                if k:
                    ordered.extend(replies[pos : pos + k])
                    pos += k
            blanks = (blank.random(len(ordered)) < 0.03).tolist()
            out = []
            for (cid, code, parent, text, username, user_id, verified, stamp, likes), b in zip(
                ordered, blanks, strict=True
            ):
                number += 1
                post_url = f"https://www.instagram.com/p/{code}"
                url = f"{post_url}/c/{parent}/r/{cid}" if parent else f"{post_url}/c/{cid}"
                out.append(
                    (
                        number,
                        "",
                        username,
                        "" if b else username,
                        user_id,
                        stamp[:19].replace("T", " "),
                        likes,
                        text,
                        "yes" if verified else "no",
                        f"https://scontent.cdninstagram.com/v/t51.2885-19/{user_id}_n.jpg",
                        cid,
                        f"https://www.instagram.com/{username}",
                        url,
                    )
                )
            w.writerows(out)
    return path


generate_export_csv = write_export_csv

TWEET_HARVEST_HEADER = (
    "conversation_id_str", "created_at", "favorite_count", "full_text", "id_str", "image_url",
    "in_reply_to_screen_name", "lang", "location", "quote_count", "reply_count",
    "retweet_count", "tweet_url", "user_id_str", "username",
)  # fmt: skip
_THREAD_BASE = 1335000000000000000  # the ministry's post tweets: one conversation per post


def write_tweet_harvest_csv(
    path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED
) -> Path:
    """Write the same comments as replies on X, as a tweet-harvest 2.7 CSV writes them (every
    field quoted, CRLF, ISO times): each post is one of the account's tweets (a conversation,
    not itself in the file), a comment a reply to it, a reply a reply to that comment's author.
    """
    path = Path(path)
    n = DEFAULT_N if n is None else int(n)
    threads: dict[str, str] = {}
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(TWEET_HARVEST_HEADER)
        for rows, counts, replies in iter_chunks(n, seed):
            authors = {row[0]: row[4] for row in rows}
            ordered: list[Row] = []
            pos = 0
            for row, k in zip(rows, counts, strict=True):
                ordered.append(row)
                if k:
                    ordered.extend(replies[pos : pos + k])
                    pos += k
            out = []
            for cid, code, parent, text, username, user_id, _verified, stamp, likes in ordered:
                thread = threads.setdefault(code, str(_THREAD_BASE + len(threads)))
                answered = authors.get(parent, ACCOUNT) if parent else ACCOUNT
                out.append(
                    (thread, stamp, likes, text, cid, "", answered, "in", "", 0, 0, 0,
                     f"https://x.com/{username}/status/{cid}", user_id, username)
                )  # fmt: skip
            w.writerows(out)
    return path


def _sized(writer):
    def write(path: str | Path, n: int | None = None, seed: int = DEFAULT_SEED) -> Path:
        return writer(path, DEFAULT_N if n is None else int(n), seed)

    write.__doc__ = writer.__doc__
    write.__name__ = writer.__name__
    return write


# Export shapes the demo can be written in: name -> (platform, file suffix, writer(path, n, seed)).
WRITERS = {
    "apify": ("instagram", ".json", write_demo_export),
    "exportcomments": ("instagram", ".csv", write_export_csv),
    "x_api": ("x", ".jsonl", _sized(write_x_api)),
    "tweet_harvest": ("x", ".csv", _sized(write_tweet_harvest)),
    "youtube": ("youtube", ".json", _sized(write_youtube)),
}


# The demo's post exports per platform (captions, media types, counts): X posts carry their
# text in the comment export already (each conversation's first tweet).
POST_WRITERS = {"instagram": write_instagram_posts, "youtube": write_youtube_videos}


def demo_sizes(n: int | None = None) -> dict[str, int]:
    """Records per platform for a demo of ``n`` records in all (default: ``DEMO_SIZES``)."""
    if n is None:
        return dict(DEMO_SIZES)
    if n < 0:
        raise ValueError("n must be >= 0")
    total = sum(DEMO_SIZES.values())
    sizes = {p: int(n * k // total) for p, k in DEMO_SIZES.items()}
    sizes["instagram"] += n - sum(sizes.values())
    return sizes


# ---------------------------------------------------------------------------------------------
# Loading and removing the demo through the real ingest.
def load_demo(store, n: int | None = None, seed: int = DEFAULT_SEED) -> list:
    """Import the demo data set, one import per platform (each marked as demo, so all of it is
    removed in one step); ``n`` records in all, split as ``DEMO_SIZES``. Instagram and YouTube
    are followed by a post export of their posts (``POST_WRITERS``: captions). Returns the
    reports, comment and post imports (``ImportReport.kind``) in that order."""
    from monitor.ingest.pipeline import import_file

    reports = []
    with tempfile.TemporaryDirectory(prefix="citra-demo-") as tmp:
        for platform, size in demo_sizes(n).items():
            fmt = DEMO_FORMATS[platform]
            _, suffix, writer = WRITERS[fmt]
            path = writer(Path(tmp) / f"citra-demo-{platform}{suffix}", size, seed)
            reports.append(
                import_file(
                    store,
                    path,
                    file_name=f"{DEMO_FILE_NAME} · {label(platform)}",
                    account=ACCOUNT,
                    is_demo=True,
                )
            )
            if platform in POST_WRITERS and size:  # the posts' captions, as a post export
                posts = POST_WRITERS[platform](
                    Path(tmp) / f"citra-demo-{platform}-posts.json", size, seed
                )
                reports.append(
                    import_file(
                        store,
                        posts,
                        file_name=f"{DEMO_FILE_NAME} · {label(platform)} · posts",
                        is_demo=True,
                    )
                )
    return reports


def _demo_import_ids(store) -> list[int]:
    """Ids of demo imports still in effect (not undone)."""
    from monitor.ingest.pipeline import list_imports

    imports = list_imports(store)
    if imports.empty:
        return []
    live = imports[imports["is_demo"].astype(bool) & (imports["status"] != "undone")]
    return [int(i) for i in live["id"]]


def has_demo(store) -> bool:
    """True when demo data is in the store."""
    return bool(_demo_import_ids(store))


def remove_demo(store) -> int:
    """Undo every demo import; returns how many imports were removed."""
    from monitor.ingest.pipeline import undo_import

    ids = _demo_import_ids(store)
    for import_id in ids:
        undo_import(store, import_id)
    return len(ids)
