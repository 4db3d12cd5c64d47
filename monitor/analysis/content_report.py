"""The content view over the store: reception of the stored posts, and one post's own view.

``post_reception`` reads the posts and the followers' comments under them (``store.posts``,
``store.content``) and hands them to the pure figures of ``analysis.content``, with the content
type rules and follower counts in force (``ops.settings``: ``content_type_rules``,
``followers``). ``post_view`` is one post: its figures, its comments over the hours after it
was published, its themes (the stored search terms) and its complaints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from monitor.analysis import content
from monitor.nlp.content_types import rules_of
from monitor.store import content as content_store
from monitor.store.engine import Store
from monitor.store.posts import read_posts

HOURS = 72  # a post's own view: comments over its first three days


def post_reception(
    store: Store,
    platforms: Sequence[str] | None = None,
    *,
    rules_text: str = "",
    followers: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """``analysis.content.reception`` of every stored post of ``platforms`` (None or empty:
    all); ``rules_text``: the settings' content type rules ('' = shipped)."""
    posts = read_posts(store, platforms)
    comments = content_store.post_comments(store, platforms)
    return content.reception(posts, comments, followers, rules_of(rules_text))


def post_view(
    store: Store,
    platform: str,
    post_id: str,
    *,
    rules_text: str = "",
    followers: Mapping[str, int] | None = None,
    hours: int = HOURS,
) -> dict | None:
    """One post: ``post`` (its reception row as a dict), ``hours`` (comments per hour after
    publishing), ``themes``, ``complaints`` (their text, time and whether answered); None for a
    post not stored."""
    posts = read_posts(store, [platform], [post_id])
    if posts.empty:
        return None
    comments = content_store.post_comments(store, [platform], [post_id], with_text=True)
    row = content.reception(posts, comments, followers, rules_of(rules_text)).iloc[0]
    complaints = comments[comments["is_complaint"]].sort_values("created_at_utc")
    return {
        "post": row.to_dict(),
        "hours": content.hours_after(comments, row["published_at"], hours),
        "themes": content.themes(comments),
        "complaints": complaints[["comment_id", "created_at_utc", "text", "answered"]].reset_index(
            drop=True
        ),
    }
