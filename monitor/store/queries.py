"""Reading comments for the Comments page: filters, stem search, paging and safe CSV rows.

Search works on stems as well as on the raw text: ``terms`` holds each comment's distinct stems
(written at scoring time), so a query for "bantu" finds "bantuan" and "membantu" without a
full-text engine, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, literal, not_, or_, select

from monitor.core.spreadsheet import excel_safe
from monitor.nlp import text as nlp_text
from monitor.store.engine import Store
from monitor.store.schema import comments, corrections, events, imports, mappings
from monitor.store.schema import settings as settings_table

# Columns shown and exported, in order.
LIST_COLUMNS: tuple[str, ...] = (
    "comment_id",
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
)
MAX_EXPORT_ROWS = 200_000


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
    if flt.posts:
        conds.append(comments.c.post_id.in_(list(flt.posts)))
    if flt.sentiments:
        conds.append(effective_label().in_(list(flt.sentiments)))
    if flt.categories:
        conds.append(comments.c.complaint_category.in_(list(flt.categories)))
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
    )


def search_comments(
    store: Store, flt: CommentFilter, *, limit: int = 50, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """One page of matching comments, newest first, and the total number of matches."""
    conds = _conditions(flt)
    query = (
        _list_select()
        .where(*conds)
        .order_by(comments.c.created_at_utc.desc(), comments.c.comment_id)
        .limit(max(1, limit))
        .offset(max(0, offset))
    )
    count = select(func.count()).select_from(comments).where(*conds)
    with store.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(LIST_COLUMNS)), total


def get_comment(store: Store, comment_id: str) -> dict | None:
    """One comment as shown in the list, or None."""
    with store.connect() as conn:
        row = (
            conn.execute(_list_select().where(comments.c.comment_id == comment_id))
            .mappings()
            .first()
        )
    return dict(row) if row else None


def export_rows(store: Store, flt: CommentFilter, *, limit: int = MAX_EXPORT_ROWS) -> pd.DataFrame:
    """Every matching comment (up to ``limit``), Excel-safe, oldest first."""
    query = (
        _list_select()
        .where(*_conditions(flt))
        .order_by(comments.c.created_at_utc, comments.c.comment_id)
        .limit(limit)
    )
    with store.connect() as conn:
        rows = conn.execute(query).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=list(LIST_COLUMNS))
    return excel_safe(frame)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Indonesian text correctly."""
    buf = io.StringIO()
    excel_safe(frame).to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


# --- small read helpers the pages need --------------------------------------------------------


def data_version(store: Store) -> str:
    """Changes whenever an import, undo, correction, event edit or saved mapping changes data.

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
    parts = [*imp, *corr, *ev, maps, sets]
    return "|".join("" if p is None else str(p) for p in parts)


def data_bounds(store: Store) -> tuple[date | None, date | None]:
    """First and last day with a stored comment."""
    with store.connect() as conn:
        lo, hi = conn.execute(select(func.min(comments.c.day), func.max(comments.c.day))).one()
    return lo, hi


def comment_count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(comments)).scalar_one())


def list_posts(store: Store) -> pd.DataFrame:
    """Posts with their comment counts and first/last day, most commented first."""
    query = (
        select(
            comments.c.post_id,
            func.count().label("comments"),
            func.min(comments.c.day).label("first_day"),
            func.max(comments.c.day).label("last_day"),
        )
        .where(comments.c.is_owner_reply.is_(False))
        .group_by(comments.c.post_id)
        .order_by(func.count().desc(), comments.c.post_id)
    )
    with store.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(
        [dict(r) for r in rows], columns=["post_id", "comments", "first_day", "last_day"]
    )


def list_categories(store: Store) -> list[str]:
    """Complaint categories present in the data."""
    query = (
        select(comments.c.complaint_category)
        .where(comments.c.complaint_category.is_not(None))
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
