"""X API v2 responses (recent or full-archive search, a conversation's replies) saved as JSON.

A page is ``{"data": [tweet...], "includes": {"users": [...], "tweets": [...]}, "meta": {...}}``
with tweets ``{id, text, created_at, author_id, conversation_id, in_reply_to_user_id,
referenced_tweets: [{type, id}], public_metrics: {like_count, reply_count, ...}}``
(``note_tweet.text`` holds the whole text of a long post, ``text`` only its start). A file is
one page, a JSON array of pages, or one page per line (as ``twarc2`` writes them); a bare
array of tweets, or tweets one per line, is read too (then without ``includes``).

Pages are read whole (``whole_pages``): a tweet's author handle is in the page's
``includes.users``, matched by ``author_id``; without it the author shows as the user id, and
only the id can then identify the monitored account. The post is the conversation
(``conversation_id``); a reply's parent is the tweet it ``replied_to``, else, for a reply that
names only the user it answers, the conversation's first tweet. ``in_reply_to_user_id`` (and
its handle) says whom a reply answers: a reply to the account's own first tweet is top-level
(``rows.finalise``). Where the conversation's first
tweet is in the page (among the results or in ``includes.tweets``), its text, link, time and
counts are the post's facts. Row numbers count tweets through the file. Times carry ``Z``.
"""

from __future__ import annotations

from monitor.ingest.cells import nested, scalar
from monitor.ingest.formats.base import ItemJsonFormat, objects
from monitor.ingest.rows import Context

_MARKS = {"author_id", "conversation_id", "edit_history_tweet_ids", "referenced_tweets"}
_COUNTER = "x_api_tweets"  # Context.state: tweets numbered so far


def _users(page: dict) -> dict[object, object]:
    return {
        u.get("id"): scalar(u.get("username"))
        for u in objects(nested(page, "includes", "users"))
        if isinstance(u.get("id"), str | int)
    }


def _roots(page: dict) -> dict[object, dict]:
    """The page's tweets (results and ``includes.tweets``) that begin their conversation."""
    tweets = [*objects(page.get("data")), *objects(nested(page, "includes", "tweets"))]
    return {
        t.get("id"): t
        for t in tweets
        if isinstance(t.get("id"), str | int)
        and t.get("conversation_id", t.get("id")) == t.get("id")
    }


def _text(tweet: dict) -> object:
    whole = nested(tweet, "note_tweet", "text")
    return whole if isinstance(whole, str) and whole else scalar(tweet.get("text"))


def _parent(tweet: dict, tweet_id: object, thread: object) -> object:
    for ref in objects(tweet.get("referenced_tweets")):
        if ref.get("type") == "replied_to" and scalar(ref.get("id")) is not None:
            return scalar(ref.get("id"))
    if tweet.get("in_reply_to_user_id") and thread != tweet_id:
        return thread
    return None


def _metric(tweet: dict, name: str) -> object:
    return scalar(nested(tweet, "public_metrics", name))


def _post_facts(root: dict, users: dict) -> dict:
    """What the conversation's first tweet says of the post."""
    handle = users.get(scalar(root.get("author_id"))) or nested(root, "author", "username")
    root_id = scalar(root.get("id"))
    url = f"https://x.com/{handle}/status/{root_id}" if isinstance(handle, str) else None
    return {
        "post_url": url if root_id is not None else None,
        "post_title": _text(root),
        "post_published": scalar(root.get("created_at")),
        "post_like_count": _metric(root, "like_count"),
        "post_comment_count": _metric(root, "reply_count"),
        "post_view_count": _metric(root, "impression_count"),
    }


def _record(tweet: dict, number: int, users: dict, roots: dict) -> dict:
    tweet_id = scalar(tweet.get("id"))
    thread = scalar(tweet.get("conversation_id")) or tweet_id
    author_id = scalar(tweet.get("author_id"))
    handle = users.get(author_id) or nested(tweet, "author", "username")
    handle = handle if isinstance(handle, str) else None
    record = {
        "comment_id": tweet_id,
        "post_id": thread,
        "parent_id": _parent(tweet, tweet_id, thread),
        "reply_to_id": scalar(tweet.get("in_reply_to_user_id")),
        "reply_to_handle": users.get(scalar(tweet.get("in_reply_to_user_id"))) or "",
        "author": handle or author_id,
        "handle": handle or "",
        "author_id": author_id,
        "text": _text(tweet),
        "created": scalar(tweet.get("created_at")),
        "like_count": _metric(tweet, "like_count"),
        "row": number,
    }
    root = tweet if thread == tweet_id else roots.get(thread)
    if root is not None:
        record.update(_post_facts(root, users))
    return record


def is_page(item: object) -> bool:
    """Whether a JSON value is a response page rather than a tweet."""
    return isinstance(item, dict) and (
        isinstance(item.get("data"), list) or ("meta" in item and "text" not in item)
    )


class XApi(ItemJsonFormat):
    name = "x_api"
    label = "X API v2"
    default_tz = "UTC"
    platform = "x"
    page_key = "data"
    whole_pages = True
    batch_elements = 300  # pages of up to 100 (recent search) or 500 (full archive) tweets

    def matches(self, item: object) -> bool:
        """A tweet object of the API (a page's first one, or a bare tweet)."""
        return (
            isinstance(item, dict)
            and "text" in item
            and "id" in item
            and "timestamp" not in item
            and bool(_MARKS & set(item))
        )

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        """A page's tweets, numbered through the file; a bare tweet by its own item number."""
        if not is_page(item):
            return [_record(item, number, {}, {})]
        users, roots = _users(item), _roots(item)
        records = []
        tweets = item.get("data")
        for tweet in tweets if isinstance(tweets, list) else []:
            ctx.state[_COUNTER] = n = ctx.state.get(_COUNTER, 0) + 1
            if isinstance(tweet, dict):
                records.append(_record(tweet, n, users, roots))
            else:  # not a tweet: a rejected row
                records.append({"row": n, "text": None, "created": None})
        return records


FORMAT = XApi()
