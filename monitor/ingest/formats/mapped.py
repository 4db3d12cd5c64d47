"""Any other CSV/XLSX, read through a column mapping the analyst confirmed.

A mapping names, for each canonical field, the source column holding it:
``{"text": ..., "time": ..., "author": ..., "id": ..., "post": ..., "likes": ..., "parent": ...}``;
``text`` and ``time`` are required. Naive times default to Asia/Jakarta (a hand-made sheet
from the ministry's team is written in local time); day-first dates like ``23/08/2021``
are understood. Rows without an id get a stable hash id of post, author, time and text.

A mapping may also say which platform the sheet's comments are from (``"platform": "x"``;
``core.platforms``, default Instagram), so any table can be read for any platform; a post
column holding links then gives the post id as that platform writes it in its links
(``rows.post_id_from_url``), and the link itself is kept as the post's URL.
"""

from __future__ import annotations

import re

import pandas as pd

from monitor.core import platforms
from monitor.core.errors import IngestError
from monitor.ingest.formats.base import TableFormat
from monitor.ingest.rows import Context, clean_str, post_id_from_url

NAME = "mapped"
FIELDS = ("text", "time", "author", "id", "post", "likes", "parent")
REQUIRED = ("text", "time")
OPTIONS = ("platform",)  # entries of a mapping that are not columns

# Column-name hints for the suggested mapping (English and Indonesian), best first.
HINTS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "comment",
        "comments",
        "komentar",
        "message",
        "content",
        "body",
        "isi",
        "teks",
    ),
    "time": ("timestamp", "date", "time", "created_at", "created", "datetime", "tanggal", "waktu"),
    "author": ("username", "author", "user", "owner", "handle", "akun", "name", "nama"),
    "id": ("comment_id", "comment id", "commentid", "id"),
    "post": ("post_id", "post", "shortcode", "post_url", "url", "media_id", "media"),
    "likes": ("likes", "like_count", "likes_count", "like", "suka", "jumlah_suka"),
    "parent": ("parent_id", "parent", "reply_to", "in_reply_to", "balasan_untuk"),
}


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-/.]+", "_", str(name).strip().lower())


def suggest(columns: list[str]) -> dict[str, str]:
    """A best guess at the mapping from column names; the analyst confirms or corrects it."""
    normed = {c: _norm(c) for c in columns}
    used: set[str] = set()
    out: dict[str, str] = {}
    for field, hints in HINTS.items():
        hint_norm = [_norm(h) for h in hints]
        choice = next(
            (c for h in hint_norm for c in columns if normed[c] == h and c not in used), None
        )
        if choice is None:
            choice = next(
                (
                    c
                    for h in hint_norm
                    for c in columns
                    if len(h) > 3 and h in normed[c] and c not in used
                ),
                None,
            )
        if choice is not None:
            out[field] = choice
            used.add(choice)
    return out


def validate(mapping: dict[str, str], columns: list[str], file_name: str) -> dict[str, str]:
    """The mapping with empty entries dropped; unknown fields, columns or platforms are a clear
    error."""
    clean = {k: v for k, v in (mapping or {}).items() if v}
    unknown = set(clean) - set(FIELDS) - set(OPTIONS)
    if unknown:
        raise IngestError(
            f"unknown mapping field(s) {', '.join(sorted(unknown))}; expected "
            f"{', '.join((*FIELDS, *OPTIONS))}",
            file_name=file_name,
        )
    if "platform" in clean:
        try:
            platforms.check(str(clean["platform"]))
        except ValueError as exc:
            raise IngestError(f"the column mapping names an {exc}", file_name=file_name) from exc
    for field in REQUIRED:
        if field not in clean:
            raise IngestError(
                f"the column mapping must name the {field!r} column", file_name=file_name
            )
    missing = [f"{k} -> {v!r}" for k, v in clean.items() if k in FIELDS and v not in columns]
    if missing:
        raise IngestError(
            f"mapped column(s) not in the file: {', '.join(missing)}; columns are: "
            + ", ".join(map(repr, columns[:40])),
            file_name=file_name,
        )
    return clean


class Mapped(TableFormat):
    """A table read through one confirmed ``mapping`` (see ``validate``); never detected."""

    name = NAME
    label = "column mapping"
    default_tz = "Asia/Jakarta"

    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self.mapping = dict(mapping or {})
        self.platform = self.mapping.get("platform") or platforms.DEFAULT

    def is_header(self, cells: list[str]) -> bool:
        return False  # a mapped file is whatever the analyst says it is

    def _col(self, df: pd.DataFrame, field: str) -> pd.Series:
        name = self.mapping.get(field)
        if not name:
            return pd.Series("", index=df.index, dtype=object)
        return df[name]

    def to_raw(self, df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        post = clean_str(self._col(df, "post"))
        code = post_id_from_url(post, self.platform)
        link = post.where(post.str.match(r"https?://", case=False), None)
        return pd.DataFrame(
            {
                "comment_id": self._col(df, "id"),
                "post_id": code.where(code.ne(""), post),
                "post_url": link,
                "parent_id": self._col(df, "parent"),
                "author": self._col(df, "author"),
                "text": self._col(df, "text"),
                "created": self._col(df, "time"),
                "like_count": self._col(df, "likes"),
                "row": range(first_row, first_row + len(df)),
            },
            index=df.index,
        )


FORMAT = Mapped()  # no mapping: what the format says about itself (name, zone)
