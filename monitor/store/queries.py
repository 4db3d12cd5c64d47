"""Reading comments for the Comments page: filters, stem search, paging and safe CSV rows.

Search works on stems as well as on the raw text: ``terms`` holds each comment's distinct stems
(written at scoring time), so a query for "bantu" finds "bantuan" and "membantu" without a
full-text engine, on SQLite and PostgreSQL alike.

Emotions: ``CommentFilter.emotions`` keeps comments of some emotions (codes of
``core.canonical.EMOTION_LABELS``, and ``"none"`` for comments scored without one; comments
not scored for emotion yet, stored before emotions were, match none of them). ``ORDERS``: the
list is newest first, or least certain first (``"uncertain"``: lowest sentiment confidence
first, so an analyst corrects where it helps most; a corrected label is certain and comes
after every uncorrected one, and comments not scored yet, whose confidence is unknown, last).

A comment is (platform, comment_id); every read takes the platforms to show (``platforms``,
None or empty meaning all), and comment rows carry their ``platform`` and the link to their
post (``post_url``: the stored post's link, else the one its platform builds from the id).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, literal, not_, or_, select

from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.core.platforms import post_url
from monitor.core.spreadsheet import excel_safe
from monitor.nlp import text as nlp_text
from monitor.store.aggregates import read_first_seen, stored_platforms
from monitor.store.engine import Store
from monitor.store.schema import comments, corrections, events, imports, mappings, posts
from monitor.store.schema import settings as settings_table

# Columns shown and exported, in order.
LIST_COLUMNS: tuple[str, ...] = (
    "comment_id",
    "platform",
    "day",
    "created_at_utc",
    "post_id",
    "author",
    "text",
    "label",
    "sentiment_score",
    "sentiment_label",
    "corrected_label",
    "is_complaint",
    "complaint_category",
    "like_count",
    "is_reply",
    "first_reply_at",
    "emotion",
    "emotion_confidence",
    "sentiment_confidence",
    "post_url",
)
MAX_EXPORT_ROWS = 200_000
NO_EMOTION = "none"  # the filter's name for comments scored without an emotion (stored as "")
ORDERS: tuple[str, ...] = ("newest", "uncertain")


@dataclass(frozen=True)
class CommentFilter:
    """What the Comments page is filtered by; empty/None means "no restriction"."""

    start: date | None = None
    end: date | None = None
    posts: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    answered: str = "all"  # all | answered | unanswered
    search: str = ""
    include_owner: bool = False
    complaints_only: bool = False
    platforms: tuple[str, ...] = ()  # platform codes; empty: every platform
    emotions: tuple[str, ...] = ()  # emotion codes and "none"; empty: every comment


def effective_label() -> ColumnElement:
    """An analyst's correction always wins over the model's label."""
    return func.coalesce(comments.c.corrected_label, comments.c.sentiment_label)


def search_words(query: str) -> list[str]:
    """Lower-cased words of a search box entry (at most 8, to keep the SQL small)."""
    words = [w.strip(".,!?;:\"'()[]") for w in query.lower().split()]
    return [w for w in words if w][:8]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _word_condition(word: str, terms: list[str]) -> ColumnElement:
    """A word matches its terms (its stem) among the comment's terms, or appears in the text."""
    padded_terms = literal(" ") + comments.c.terms + literal(" ")
    conds = [func.lower(comments.c.text).like(f"%{_escape_like(word)}%", escape="\\")]
    if terms:
        conds.append(
            and_(*(padded_terms.like(f"% {_escape_like(t)} %", escape="\\") for t in terms))
        )
    return or_(*conds)


def _conditions(flt: CommentFilter) -> list[ColumnElement]:
    conds: list[ColumnElement] = []
    if flt.start is not None:
        conds.append(comments.c.day >= flt.start)
    if flt.end is not None:
        conds.append(comments.c.day <= flt.end)
    if flt.platforms:
        conds.append(comments.c.platform.in_(list(flt.platforms)))
    if flt.posts:
        conds.append(comments.c.post_id.in_(list(flt.posts)))
    if flt.sentiments:
        conds.append(effective_label().in_(list(flt.sentiments)))
    if flt.categories:
        conds.append(comments.c.complaint_category.in_(list(flt.categories)))
    if flt.emotions:
        codes = ["" if e == NO_EMOTION else e for e in flt.emotions]
        conds.append(comments.c.emotion.in_(codes))
    if flt.complaints_only:
        conds.append(comments.c.is_complaint.is_(True))
    if not flt.include_owner:
        conds.append(comments.c.is_owner_reply.is_(False))
    if flt.answered == "answered":
        conds.append(comments.c.first_reply_at.is_not(None))
    elif flt.answered == "unanswered":
        conds.append(
            and_(
                comments.c.first_reply_at.is_(None),
                not_(comments.c.is_reply),
                not_(comments.c.is_owner_reply),
            )
        )
    words = search_words(flt.search)
    for word in words:  # the terms scoring stores, so a query stem matches stored stems
        conds.append(_word_condition(word, nlp_text.search_terms(word)))
    return conds


def _list_select():
    return select(
        comments.c.comment_id,
        comments.c.platform,
        comments.c.day,
        comments.c.created_at_utc,
        comments.c.post_id,
        comments.c.author,
        comments.c.text,
        effective_label().label("label"),
        comments.c.sentiment_score,
        comments.c.sentiment_label,
        comments.c.corrected_label,
        comments.c.is_complaint,
        comments.c.complaint_category,
        comments.c.like_count,
        comments.c.is_reply,
        comments.c.first_reply_at,
        comments.c.emotion,
        comments.c.emotion_confidence,
        comments.c.sentiment_confidence,
    )


def _order(order: str) -> list[ColumnElement]:
    """The list's order (``ORDERS``); ties by time, id and platform so pages never overlap."""
    c = comments.c
    newest = [c.created_at_utc.desc(), c.comment_id, c.platform]
    if order == "newest":
        return newest
    if order == "uncertain":
        last = case(
            (c.corrected_label.is_not(None), 2), (c.sentiment_confidence.is_(None), 1), else_=0
        )
        return [last, c.sentiment_confidence, *newest]
    raise ValueError(f"unknown comment order {order!r}: expected one of {', '.join(ORDERS)}")


def _with_post_urls(conn, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``post_url``: looked up for its distinct posts (a page names a few), not
    joined row by row."""
    keys = frame[["platform", "post_id"]].drop_duplicates()
    stored: dict[tuple[str, str], str] = {}
    for platform, group in keys.groupby("platform"):
        ids = group["post_id"].tolist()
        for i in range(0, len(ids), 500):
            query = select(posts.c.post_id, posts.c.url).where(
                posts.c.platform == platform, posts.c.post_id.in_(ids[i : i + 500])
            )
            stored.update({(platform, pid): url for pid, url in conn.execute(query)})
    frame["post_url"] = [
        stored.get((p, i)) or post_url(p, i)
        for p, i in zip(frame["platform"].tolist(), frame["post_id"].tolist(), strict=True)
    ]
    return frame


def _list_frame(conn, rows) -> pd.DataFrame:
    frame = pd.DataFrame([dict(r) for r in rows], columns=list(LIST_COLUMNS[:-1]))
    return _with_post_urls(conn, frame)[list(LIST_COLUMNS)]


def search_comments(
    store: Store, flt: CommentFilter, *, limit: int = 50, offset: int = 0, order: str = "newest"
) -> tuple[pd.DataFrame, int]:
    """One page of matching comments in ``order`` (``ORDERS``: newest first, or least certain
    first), and the total number of matches."""
    conds = _conditions(flt)
    query = (
        _list_select()
        .where(*conds)
        .order_by(*_order(order))
        .limit(max(1, limit))
        .offset(max(0, offset))
    )
    count = select(func.count()).select_from(comments).where(*conds)
    with store.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        frame = _list_frame(conn, conn.execute(query).mappings().all())
    return frame, total


ACCOUNT_COLUMNS: tuple[str, ...] = (
    "platform",
    "author",
    "comments",
    "posts",
    "most_on_one_post",
    "share",
    "first_seen",
)


def search_accounts(
    store: Store, flt: CommentFilter, *, limit: int = 50, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """The matching comments grouped by account (platform, author), most comments first: one
    page of ``ACCOUNT_COLUMNS`` (``share`` of the matching comments; ``first_seen`` the
    account's first comment anywhere in the store, UTC), and the number of accounts. Comments
    without an author belong to no account. Authors are as stored: pseudonyms when
    pseudonymisation is on."""
    conds = _conditions(flt)
    c = comments.c
    per_post = (
        select(c.platform, c.author, c.post_id, func.count().label("n"))
        .where(*conds, c.author != "", c.author.is_not(None))
        .group_by(c.platform, c.author, c.post_id)
        .subquery()
    )
    total_comments = select(func.count()).select_from(comments).where(*conds)
    per_account = select(
        per_post.c.platform,
        per_post.c.author,
        func.sum(per_post.c.n).label("comments"),
        func.count().label("posts"),
        func.max(per_post.c.n).label("most_on_one_post"),
    ).group_by(per_post.c.platform, per_post.c.author)
    page = (
        per_account.order_by(func.sum(per_post.c.n).desc(), per_post.c.author, per_post.c.platform)
        .limit(max(1, limit))
        .offset(max(0, offset))
    )
    accounts = select(func.count()).select_from(per_account.subquery())
    with store.connect() as conn:
        n_comments = int(conn.execute(total_comments).scalar_one())
        n_accounts = int(conn.execute(accounts).scalar_one())
        rows = conn.execute(page).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["platform", "author", "comments", "posts", "most_on_one_post"],
    )
    for col in ("comments", "posts", "most_on_one_post"):
        frame[col] = frame[col].astype(int)
    frame["share"] = (frame["comments"] / n_comments).round(4) if n_comments else 0.0
    first = read_first_seen(store, zip(frame["platform"], frame["author"], strict=True))
    frame["first_seen"] = [
        first.get((p, a)) for p, a in zip(frame["platform"], frame["author"], strict=True)
    ]
    return frame[list(ACCOUNT_COLUMNS)], n_accounts


def get_comment(store: Store, comment_id: str, platform: str = DEFAULT_PLATFORM) -> dict | None:
    """One comment (``platform``, ``comment_id``) as shown in the list, or None."""
    this = (comments.c.platform == platform) & (comments.c.comment_id == comment_id)
    with store.connect() as conn:
        rows = conn.execute(_list_select().where(this)).mappings().all()
        if not rows:
            return None
        return _list_frame(conn, rows).iloc[0].to_dict()


def export_rows(store: Store, flt: CommentFilter, *, limit: int = MAX_EXPORT_ROWS) -> pd.DataFrame:
    """Every matching comment (up to ``limit``), Excel-safe, oldest first."""
    query = (
        _list_select()
        .where(*_conditions(flt))
        .order_by(comments.c.created_at_utc, comments.c.comment_id, comments.c.platform)
        .limit(limit)
    )
    with store.connect() as conn:
        frame = _list_frame(conn, conn.execute(query).mappings().all())
    return excel_safe(frame)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Indonesian text correctly."""
    buf = io.StringIO()
    excel_safe(frame).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


# --- small read helpers the pages need --------------------------------------------------------


def data_version(store: Store) -> str:
    """Changes whenever an import, undo, correction, event edit, saved mapping or a post's
    hand-set content types change data.

    Used as a cache key so cached views never outlive the data they were computed from.
    """
    with store.connect() as conn:
        imp = conn.execute(
            select(
                func.coalesce(func.max(imports.c.id), 0),
                func.count(),
                func.sum(func.length(imports.c.status)),
            ).select_from(imports)
        ).one()
        corr = conn.execute(
            select(func.coalesce(func.max(corrections.c.id), 0), func.count()).select_from(
                corrections
            )
        ).one()
        ev = conn.execute(
            select(
                func.count(),
                func.max(events.c.id),
                func.max(events.c.created_at),
                func.max(events.c.updated_at),
            ).select_from(events)
        ).one()
        maps = conn.execute(select(func.count()).select_from(mappings)).scalar_one()
        sets = conn.execute(select(func.max(settings_table.c.updated_at))).scalar_one()
        # a post's facts or its hand-set content types (``store.content``) changed
        post = conn.execute(select(func.max(posts.c.updated_at))).scalar_one()
    parts = [*imp, *corr, *ev, maps, sets, post]
    return "|".join("" if p is None else str(p) for p in parts)


def _on(platforms: Sequence[str] | None) -> list[ColumnElement]:
    return [comments.c.platform.in_(list(platforms))] if platforms else []


def data_bounds(
    store: Store, platforms: Sequence[str] | None = None
) -> tuple[date | None, date | None]:
    """First and last day with a stored comment (of ``platforms``)."""
    query = select(func.min(comments.c.day), func.max(comments.c.day)).where(*_on(platforms))
    with store.connect() as conn:
        lo, hi = conn.execute(query).one()
    return lo, hi


def comment_count(store: Store, platforms: Sequence[str] | None = None) -> int:
    query = select(func.count()).select_from(comments).where(*_on(platforms))
    with store.connect() as conn:
        return int(conn.execute(query).scalar_one())


POST_LIST_COLUMNS: tuple[str, ...] = (
    "post_id",
    "comments",
    "first_day",
    "last_day",
    "platform",
    "url",
    "title",
)


def list_posts(store: Store, platforms: Sequence[str] | None = None) -> pd.DataFrame:
    """Posts (of ``platforms``) with their comment counts, first/last day, link and title,
    most commented first: ``POST_LIST_COLUMNS``."""
    c = comments.c
    query = (
        select(
            c.post_id,
            func.count().label("comments"),
            func.min(c.day).label("first_day"),
            func.max(c.day).label("last_day"),
            c.platform,
        )
        .where(c.is_owner_reply.is_(False), *_on(platforms))
        .group_by(c.platform, c.post_id)
        .order_by(func.count().desc(), c.post_id, c.platform)
    )
    with store.connect() as conn:
        frame = pd.DataFrame(
            [dict(r) for r in conn.execute(query).mappings().all()],
            columns=list(POST_LIST_COLUMNS[:-2]),
        )
        stored = pd.DataFrame(
            [
                tuple(r)
                for r in conn.execute(
                    select(posts.c.platform, posts.c.post_id, posts.c.url, posts.c.title)
                )
            ],
            columns=["platform", "post_id", "url", "title"],
        )
    frame = frame.merge(stored, on=["platform", "post_id"], how="left")
    missing = frame["url"].isna() | frame["url"].eq("")
    if missing.any():
        frame.loc[missing, "url"] = [
            post_url(p, i)
            for p, i in zip(
                frame.loc[missing, "platform"], frame.loc[missing, "post_id"], strict=True
            )
        ]
    frame["title"] = frame["title"].astype(object).where(frame["title"].notna(), None)
    return frame[list(POST_LIST_COLUMNS)]


def list_platforms(store: Store) -> list[str]:
    """The platforms the store holds figures for, in ``core.platforms`` order."""
    return stored_platforms(store)


def list_categories(store: Store, platforms: Sequence[str] | None = None) -> list[str]:
    """Complaint categories present in the data (of ``platforms``)."""
    query = (
        select(comments.c.complaint_category)
        .where(comments.c.complaint_category.is_not(None), *_on(platforms))
        .distinct()
        .order_by(comments.c.complaint_category)
    )
    with store.connect() as conn:
        return [r[0] for r in conn.execute(query) if r[0]]


def demo_loaded(store: Store) -> bool:
    """True when the demo data set is in the store (and not undone)."""
    query = (
        select(func.count())
        .select_from(imports)
        .where(imports.c.is_demo.is_(True), imports.c.status != "undone")
    )
    with store.connect() as conn:
        return int(conn.execute(query).scalar_one()) > 0


def import_count(store: Store) -> int:
    """How many imports were ever made (undone ones included): zero means a fresh store."""
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(imports)).scalar_one())
