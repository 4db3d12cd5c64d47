"""From each exporter's columns to Citra's canonical comment rows, vectorised.

Every format module turns a chunk of its own rows into a *raw* frame with the columns in
``RAW_COLUMNS`` (and, where the export tells a display name from the platform handle, a
``handle`` column); ``finalise`` then does the shared work once: time parsing and zones, ids,
owner replies, the Asia/Jakarta day, and rejecting unusable rows with their row numbers.

What ``finalise`` decides instead of refusing goes into the chunk's notes (the report's
warnings): NUL characters removed from a text or author, a like count that is not a count
(``Infinity``, ``-3``, ``1e12``: stored as unknown, never clipped). Ids that are not ids
(``NaN``, ``Infinity`` as a number or as text) reject their row, as they would otherwise merge
different comments into one.

Optional raw columns a format may add (``finalise`` carries them; missing ones are empty):
``handle`` (see below), ``author_id`` (the platform's stable user id: X user id, YouTube
channel id, Facebook profile id, TikTok uid), ``is_owner`` (the file itself says the row is the
account's own, e.g. a YouTube reply by the video's channel), and what the file says of the
post: ``post_url``, ``post_title``, ``post_published`` (raw time), ``post_like_count``,
``post_comment_count``, ``post_view_count``, and of a post export or a pull ``post_caption``,
``post_media_type``, ``post_hashtags`` (space-separated, lower case, no ``#``)
(``POST_COLUMNS``); whom a reply answers:
``reply_to_handle`` / ``reply_to_id`` (the handle or stable id of the user replied to), and
``parent_guessed`` (the file names only the thread, so ``parent_id`` is the thread standing in
for the real parent, as tweet-harvest's is).

Replies and top-level comments: a row with a parent is a reply, except one that answers the post
itself (its parent *is* the post, as on X, where the post is the account's own first tweet) and
is addressed to the account: that is what a top-level comment is elsewhere, so it waits for an
answer like one. Where the parent is guessed, an account reply addressed to a user is given that
user's latest earlier tweet in the thread (in the same chunk) as its parent, so answering a
complaint marks that complaint answered rather than the account's own first tweet.

Owner replies: a row is the monitored account's reply when its *handle* (never a display
name) is the account's, compared by ``core.handles.normal_handle``; or when its ``author_id``
is one of ``Context.owner_ids``; or when the format marked it ``is_owner``.

Fallback ids: ``h`` + a hash of (post, author, time, text); keyed (HMAC with ``Context.id_key``)
when authors are pseudonymised, since every input but the author is stored beside the id in
clear, so an unkeyed hash would confirm a guessed author offline.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from monitor.core.handles import normal_handle
from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.core.timeutil import JAKARTA
from monitor.ingest.cells import scalar_str
from monitor.ingest.readers.notes import Notes

# What a format module produces. ``created`` is raw (string, number or datetime);
# ``row`` is the 1-based row (CSV/XLSX) or item number (JSON) shown in rejections.
RAW_COLUMNS = (
    "comment_id",
    "post_id",
    "parent_id",
    "author",
    "text",
    "created",
    "like_count",
    "row",
)

# What a file may say of the post a comment is under (see the module docstring).
POST_COLUMNS = (
    "post_url",
    "post_title",
    "post_published",
    "post_like_count",
    "post_comment_count",
    "post_view_count",
    "post_caption",
    "post_media_type",
    "post_hashtags",
)

REPLY_COLUMNS = ("reply_to_handle", "reply_to_id", "parent_guessed")
OPTIONAL_COLUMNS = ("handle", "author_id", "is_owner", *POST_COLUMNS, *REPLY_COLUMNS)

# Instagram opened in October 2010; anything earlier, or in the future, is a broken date.
EARLIEST = pd.Timestamp("2010-01-01")
MAX_LIKES = 2**31 - 1
MAX_ID_CHARS = 160
MAX_AUTHOR_CHARS = 256
REPEAT_SAMPLE = 1000  # rows that tell whether a column repeats itself (see regex_group)

_SHORTCODE = re.compile(
    r"instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]+)"
)  # Python and RE2 syntax alike
_NOT_IDS = frozenset(
    w for word in ("nan", "inf", "infinity") for w in (word, "+" + word, "-" + word)
)  # how a number that is no number reads once it became text
_AWARE = r"(?:[zZ]|[+-]\d{2}:?\d{2})$"
_EPOCH = r"\d{9,13}(?:\.\d+)?"
_TWITTER_TIME = r"^[A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{2} [0-9:]{8} [+-][0-9]{4} [0-9]{4}$"


@dataclass(frozen=True)
class Context:
    """What normalisation needs to know besides the rows."""

    source_format: str
    account: str  # monitored handle, lower case, no '@'
    tz: str  # zone for naive timestamps
    max_cell_chars: int
    post_id: str | None = None  # analyst-stated post for rows whose export carries none
    file_post_id: str | None = None  # post taken from the file name (Instaloader)
    state: dict = field(default_factory=dict)  # what a format carries from chunk to chunk
    id_key: bytes | None = None  # keys the fallback ids (when authors are pseudonymised)
    platform: str = DEFAULT_PLATFORM  # every row of one file is of one platform
    owner_ids: frozenset[str] = frozenset()  # the account's stable ids on this platform
    no_text: str = "no comment text"  # why a row without text is rejected (the format's words)


def empty_raw() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in RAW_COLUMNS})


def regex_group(values: pd.Series, pattern: str, group: str) -> pd.Series:
    """The named ``group`` of ``pattern``'s first match in each string; missing where none.

    Arrow's regex engine (RE2) instead of a Python ``re`` call per row, which costs about a
    second per million rows; ``pattern`` must mean the same in both syntaxes. A column that
    repeats itself (an export's post URLs, against its comment URLs) is matched once per
    distinct value: judged from its first rows, as encoding a column of distinct values would
    cost as much as matching it.
    """
    strings = pa.array(values.astype("str").fillna(""))
    head = strings.slice(0, REPEAT_SAMPLE)
    if len(strings) > REPEAT_SAMPLE and len(pc.unique(head)) * 2 < len(head):
        encoded = strings.dictionary_encode()
        found = pc.struct_field(pc.extract_regex(encoded.dictionary, pattern), group)
        found = found.take(encoded.indices)
    else:
        found = pc.struct_field(pc.extract_regex(strings, pattern), group)
    return pd.Series(found, index=values.index, dtype="str", name=values.name)


def shortcode_from_url(urls: pd.Series) -> pd.Series:
    """Post shortcode from instagram.com/p/<code>/... URLs; '' where there is none."""
    return regex_group(urls, _SHORTCODE.pattern, "code").fillna("")


# A post's id in its platform's links (RE2 syntax too); Instagram's is the shortcode above.
_POST_IN_URL = {
    "x": r"(?:twitter|x)\.com/(?:[A-Za-z0-9_]+|i(?:/web)?)/status(?:es)?/(?P<code>\d+)",
    "youtube": r"(?:youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|live/|embed/)|youtu\.be/)"
    r"(?P<code>[A-Za-z0-9_-]{11})",
    "facebook": r"facebook\.com/(?:[^?#]*/(?:posts|videos|reel)/|permalink\.php\?(?:[^#]*&)?"
    r"story_fbid=|photo(?:\.php)?/?\?(?:[^#]*&)?fbid=)(?P<code>[A-Za-z0-9]+)",
    "tiktok": r"tiktok\.com/(?:@[^/?#]*/)?(?:video|photo)/(?P<code>\d+)",
}


def post_id_from_url(urls: pd.Series, platform: str) -> pd.Series:
    """The post id in each of ``platform``'s post links ('' where there is none)."""
    if platform not in _POST_IN_URL:
        return shortcode_from_url(urls)
    return regex_group(urls, _POST_IN_URL[platform], "code").fillna("")


def clean_str(values: pd.Series) -> pd.Series:
    """Strings with missing values as ''; integer-valued floats (ids read from XLSX) without '.0'."""
    s = values
    if s.dtype == object:
        s = _object_to_str(s)
    return s.astype("str").fillna("").str.strip()


def _object_to_str(s: pd.Series) -> pd.Series:
    """Object cells as strings: whole-column conversion when all are strings, else cell by cell."""
    if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
        try:
            return s.astype("str")
        except UnicodeEncodeError:  # lone surrogates: the careful path below replaces them
            pass
    return s.map(scalar_str, na_action="ignore").astype(object)


def parse_times(raw: pd.Series, tz: str) -> pd.Series:
    """UTC-naive datetimes from ISO strings (with or without offset), Twitter's own format
    (``Wed Dec 09 06:38:12 +0000 2020``), Unix seconds/ms or datetimes.

    Naive values are read in ``tz``. Unparseable values become NaT (the row is rejected).
    """
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    if raw.empty:
        return out
    if pd.api.types.is_numeric_dtype(raw.dtype):
        return _epoch(pd.to_numeric(raw, errors="coerce"))
    if isinstance(raw.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return _to_utc(pd.Series(raw), tz)
    obj = raw.astype(object)
    if pd.api.types.infer_dtype(obj, skipna=True) in ("string", "empty"):
        return _parse_strings(obj, tz, out)
    is_dt = (
        obj.map(lambda v: isinstance(v, datetime), na_action="ignore").fillna(False).astype(bool)
    )
    if is_dt.any():
        out[is_dt] = _to_utc(pd.to_datetime(obj[is_dt], errors="coerce"), tz)
    is_num = obj.map(
        lambda v: isinstance(v, int | float) and not isinstance(v, bool), na_action="ignore"
    )
    is_num = is_num.fillna(False).astype(bool)
    if is_num.any():
        out[is_num] = _epoch(pd.to_numeric(obj[is_num], errors="coerce"))
    rest = ~(is_dt | is_num)
    if not rest.any():
        return out
    return _parse_strings(obj[rest], tz, out)


def _parse_strings(obj: pd.Series, tz: str, out: pd.Series) -> pd.Series:
    """ISO strings with or without offset and Unix times written as digits, into ``out``."""
    s = obj.astype("str").str.strip()
    epoch = s.str.fullmatch(_EPOCH).fillna(False).astype(bool)
    if epoch.any():
        out[epoch[epoch].index] = _epoch(pd.to_numeric(s[epoch], errors="coerce"))
        s = s[~epoch]
    if s.empty:
        return out
    try:  # fast path: one shape for the whole column
        parsed = pd.to_datetime(s, format="ISO8601", errors="coerce")
        out[s.index] = _to_utc(parsed, tz)
    except (ValueError, TypeError):
        aware = s.str.contains(_AWARE, regex=True).fillna(False).astype(bool)
        if aware.any():
            p = pd.to_datetime(s[aware], format="ISO8601", errors="coerce", utc=True)
            out[p.index] = p.dt.tz_localize(None).astype("datetime64[us]")
        if (~aware).any():
            p = pd.to_datetime(s[~aware], format="ISO8601", errors="coerce")
            out[p.index] = _to_utc(p, tz)
    missing = out[s.index].isna().to_numpy()
    if missing.any():
        _twitter_times(s[missing], out)
    return out


def _twitter_times(s: pd.Series, out: pd.Series) -> None:
    """Twitter's own time format (``Wed Dec 09 06:38:12 +0000 2020``, as tweet-harvest 2.6
    writes it) into ``out``; matched by Arrow's regex engine, as a whole file may be in it."""
    strings = pa.array(s.astype("str").fillna(""))
    hit = pc.match_substring_regex(strings, _TWITTER_TIME).to_numpy(zero_copy_only=False)
    if hit.any():
        p = pd.to_datetime(s[hit], format="%a %b %d %H:%M:%S %z %Y", errors="coerce", utc=True)
        out[p.index] = p.dt.tz_localize(None).astype("datetime64[us]")


def parse_times_loose(raw: pd.Series, tz: str) -> pd.Series:
    """``parse_times`` plus day-first local formats ('23/08/2021 10:15') for analyst-mapped files."""
    out = parse_times(raw, tz)
    missing = out.isna() & clean_str(raw).ne("")
    if missing.any():
        s = clean_str(raw[missing])
        p = pd.to_datetime(s, format="mixed", dayfirst=True, errors="coerce")
        out[missing] = _to_utc(p, tz)
    return out


def _epoch(num: pd.Series) -> pd.Series:
    ms = num > 1e11  # milliseconds since the epoch
    secs = num.where(~ms, num / 1000.0)
    secs = secs.where((secs > 0) & (secs < 4e9))
    return pd.to_datetime(secs, unit="s", errors="coerce").astype("datetime64[us]")


def _to_utc(parsed: pd.Series, tz: str) -> pd.Series:
    if getattr(parsed.dt, "tz", None) is not None:
        return parsed.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    parsed = parsed.astype("datetime64[us]")
    if tz.upper() == "UTC":
        return parsed
    local = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    return local.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")


def to_likes(values: pd.Series) -> pd.Series:
    """Like counts as floats; NaN where the export gives none or one that is not a count
    (negative, infinite, beyond ``MAX_LIKES``), so no made-up count is ever stored over a known one.

    Strings like '1,234' or '1.234' count as thousands.
    """
    return _likes(values)[0]


def _likes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``to_likes``, and which rows gave a value that is not a count (a note, not a rejection)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        num = values.astype("float64")
        unreadable = pd.Series(False, index=values.index)
    else:
        s = clean_str(values)
        num = pd.to_numeric(s.str.replace(r"[,.\s]", "", regex=True), errors="coerce")
        num = num.astype("float64")
        unreadable = num.isna() & s.ne("")
    out_of_range = num.notna() & ~num.between(0, MAX_LIKES)
    if out_of_range.any():
        num = num.where(~out_of_range)
        unreadable = unreadable | out_of_range
    return num, unreadable


def hash_ids(
    post: pd.Series,
    author: pd.Series,
    created: pd.Series,
    text: pd.Series,
    key: bytes | None = None,
) -> pd.Series:
    """Stable ids for formats without one: sha1 of post, author, time and text, or their
    HMAC-SHA256 under ``key`` (see the module docstring)."""
    stamps = np.datetime_as_string(created.values.astype("datetime64[s]"), unit="s")
    keys = zip(post.tolist(), author.tolist(), stamps.tolist(), text.tolist(), strict=True)
    if key:
        digest = hmac.digest
        ids = ["h" + digest(key, "\x1f".join(k).encode("utf-8"), "sha256").hex()[:31] for k in keys]
    else:
        ids = ["h" + hashlib.sha1("\x1f".join(k).encode("utf-8")).hexdigest()[:31] for k in keys]
    return pd.Series(ids, index=post.index, dtype=object)


def owner_replies(handles: pd.Series, account: str) -> pd.Series:
    """Which handles are the monitored ``account`` (already ``normal_handle``d), compared as
    ``core.handles`` says: the plain ASCII case vectorised, anything else character by character."""
    if not account:
        return pd.Series(False, index=handles.index)
    low = handles.str.lower()
    hit = (low.eq(account) | low.eq("@" + account)).fillna(False).astype(bool)
    odd = ~handles.str.isascii().fillna(True).astype(bool)  # look-alike characters may hide there
    if odd.any():
        hit[odd] = handles[odd].map(normal_handle).eq(account).to_numpy()
    return hit


def _may_hold(s: pd.Series, needles: tuple[bytes, ...], fold: bool = False) -> bool:
    """Whether a string column may hold one of ``needles`` anywhere: a search of its Arrow
    value buffers, far cheaper than a test per row (True when the column is not Arrow)."""
    try:
        arr = pa.array(s.array)
    except (TypeError, ValueError, pa.ArrowException):
        return True
    for chunk in arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]:
        values = chunk.buffers()[-1]
        if values is None:
            continue
        raw = np.frombuffer(values, dtype=np.uint8)
        if fold:  # ASCII letters to lower case (digits and the rest lose nothing we look for)
            low = raw | 0x20
            if not any((low == n[0]).any() for n in needles):
                continue
            data = values.to_pybytes().lower()
        else:
            data = values.to_pybytes()
        if any(n in data for n in needles):
            return True
    return False


def _not_an_id(raw: pd.Series, cleaned: pd.Series) -> pd.Series:
    """Ids that are a number that is no number: NaN or an infinity, as a number or as text."""
    bad = pd.Series(False, index=cleaned.index)
    if _may_hold(cleaned, (b"nan", b"inf"), fold=True):
        short = cleaned.str.len().between(3, 9).fillna(False).astype(bool)
        if short.any():
            bad[short] = cleaned[short].str.lower().isin(_NOT_IDS).to_numpy()
    if raw.dtype == object:  # a JSON NaN; None is a missing id (the hash stands in for it)
        empty = cleaned.eq("").to_numpy(dtype=bool)  # where a missing value can be
        if empty.any():
            values = raw.to_numpy()[empty]
            broken = pd.isna(values) & ~np.equal(values, None)
            if broken.any():
                bad.iloc[np.flatnonzero(empty)[broken]] = True
    return bad


def _has_nul(s: pd.Series) -> pd.Series:
    if not _may_hold(s, (b"\x00",)):
        return pd.Series(False, index=s.index)
    return s.str.contains("\x00", regex=False).fillna(False).astype(bool)


def finalise(
    raw: pd.DataFrame, ctx: Context, notes: Notes | None = None
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Canonical rows (plus ``day`` and the source ``row``) and the rejected rows as
    (row, reason); what was decided instead of refused goes into ``notes``."""
    n = len(raw)
    rows = raw["row"].astype("int64")
    text = raw["text"] if "text" in raw else pd.Series([""] * n, index=raw.index)
    text = clean_str(text)
    author = clean_str(raw["author"])
    handle = clean_str(raw["handle"]) if "handle" in raw else author
    nul_text, nul_author = _has_nul(text), _has_nul(author)
    if nul_text.any() or nul_author.any():  # PostgreSQL cannot store them; noted below
        text, author = _storable(text), _storable(author)
    author = author.str.removeprefix("@")
    comment_id = clean_str(raw["comment_id"])
    parent_id = clean_str(raw["parent_id"])
    post = clean_str(raw["post_id"])
    fallback = ctx.post_id or ctx.file_post_id or ""
    if ctx.post_id:  # an analyst-stated post also replaces one guessed from the file name
        post = post.where(post.ne(""), ctx.post_id)
    elif fallback:
        post = post.where(post.ne(""), fallback)
    created = (
        parse_times_loose(raw["created"], ctx.tz)
        if ctx.source_format == "mapped"
        else (parse_times(raw["created"], ctx.tz))
    )

    reason = pd.Series("", index=raw.index, dtype=object)
    now = pd.Timestamp(datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2))
    checks = [
        (text.eq(""), ctx.no_text),
        (
            text.str.len() > ctx.max_cell_chars,
            f"text longer than {ctx.max_cell_chars} characters (setting max_cell_chars)",
        ),
        (created.isna(), "date missing or not understood"),
        (created.notna() & ((created < EARLIEST) | (created > now)), "date outside 2010 to today"),
        (comment_id.str.len() > MAX_ID_CHARS, f"comment id longer than {MAX_ID_CHARS} characters"),
        (parent_id.str.len() > MAX_ID_CHARS, f"parent id longer than {MAX_ID_CHARS} characters"),
        (post.str.len() > MAX_ID_CHARS, f"post id longer than {MAX_ID_CHARS} characters"),
        (author.str.len() > MAX_AUTHOR_CHARS, f"author longer than {MAX_AUTHOR_CHARS} characters"),
        (_not_an_id(raw["comment_id"], comment_id), "comment id is not an id (NaN or Infinity)"),
        (_not_an_id(raw["parent_id"], parent_id), "parent id is not an id (NaN or Infinity)"),
        (_not_an_id(raw["post_id"], post), "post id is not an id (NaN or Infinity)"),
        (
            _has_nul(comment_id) | _has_nul(parent_id) | _has_nul(post),
            "an id contains a NUL character",
        ),
    ]
    for mask, why in checks:
        mask = mask.fillna(False).astype(bool)
        reason = reason.where(~(mask & reason.eq("")), why)
    bad = reason.ne("")
    rejected: list[tuple[int, str]] = []
    if bad.any():
        detail = reason[bad]
        dates = raw.loc[bad, "created"].astype(object)
        rejected = [
            (int(r), f"{why} ({_short(d)!r})" if why.startswith("date") else why)
            for r, why, d in zip(rows[bad].tolist(), detail.tolist(), dates.tolist(), strict=True)
        ]
    keep = ~bad
    out = pd.DataFrame(
        {
            "comment_id": comment_id[keep],
            "post_id": post[keep],
            "parent_id": parent_id[keep],
            "author": author[keep],
            "text": text[keep],
            "created_at_utc": created[keep],
        }
    )
    likes, unreadable = _likes(raw.loc[keep, "like_count"])
    out["like_count"] = likes.fillna(0).astype("int64")
    out["likes_known"] = likes.notna()
    missing_id = out["comment_id"].eq("")
    if missing_id.any():
        m = out[missing_id]
        out.loc[missing_id, "comment_id"] = hash_ids(
            m["post_id"], m["author"], m["created_at_utc"], m["text"], ctx.id_key
        )
    out["parent_id"] = out["parent_id"].where(out["parent_id"].ne(""), None)
    owner = owner_replies(handle[keep], ctx.account)
    author_id = clean_str(raw.loc[keep, "author_id"]) if "author_id" in raw else None
    if author_id is not None and ctx.owner_ids:
        owner |= author_id.isin(ctx.owner_ids)
    if "is_owner" in raw:
        owner |= raw.loc[keep, "is_owner"].fillna(False).astype(bool)
    out["is_owner_reply"] = owner.to_numpy(dtype=bool)
    out["is_reply"] = out["parent_id"].notna()
    if any(c in raw for c in REPLY_COLUMNS):
        _replies_to_the_account(out, raw.loc[keep], handle[keep], ctx)
    out["platform"] = ctx.platform
    out["author_id"] = "" if author_id is None else author_id.to_numpy(dtype=object)
    for col in POST_COLUMNS:
        if col in raw:
            out[col] = raw.loc[keep, col].to_numpy(dtype=object)
    out["source_format"] = ctx.source_format
    out["day"] = jakarta_days(out["created_at_utc"])
    out["row"] = rows[keep]
    if notes is not None:
        kept_rows = rows[keep]
        notes.add("row", "had NUL characters removed from the text", kept_rows[nul_text[keep]])
        notes.add("row", "had NUL characters removed from the author", kept_rows[nul_author[keep]])
        notes.add(
            "row",
            f"gave a like count that is not a count (negative, infinite, text or over "
            f"{MAX_LIKES}); stored as unknown",
            kept_rows[unreadable.to_numpy()],
        )
    return out.reset_index(drop=True), rejected


def _storable(s: pd.Series) -> pd.Series:
    """Without NUL characters, which PostgreSQL text columns refuse."""
    return s.str.replace("\x00", "", regex=False)


def jakarta_days(created_utc: pd.Series) -> pd.Series:
    """Asia/Jakarta calendar day (midnight datetime64) of UTC-naive timestamps."""
    local = created_utc.dt.tz_localize("UTC").dt.tz_convert(JAKARTA).dt.tz_localize(None)
    return local.dt.normalize()


def _replies_to_the_account(
    out: pd.DataFrame, raw: pd.DataFrame, handle: pd.Series, ctx: Context
) -> None:
    """The reply rules of the module docstring, in place on ``out`` (rows aligned with ``raw``)."""
    index = out.index
    to_handle = (
        clean_str(raw["reply_to_handle"]).set_axis(index)
        if "reply_to_handle" in raw
        else pd.Series("", index=index)
    )
    to_id = (
        clean_str(raw["reply_to_id"]).set_axis(index)
        if "reply_to_id" in raw
        else pd.Series("", index=index)
    )
    to_account = owner_replies(to_handle, ctx.account) & to_handle.ne("")
    if ctx.owner_ids:
        to_account |= to_id.isin(ctx.owner_ids)
    owner = out["is_owner_reply"]
    answers_post = out["parent_id"].eq(out["post_id"]).fillna(False).astype(bool)
    out["is_reply"] = out["is_reply"] & ~(answers_post & to_account & ~owner)
    if "parent_guessed" not in raw:
        return
    guessed = raw["parent_guessed"].fillna(False).astype(bool).set_axis(index)
    needs = guessed & owner & answers_post & to_handle.ne("") & ~to_account
    if not needs.any():
        return
    who = handle.set_axis(index).str.lower().str.removeprefix("@")
    key = out["post_id"] + "\x00" + who
    named = to_handle[needs].str.lower().str.removeprefix("@")
    answers = pd.DataFrame({"key": out["post_id"][needs] + "\x00" + named})
    answers["at"] = out["created_at_utc"][needs]
    tweets = pd.DataFrame({"key": key, "at": out["created_at_utc"], "parent": out["comment_id"]})
    tweets = tweets[key.isin(set(answers["key"])) & ~owner].sort_values(["at", "parent"])
    # each answer's latest earlier tweet of the named user in the thread (ties: the last id)
    found = pd.merge_asof(
        answers.rename_axis("row").reset_index().sort_values("at"),
        tweets,
        on="at",
        by="key",
        direction="backward",
    )
    found = found.dropna(subset=["parent"]).set_index("row")["parent"]
    out.loc[found.index, "parent_id"] = found


def _short(value: object) -> str:
    missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
    s = "" if missing else str(value)  # a missing value reads as empty, never as 'nan'
    return s if len(s) <= 40 else s[:37] + "..."


def records_frame(records: Iterable[dict]) -> pd.DataFrame:
    """A raw frame from flattened JSON records (missing keys become empty); the optional
    columns (``OPTIONAL_COLUMNS``) appear when a record has them."""
    rows = list(records)
    extra = [c for c in OPTIONAL_COLUMNS if any(c in r for r in rows)]
    # object columns: an int id must stay an exact int, not become a float next to a None
    return pd.DataFrame(
        {c: pd.Series([r.get(c) for r in rows], dtype=object) for c in (*RAW_COLUMNS, *extra)}
    )
