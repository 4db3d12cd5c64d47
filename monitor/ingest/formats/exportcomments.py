"""exportcomments.com Instagram export (CSV or XLSX).

Header: ``,,Name,Username,"Profile ID",Date,Likes,Comment,"User Verified",Thumbnail,
"Comment ID","Profile URL","Comment URL"``; the first column numbers the comments and the
second is empty. A reply is numbered ``<parent number>.<n>`` (or carries its parent's
number in the second column) and becomes a row whose parent is that comment.
``Username`` is sometimes empty while ``Name`` holds the handle; ``Name`` is then shown as the
author, but only ``Username`` (the platform's handle, not a free display name) can make a row
the monitored account's own reply.

``Date`` is ``YYYY-MM-DD HH:MM:SS`` with no zone. exportcomments.com writes these in UTC,
so the documented default is UTC; ``--assume-tz`` overrides it for files saved otherwise.
The post shortcode comes from ``Comment URL`` (``https://www.instagram.com/p/<code>/c/<id>``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from monitor.ingest.formats.base import TableFormat
from monitor.ingest.rows import Context, clean_str, regex_group, shortcode_from_url

HEADER = ("Name", "Username", "Profile ID", "Date", "Likes", "Comment", "Comment ID", "Comment URL")


class ExportComments(TableFormat):
    name = "exportcomments"
    label = "exportcomments.com"
    default_tz = "UTC"

    def is_header(self, cells: list[str]) -> bool:
        names = {str(c).strip() for c in cells}
        return all(h in names for h in HEADER)

    def to_raw(self, df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        number = clean_str(df.iloc[:, 0])
        marker = clean_str(df.iloc[:, 1]) if df.shape[1] > 1 else pd.Series("", index=df.index)
        comment_id = clean_str(df["Comment ID"])
        username = clean_str(df["Username"])
        author = username.where(username.ne(""), clean_str(df["Name"]))
        # Replies: "3.1" / "3-1" in the first column, or the parent's number in the second.
        head = regex_group(number, r"^(?P<head>[0-9]+)[.\-][0-9]+$", "head")
        parent_number = head.where(head.notna(), marker.where(marker.str.fullmatch(r"\d+"), None))
        top = parent_number.isna() & number.ne("")
        ids = ctx.state.setdefault(
            "ids_by_number", NumberIndex()
        )  # replies may sit in a later chunk
        ids.add(number[top], comment_id[top])
        parent_id = ids.lookup(parent_number)
        return pd.DataFrame(
            {
                "comment_id": comment_id,
                "post_id": shortcode_from_url(clean_str(df["Comment URL"])),
                "parent_id": parent_id,
                "author": author,
                "handle": username,
                "text": df["Comment"],
                "created": df["Date"],
                "like_count": df["Likes"],
                "row": range(first_row, first_row + len(df)),
            },
            index=df.index,
        )


FORMAT = ExportComments()


class NumberIndex:
    """Comment number -> comment id for a whole file, in compact arrays.

    A reply names its parent by number, and the parent may sit in any earlier chunk, so every
    top-level comment is remembered; a dict of Python strings would cost about 180 bytes per
    comment (180 MB for a million), these arrays about 30. A number seen twice maps to its last id.
    """

    def __init__(self) -> None:
        self._numbers: list[np.ndarray] = []
        self._ids: list[pa.Array] = []
        self._other: dict[str, str] = {}  # numbers that are not plain integers
        self._sorted: tuple[np.ndarray, np.ndarray, pa.Array] | None = None

    def add(self, numbers: pd.Series, ids: pd.Series) -> None:
        plain = numbers.str.fullmatch(r"0|[1-9]\d{0,17}").to_numpy(dtype=bool)
        if (~plain).any():
            self._other.update(zip(numbers[~plain].tolist(), ids[~plain].tolist(), strict=True))
        self._numbers.append(numbers[plain].to_numpy(dtype=str).astype(np.int64))
        self._ids.append(pa.array(ids[plain].tolist(), type=pa.large_string()))
        self._sorted = None

    def lookup(self, parents: pd.Series) -> pd.Series:
        """Parent ids for a chunk's parent numbers ('' where none or unknown)."""
        out = pd.Series("", index=parents.index, dtype=object)
        wanted = parents.notna()
        if not wanted.any():
            return out.astype("str")
        asked = parents[wanted].astype(str)
        plain = asked.str.fullmatch(r"0|[1-9]\d{0,17}").to_numpy(dtype=bool)
        found = pd.Series("", index=asked.index, dtype=object)
        if self._other:
            found[~plain] = asked[~plain].map(self._other).fillna("")
        if plain.any() and self._numbers:
            numbers, order, ids = self._index()
            q = asked[plain].to_numpy(dtype=str).astype(np.int64)
            pos = np.searchsorted(numbers, q, side="right") - 1  # the last of equal numbers
            hit = (pos >= 0) & (numbers[np.maximum(pos, 0)] == q)
            got = np.full(q.size, "", dtype=object)
            if hit.any():
                got[hit] = ids.take(pa.array(order[pos[hit]])).to_pylist()
            found[plain] = got
        out[wanted] = found
        return out.astype("str")

    def _index(self) -> tuple[np.ndarray, np.ndarray, pa.Array]:
        if self._sorted is None:
            numbers = np.concatenate(self._numbers)
            order = np.argsort(numbers, kind="stable")
            ids = pa.concat_arrays(self._ids)
            self._numbers, self._ids = [numbers], [ids]
            self._sorted = (numbers[order], order, ids)
        return self._sorted
