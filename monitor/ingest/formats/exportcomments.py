"""exportcomments.com Instagram export (CSV or XLSX).

Header: ``,,Name,Username,"Profile ID",Date,Likes,Comment,"User Verified",Thumbnail,
"Comment ID","Profile URL","Comment URL"``; the first column numbers the comments and the
second is empty. A reply is numbered ``<parent number>.<n>`` (or carries its parent's
number in the second column) and becomes a row whose parent is that comment.
``Username`` is sometimes empty while ``Name`` holds the handle.

``Date`` is ``YYYY-MM-DD HH:MM:SS`` with no zone. exportcomments.com writes these in UTC,
so the documented default is UTC; ``--assume-tz`` overrides it for files saved otherwise.
The post shortcode comes from ``Comment URL`` (``https://www.instagram.com/p/<code>/c/<id>``).
"""

from __future__ import annotations

import pandas as pd

from monitor.ingest.normalise import Context, clean_str, shortcode_from_url

NAME = "exportcomments"
DEFAULT_TZ = "UTC"
HEADER = ("Name", "Username", "Profile ID", "Date", "Likes", "Comment", "Comment ID", "Comment URL")


def is_header(cells: list[str]) -> bool:
    names = {str(c).strip() for c in cells}
    return all(h in names for h in HEADER)


def to_raw(df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
    number = clean_str(df.iloc[:, 0])
    marker = clean_str(df.iloc[:, 1]) if df.shape[1] > 1 else pd.Series("", index=df.index)
    comment_id = clean_str(df["Comment ID"])
    username = clean_str(df["Username"])
    author = username.where(username.ne(""), clean_str(df["Name"]))
    # Replies: "3.1" / "3-1" in the first column, or the parent's number in the second.
    head = number.str.extract(r"^(\d+)[.\-]\d+$", expand=False)
    parent_number = head.where(head.notna(), marker.where(marker.str.fullmatch(r"\d+"), None))
    top = parent_number.isna() & number.ne("")
    ids_by_number = ctx.state.setdefault("ids_by_number", {})  # replies may sit in a later chunk
    ids_by_number.update(zip(number[top].tolist(), comment_id[top].tolist(), strict=True))
    parent_id = parent_number.map(ids_by_number, na_action="ignore").fillna("")
    return pd.DataFrame(
        {
            "comment_id": comment_id,
            "post_id": shortcode_from_url(clean_str(df["Comment URL"])),
            "parent_id": parent_id,
            "author": author,
            "text": df["Comment"],
            "created": df["Date"],
            "like_count": df["Likes"],
            "row": range(first_row, first_row + len(df)),
        },
        index=df.index,
    )
