"""What a chunk of canonical rows says of its posts: one row per distinct post.

Formats put what a file says of a comment's post beside the comment (``rows.POST_COLUMNS``:
link, title, published time, like/comment/view counts; caption, media type and hashtags
from post exports and pulls), so every row of a post repeats it.
``post_facts`` reduces a chunk to its distinct posts before parsing anything (a chunk of
50,000 comments names a handful of posts), then merges the rows of each post: the first link,
title and time the chunk gives, the highest counts. ``monitor.store.posts`` merges the result
with what is stored.
"""

from __future__ import annotations

import pandas as pd

from monitor.ingest.rows import EARLIEST, POST_COLUMNS, clean_str, parse_times, to_likes

# rows.POST_COLUMNS -> the stored posts' columns (monitor.store.posts.FACT_COLUMNS)
STORED_AS: dict[str, str] = {
    "post_url": "url",
    "post_title": "title",
    "post_published": "published_at",
    "post_like_count": "like_count",
    "post_comment_count": "comment_count",
    "post_view_count": "view_count",
    "post_caption": "caption",
    "post_media_type": "media_type",
    "post_hashtags": "hashtags",
}
COUNTS = ("post_like_count", "post_comment_count", "post_view_count")
MAX_TITLE_CHARS = 20_000


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    try:
        return frame.drop_duplicates()
    except TypeError:  # a cell that cannot be hashed (a list from a JSON file): compare as text
        return frame.loc[frame.astype(str).drop_duplicates().index]


def post_facts(canon: pd.DataFrame, tz: str = "UTC") -> pd.DataFrame:
    """``post_id`` plus the stored posts' fact columns that the chunk has, one row per post
    (posts without an id are left out). ``tz``: the zone of naive published times."""
    present = [c for c in POST_COLUMNS if c in canon]
    ids = canon["post_id"]
    if not present:
        distinct = pd.unique(ids.to_numpy(dtype=object))
        return pd.DataFrame({"post_id": [p for p in distinct if isinstance(p, str) and p]})
    sub = _distinct(canon.loc[ids.ne("").to_numpy(dtype=bool), ["post_id", *present]])
    if sub.empty:
        return pd.DataFrame({"post_id": pd.Series(dtype=object)})
    out = pd.DataFrame({"post_id": sub["post_id"].astype(str).to_numpy()})
    for col in present:
        values = sub[col].reset_index(drop=True)
        if col in COUNTS:
            parsed = to_likes(values)
        elif col == "post_published":
            parsed = parse_times(values, tz)
            now = pd.Timestamp.now("UTC").tz_localize(None) + pd.Timedelta(days=2)
            parsed = parsed.where((parsed >= EARLIEST) & (parsed <= now))
        else:
            parsed = clean_str(values).str.replace("\x00", "", regex=False)
            if col in ("post_title", "post_caption"):
                parsed = parsed.str.slice(0, MAX_TITLE_CHARS)
            parsed = parsed.where(parsed.ne(""))
        out[STORED_AS[col]] = parsed.to_numpy()
    # the highest count of a post's rows; its first link, title and time (missing ones skipped)
    how = {col: "max" if col.endswith("_count") else "first" for col in out.columns[1:]}
    return out.groupby("post_id", sort=False).agg(how).reset_index()
