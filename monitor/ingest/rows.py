"""From each exporter's columns to Citra's canonical comment rows, vectorised.

Every format module turns a chunk of its own rows into a *raw* frame with the columns in
``RAW_COLUMNS``; ``finalise`` then does the shared work once: time parsing and zones, ids,
owner replies, the Asia/Jakarta day, and rejecting unusable rows with their row numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from monitor.core.timeutil import JAKARTA
from monitor.ingest.cells import scalar_str

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

# Instagram opened in October 2010; anything earlier, or in the future, is a broken date.
EARLIEST = pd.Timestamp("2010-01-01")
MAX_ID_CHARS = 160
MAX_AUTHOR_CHARS = 256
REPEAT_SAMPLE = 1000  # rows that tell whether a column repeats itself (see regex_group)

_SHORTCODE = re.compile(
    r"instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]+)"
)  # Python and RE2 syntax alike
_AWARE = r"(?:[zZ]|[+-]\d{2}:?\d{2})$"
_EPOCH = r"\d{9,13}(?:\.\d+)?"


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
    """UTC-naive datetimes from ISO strings (with or without offset), Unix seconds/ms or datetimes.

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
    return out


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
    """Non-negative like counts as floats; NaN where the export gives none (so none is stored over).

    Strings like '1,234' or '1.234' count as thousands.
    """
    if pd.api.types.is_numeric_dtype(values.dtype):
        num = values.astype("float64")
    else:
        s = clean_str(values).str.replace(r"[,.\s]", "", regex=True)
        num = pd.to_numeric(s, errors="coerce").astype("float64")
    return num.clip(lower=0, upper=2**31 - 1)


def hash_ids(post: pd.Series, author: pd.Series, created: pd.Series, text: pd.Series) -> pd.Series:
    """Stable ids for formats without one: sha1 of post, author, time and text."""
    stamps = np.datetime_as_string(created.values.astype("datetime64[s]"), unit="s")
    keys = zip(post.tolist(), author.tolist(), stamps.tolist(), text.tolist(), strict=True)
    return pd.Series(
        ["h" + hashlib.sha1("\x1f".join(k).encode("utf-8")).hexdigest()[:31] for k in keys],
        index=post.index,
        dtype=object,
    )


def finalise(raw: pd.DataFrame, ctx: Context) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Canonical rows (plus ``day``) and the rejected rows as (row, reason)."""
    n = len(raw)
    text = raw["text"] if "text" in raw else pd.Series([""] * n, index=raw.index)
    text = _storable(clean_str(text))
    author = _storable(clean_str(raw["author"])).str.lstrip("@")
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
    rows = raw["row"].astype("int64")

    reason = pd.Series("", index=raw.index, dtype=object)
    now = pd.Timestamp(datetime.now(UTC).replace(tzinfo=None) + timedelta(days=2))
    checks = [
        (text.eq(""), "no comment text"),
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
    likes = to_likes(raw.loc[keep, "like_count"])
    out["like_count"] = likes.fillna(0).astype("int64")
    out["likes_known"] = likes.notna()
    missing_id = out["comment_id"].eq("")
    if missing_id.any():
        m = out[missing_id]
        out.loc[missing_id, "comment_id"] = hash_ids(
            m["post_id"], m["author"], m["created_at_utc"], m["text"]
        )
    out["parent_id"] = out["parent_id"].where(out["parent_id"].ne(""), None)
    out["is_reply"] = out["parent_id"].notna()
    out["is_owner_reply"] = out["author"].str.lower().eq(ctx.account) if ctx.account else False
    out["source_format"] = ctx.source_format
    out["day"] = jakarta_days(out["created_at_utc"])
    return out.reset_index(drop=True), rejected


def _storable(s: pd.Series) -> pd.Series:
    """Without NUL characters, which PostgreSQL text columns refuse."""
    return s.str.replace("\x00", "", regex=False)


def jakarta_days(created_utc: pd.Series) -> pd.Series:
    """Asia/Jakarta calendar day (midnight datetime64) of UTC-naive timestamps."""
    local = created_utc.dt.tz_localize("UTC").dt.tz_convert(JAKARTA).dt.tz_localize(None)
    return local.dt.normalize()


def _short(value: object) -> str:
    missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
    s = "" if missing else str(value)  # a missing value reads as empty, never as 'nan'
    return s if len(s) <= 40 else s[:37] + "..."


def records_frame(records: Iterable[dict]) -> pd.DataFrame:
    """A raw frame from flattened JSON records (missing keys become empty)."""
    rows = list(records)
    # object columns: an int id must stay an exact int, not become a float next to a None
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in RAW_COLUMNS})
