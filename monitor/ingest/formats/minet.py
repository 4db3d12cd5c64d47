"""minet ``instagram comments`` CSV.

Columns: ``id,index,parent_id,child_index,text,hashtags,mentioned_names,has_translation,
comment_like_count,is_liked_by_media_owner,child_comment_count,created_at_utc,utc_time,
username,user_id,...``. Replies are their own rows with ``parent_id`` set. ``created_at_utc``
is a Unix time (``utc_time`` its ISO form, UTC); both are UTC by definition. minet adds the
input columns in front when run over a list of posts, so a post URL column is used if present.
"""

from __future__ import annotations

import pandas as pd

from monitor.ingest.formats.base import TableFormat
from monitor.ingest.rows import Context, clean_str, shortcode_from_url

_POST_COLUMNS = ("url", "post_url", "post", "shortcode", "media_url", "permalink")


class Minet(TableFormat):
    name = "minet"
    label = "minet"
    default_tz = "UTC"

    def is_header(self, cells: list[str]) -> bool:
        names = {str(c).strip() for c in cells}
        return {"id", "text", "comment_like_count", "username"} <= names and (
            "created_at_utc" in names or "utc_time" in names
        )

    def to_raw(self, df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        post = pd.Series("", index=df.index, dtype=object)
        for col in _POST_COLUMNS:
            if col in df.columns:
                values = clean_str(df[col])
                code = shortcode_from_url(values)
                if col == "shortcode":
                    code = code.where(code.ne(""), values)
                post = post.where(post.ne(""), code)
        created = (
            clean_str(df["created_at_utc"]) if "created_at_utc" in df else clean_str(df["utc_time"])
        )
        if "utc_time" in df and "created_at_utc" in df:
            created = created.where(created.ne(""), clean_str(df["utc_time"]))
        return pd.DataFrame(
            {
                "comment_id": df["id"],
                "post_id": post,
                "parent_id": df.get("parent_id", ""),
                "author": df["username"],
                "text": df["text"],
                "created": created,
                "like_count": df["comment_like_count"],
                "row": range(first_row, first_row + len(df)),
            },
            index=df.index,
        )


FORMAT = Minet()
