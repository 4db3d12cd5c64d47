"""tweet-harvest CSV (``npx tweet-harvest``, files under ``tweets-data/``): X search results.

Every field quoted, CRLF, the columns in alphabetical order: ``conversation_id_str,
created_at, favorite_count, full_text, id_str, image_url, in_reply_to_screen_name, lang,
location, quote_count, reply_count, retweet_count, tweet_url, user_id_str, username``
(releases before 2.4 lack some of the last ones). Version 2.7 writes ``created_at`` as ISO
(``2020-12-09T06:38:12.000Z``) and keeps the text as posted; 2.6 and earlier write Twitter's
own format (``Wed Dec 09 06:38:12 +0000 2020``) and strip emoji, line breaks, commas and
quotes from the text, so an emoji-only tweet arrives empty and is rejected as having no text.
The text keeps Twitter's HTML escapes (``&amp;``) as written: Citra stores what the file says.

Every tweet is a comment; its post is the thread, ``conversation_id_str``. A tweet with
``in_reply_to_screen_name`` is a reply, and the file names no tweet it answers, only the
thread, so its parent is the thread's first tweet (the conversation id), marked as guessed;
a thread's first tweet has no parent. ``in_reply_to_screen_name`` says whom it answers:
``rows.finalise`` makes a reply to the account's own thread a top-level comment, and links
the account's answer to the tweet of the user it names. Where the first tweet is in the file, its row also carries the post's
facts: its text as the title, its link, time, likes and reply count.

The author is ``username`` (the handle, which identifies the monitored account);
``user_id_str`` is the stable author id. Times carry their zone (UTC).
"""

from __future__ import annotations

import pandas as pd

from monitor.ingest.formats.base import TableFormat
from monitor.ingest.rows import Context, clean_str

REQUIRED = ("conversation_id_str", "created_at", "full_text", "id_str")


class TweetHarvest(TableFormat):
    name = "tweet_harvest"
    label = "tweet-harvest"
    default_tz = "UTC"  # both time formats carry their zone
    platform = "x"
    no_text = "no text (tweet-harvest before 2.7 removes emoji: an emoji-only tweet is empty)"

    def is_header(self, cells: list[str]) -> bool:
        names = {str(c).strip() for c in cells}
        return all(h in names for h in REQUIRED) and bool(names & {"username", "user_id_str"})

    def to_raw(self, df: pd.DataFrame, first_row: int, ctx: Context) -> pd.DataFrame:
        def col(name: str) -> pd.Series:
            return clean_str(df[name]) if name in df else pd.Series("", index=df.index)

        tweet = col("id_str")
        thread = col("conversation_id_str")
        thread = thread.where(thread.ne(""), tweet)  # a thread of its own
        replying = col("in_reply_to_screen_name").ne("") & thread.ne(tweet)
        root = thread.eq(tweet) & tweet.ne("")
        created = col("created_at")  # ISO, or Twitter's format (both read by rows.parse_times)
        username = col("username")
        author = username if "username" in df else col("user_id_str")

        def of_root(values: pd.Series) -> pd.Series:
            return values.where(root & values.ne(""), None)

        return pd.DataFrame(
            {
                "comment_id": tweet,
                "post_id": thread,
                "parent_id": thread.where(replying, ""),
                "reply_to_handle": col("in_reply_to_screen_name").where(replying, ""),
                "parent_guessed": replying,
                "author": author,
                "handle": username,
                "author_id": col("user_id_str"),
                "text": df["full_text"],
                "created": created,
                "like_count": df.get("favorite_count"),
                "row": range(first_row, first_row + len(df)),
                "post_url": of_root(col("tweet_url")),
                "post_title": of_root(clean_str(df["full_text"])),
                "post_published": created.where(root, None),
                "post_like_count": of_root(col("favorite_count")),
                "post_comment_count": of_root(col("reply_count")),
            },
            index=df.index,
        )


FORMAT = TweetHarvest()
