"""Apify Instagram comment scraper: JSON array of comments, and its CSV/XLSX download.

JSON keys: ``id, text, ownerUsername, timestamp`` (ISO 8601 ``...Z`` with milliseconds),
``likesCount`` (sometimes a string), ``postUrl, commentUrl, repliesCount``, ``replies``
(nested comments of the same shape, or null) and ``owner{username,id,is_verified,...}``.
Older exports use ``postId`` (the shortcode), ``ownerId`` and ``position``.
The CSV flattens nesting with ``/``: ``owner/username``, ``replies/0/text``, ...

Timestamps carry their zone (``Z``); naive ones, if any, default to UTC.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Any

import msgspec
import pandas as pd

from monitor.ingest.formats.base import JsonFormat, TableFormat
from monitor.ingest.rows import Context, clean_str, shortcode_from_url

NAME = "apify"
LABEL = "Apify Instagram"
DEFAULT_TZ = "UTC"
_REPLY_COL = re.compile(r"^replies/(\d+)/(.+)$")


# --- CSV / XLSX download -----------------------------------------------------------------


def _pick(df: pd.DataFrame, prefix: str, *names: str) -> pd.Series:
    for n in names:
        col = prefix + n
        if col in df.columns:
            return clean_str(df[col])
    return pd.Series("", index=df.index, dtype=object)


def _frame(df: pd.DataFrame, prefix: str, rows: range) -> pd.DataFrame:
    author = _pick(df, prefix, "ownerUsername")
    author = author.where(author.ne(""), _pick(df, prefix, "owner/username"))
    post = shortcode_from_url(_pick(df, prefix, "postUrl"))
    post = post.where(post.ne(""), shortcode_from_url(_pick(df, prefix, "commentUrl")))
    post = post.where(post.ne(""), _pick(df, prefix, "postId"))
    return pd.DataFrame(
        {
            "comment_id": _pick(df, prefix, "id"),
            "post_id": post,
            "parent_id": "",
            "author": author,
            "text": _pick(df, prefix, "text"),
            "created": _pick(df, prefix, "timestamp"),
            "like_count": _pick(df, prefix, "likesCount"),
            "row": list(rows),
        },
        index=df.index,
    )


class ApifyTable(TableFormat):
    """The CSV/XLSX download, nesting flattened with ``/``."""

    name, label, default_tz = NAME, LABEL, DEFAULT_TZ

    def is_header(self, cells: list[str]) -> bool:
        names = {str(c).strip() for c in cells}
        has_author = "ownerUsername" in names or "owner/username" in names or "ownerId" in names
        has_post = bool(names & {"postUrl", "postId", "commentUrl"})
        return "text" in names and "timestamp" in names and has_author and has_post

    def to_raw(self, df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        rows = range(first_row, first_row + len(df))
        top = _frame(df, "", rows)
        slots = sorted({int(m.group(1)) for c in df.columns if (m := _REPLY_COL.match(str(c)))})
        parts = [top]
        for i in slots:
            rep = _frame(df, f"replies/{i}/", rows)
            present = rep["text"].ne("") | rep["comment_id"].ne("")
            if not present.any():
                continue
            rep = rep[present].copy()
            rep["parent_id"] = top.loc[present, "comment_id"]
            rep["post_id"] = rep["post_id"].where(
                rep["post_id"].ne(""), top.loc[present, "post_id"]
            )
            parts.append(rep)
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else top


TABLE = ApifyTable()


# --- JSON, a whole batch at once -----------------------------------------------------------


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series(None, index=df.index, dtype=object)


def _username(owner: object) -> object:
    if isinstance(owner, _Owner):
        return owner.username
    return owner.get("username") if isinstance(owner, dict) else None


def _batch(df: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    author = _col(df, "ownerUsername")
    missing = author.isna()
    if missing.any() and "owner" in df.columns:
        author = author.astype(object)
        author[missing] = df.loc[missing, "owner"].map(_username)
    url = clean_str(_col(df, "postUrl"))
    for other in ("commentUrl", "inputUrl"):
        if url.eq("").any():
            url = url.where(url.ne(""), clean_str(_col(df, other)))
    post = shortcode_from_url(url)
    for other in ("postId", "shortCode"):
        if post.eq("").any():
            post = post.where(post.ne(""), clean_str(_col(df, other)))
    return pd.DataFrame(
        {
            "comment_id": _col(df, "id"),
            "post_id": post,
            "parent_id": None,
            "author": author,
            "text": _col(df, "text"),
            "created": _col(df, "timestamp"),
            "like_count": _col(df, "likesCount"),
            "row": rows.to_numpy(),
        },
        index=df.index,
    )


_KEYS = [
    "id",
    "text",
    "ownerUsername",
    "owner",
    "timestamp",
    "likesCount",
    "postUrl",
    "commentUrl",
    "inputUrl",
    "postId",
    "shortCode",
    "replies",
]


# --- typed decoding: only the keys above, straight from the file's bytes -------------------


class _Owner(msgspec.Struct, gc=False):
    username: Any = None


class _Item(msgspec.Struct, gc=False):
    """A comment object as ``frame`` reads it. ``Any`` keeps each value exactly as the standard
    parser gives it; only ``owner`` and ``replies`` have a shape, and an element that does not
    fit is read by the standard parser instead (see ``readers.json_stream.iter_json_decoded``)."""

    id: Any = None
    text: Any = None
    ownerUsername: Any = None  # noqa: N815 - the export's own key
    owner: _Owner | None = None
    timestamp: Any = None
    likesCount: Any = None  # noqa: N815
    postUrl: Any = None  # noqa: N815
    commentUrl: Any = None  # noqa: N815
    inputUrl: Any = None  # noqa: N815
    postId: Any = None  # noqa: N815
    shortCode: Any = None  # noqa: N815
    replies: list[_Item] | None = None


_DECODER = msgspec.json.Decoder(list[_Item])
_INSTAGRAM_KEYS = frozenset(
    {"ownerUsername", "likesCount", "postUrl", "postId", "ownerId", "commentUrl"}
)
# Keys of Apify's Facebook comments scraper (formats/facebook_apify.py), never Instagram's.
_FACEBOOK_KEYS = frozenset({"facebookUrl", "facebookId", "feedbackId", "profileName"})
_VALUES = attrgetter(*_KEYS)


def _decode_block(data: bytes) -> list[_Item]:
    """The comment objects of a JSON array; raises ``ValueError`` for one of another shape."""
    return _DECODER.decode(data)


def _records(items: list[dict] | list[_Item]) -> pd.DataFrame:
    """A frame of the keys Citra reads; ids stay exact objects (an int id next to a missing
    one would otherwise become a float and lose digits)."""
    if items and isinstance(items[0], _Item):
        df = pd.DataFrame.from_records(list(map(_VALUES, items)), columns=_KEYS)
        df["id"] = pd.Series([item.id for item in items], index=df.index, dtype=object)
        return df
    df = pd.DataFrame.from_records(items, columns=_KEYS)
    df["id"] = pd.Series([item.get("id") for item in items], index=df.index, dtype=object)
    return df


class ApifyJson(JsonFormat):
    """The JSON array of comment objects, read a whole batch at once."""

    name, label, default_tz = NAME, LABEL, DEFAULT_TZ
    decode_block = staticmethod(_decode_block)

    def matches(self, item: object) -> bool:
        """An Instagram comment object; Apify's Facebook comments share ``text``,
        ``likesCount`` and ``commentUrl``, but carry keys only Facebook's have."""
        if not isinstance(item, dict):
            return False
        keys = set(item)
        return "text" in keys and bool(keys & _INSTAGRAM_KEYS) and not keys & _FACEBOOK_KEYS

    def frame(self, items: list, numbers: list[int], ctx: Context) -> pd.DataFrame:
        """Raw rows for a batch of comment objects (all dicts, or all ``decode_block`` items),
        built column-wise (the large-export path)."""
        df = _records(items)
        rows = pd.Series(numbers, index=df.index)
        top = _batch(df, rows)
        replies = df["replies"].tolist()
        has = [i for i, r in enumerate(replies) if r and isinstance(r, list)]
        if not has:
            return top
        nested = df["replies"].iloc[has].explode()
        keep = [isinstance(r, dict | _Item) for r in nested.tolist()]
        nested = nested[keep]
        if nested.empty:
            return top
        rep_df = _records(nested.tolist())
        parent_index = nested.index.to_numpy()
        rep = _batch(rep_df, pd.Series(rows.loc[parent_index].to_numpy(), index=rep_df.index))
        rep["parent_id"] = top.loc[parent_index, "comment_id"].to_numpy()
        parent_post = top.loc[parent_index, "post_id"].to_numpy()
        rep["post_id"] = rep["post_id"].where(
            rep["post_id"].ne(""), pd.Series(parent_post, index=rep.index)
        )
        return pd.concat([top, rep], ignore_index=True)


JSON = ApifyJson()
