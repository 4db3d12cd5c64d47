"""Daily aggregates: recomputed per affected day, read by every view.

Why aggregates: the morning view must draw a year of figures in milliseconds even with a
million stored comments, so views read one small row per day and post instead of the comments.

Why "recompute the affected days" rather than incremental counters: ingest, undo-import, label
corrections and retention all change comments in different ways (new rows, updated rows,
deleted rows, a reply that marks an older complaint as answered). Recomputing whole days from
``comments`` with one ``GROUP BY`` per table is always right and still cheap, because a day holds
at most a few thousand comments and ``comments.day`` is indexed.

Days not passed to ``refresh_days`` are never touched: retention deletes old comments but keeps
their aggregate rows, so the long-run series survives.

Platforms: every aggregate row is of one platform. Every read takes ``platforms`` (a sequence
of ``core.platforms`` codes; None or empty means all) and sums the rows of those platforms, so
"all platforms" is the sum of the platforms' stored figures. Unique commenters add up too (a
commenter is an account on one platform); median reply times do not, and
``read_daily_total`` combines them (see there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pandas as pd
from sqlalchemy import (
    Boolean,
    Connection,
    String,
    and_,
    case,
    delete,
    distinct,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
)

from monitor.store.aggregate_tables import (
    daily_category,
    daily_category_total,
    daily_emotion,
    daily_post,
    daily_total,
)
from monitor.store.engine import Store
from monitor.store.schema import comments

_CHUNK = 400  # days per IN (...) list: well under every driver's parameter limit

# The label a view counts: an analyst's correction always wins over the model.
LABEL = func.coalesce(comments.c.corrected_label, comments.c.sentiment_label)


# The summed columns of daily_post, in table order (written by refresh, read by the views).
POST_SUM_COLUMNS: tuple[str, ...] = (
    "comments",
    "owner_replies",
    "positive",
    "neutral",
    "negative",
    "score_sum",
    "complaints",
    "complaints_answered",
    "likes",
    "owner_positive",
    "owner_neutral",
    "owner_negative",
    "owner_score_sum",
)


def _chunks(days: Sequence[date]) -> Iterable[list[date]]:
    for i in range(0, len(days), _CHUNK):
        yield list(days[i : i + _CHUNK])


def _count(cond) -> object:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def refresh_days(
    conn: Connection, days: Iterable[date], platforms: Iterable[str] | None = None
) -> None:
    """Recompute daily_post, daily_category, daily_total and daily_emotion for ``days`` inside ``conn``'s
    transaction, for ``platforms`` (those whose comments changed; None: every platform with
    comments or aggregates on those days).

    Callers pass every day whose comments changed, including the day of a complaint that an
    owner reply has just answered. A passed day with no comments left loses its aggregate rows
    of ``platforms``; other platforms' rows of that day stay as stored (retention may have
    removed their comments). One platform at a time: its rows are those the day index finds,
    filtered, so the daily totals group by day in the index's order with no sorting.
    """
    wanted = sorted({d for d in days if d is not None})
    if not wanted:
        return
    for chunk in _chunks(wanted):
        chosen = set(platforms) if platforms is not None else _platforms_on(conn, chunk)
        for platform in sorted(chosen):
            _refresh_chunk(conn, chunk, platform)
            _refresh_emotions(conn, chunk, platform)


def _refresh_emotions(conn: Connection, chunk: list[date], platform: str) -> None:
    """daily_emotion of ``chunk``'s days on ``platform``: one grouped INSERT .. SELECT of the
    comments (not the account's own) scored for emotion; those stored before emotions were
    (NULL) are left out."""
    c = comments.c
    conn.execute(
        delete(daily_emotion).where(
            daily_emotion.c.day.in_(chunk), daily_emotion.c.platform == platform
        )
    )
    conn.execute(
        insert(daily_emotion).from_select(
            ["day", "platform", "post_id", "emotion", "comments"],
            select(c.day, literal(platform, String(16)), c.post_id, c.emotion, func.count())
            .where(
                c.day.in_(chunk),
                _of_platform(conn, platform),
                not_(c.is_owner_reply),
                c.emotion.is_not(None),
            )
            .group_by(c.day, c.post_id, c.emotion),
        )
    )


def _platforms_on(conn: Connection, chunk: list[date]) -> set[str]:
    """The platforms with comments or aggregates on some of these days."""
    t = daily_total.c
    found = set(conn.execute(select(t.platform).distinct().where(t.day.in_(chunk))).scalars())
    c = comments.c
    found |= set(conn.execute(select(c.platform).distinct().where(c.day.in_(chunk))).scalars())
    return found


def _of_platform(conn: Connection, platform: str):
    """``comments.platform == platform``, as a filter on the rows the day index finds.

    Most stores hold one or two platforms, so the test is true for most rows; SQLite has no
    statistics to know that and would rather scan the whole platform by the key's index (which
    leads with the platform) than the chosen days by theirs, unless told that the test is
    likely true (``likelihood``: the planner's hint, a no-op for the result).
    """
    same = comments.c.platform == platform
    if conn.dialect.name != "sqlite":
        return same
    return func.likelihood(same, literal_column("0.9375"), type_=Boolean)


def _refresh_chunk(conn: Connection, chunk: list[date], platform: str) -> None:
    c = comments.c
    rows_of = and_(c.day.in_(chunk), _of_platform(conn, platform))
    user = not_(c.is_owner_reply)
    owner = c.is_owner_reply
    code = literal(platform, String(16))
    for table in (daily_post, daily_category, daily_category_total, daily_total):
        conn.execute(delete(table).where(table.c.day.in_(chunk), table.c.platform == platform))

    post_select = (
        select(
            c.day,
            code,
            c.post_id,
            _count(user),
            _count(owner),
            _count(and_(user, LABEL == "positive")),
            _count(and_(user, LABEL == "neutral")),
            _count(and_(user, LABEL == "negative")),
            func.coalesce(func.sum(case((user, c.sentiment_score), else_=0.0)), 0.0),
            _count(and_(user, c.is_complaint)),
            _count(and_(user, c.is_complaint, c.first_reply_at.is_not(None))),
            func.coalesce(func.sum(case((user, c.like_count), else_=0)), 0),
            _count(and_(owner, LABEL == "positive")),
            _count(and_(owner, LABEL == "neutral")),
            _count(and_(owner, LABEL == "negative")),
            func.coalesce(func.sum(case((owner, c.sentiment_score), else_=0.0)), 0.0),
        )
        .where(rows_of)
        .group_by(c.day, c.post_id)
    )
    conn.execute(
        insert(daily_post).from_select(
            ["day", "platform", "post_id", *POST_SUM_COLUMNS],
            post_select,
        )
    )

    category = func.coalesce(func.nullif(c.complaint_category, ""), literal("other"))
    cat_select = (
        select(c.day, code, c.post_id, category, func.count())
        .where(rows_of, user, c.is_complaint)
        .group_by(c.day, c.post_id, category)
    )
    conn.execute(
        insert(daily_category).from_select(
            ["day", "platform", "post_id", "category", "complaints"], cat_select
        )
    )

    d = daily_category.c
    conn.execute(
        insert(daily_category_total).from_select(
            ["day", "platform", "category", "complaints"],
            select(d.day, code, d.category, func.sum(d.complaints))
            .where(d.day.in_(chunk), d.platform == platform)
            .group_by(d.day, d.category),
        )
    )

    p = daily_post.c
    sums = {
        row[0]: row[1:]
        for row in conn.execute(
            select(p.day, *[func.sum(getattr(p, n)) for n in POST_SUM_COLUMNS])
            .where(p.day.in_(chunk), p.platform == platform)
            .group_by(p.day)
        )
    }

    totals = conn.execute(
        select(
            c.day,
            func.count(distinct(case((user, func.nullif(c.author, "")), else_=None))),
            func.max(case((owner, 1), else_=0)),
        )
        .where(rows_of)
        .group_by(c.day)
    ).all()
    if not totals:
        return
    delays = conn.execute(
        select(c.day, c.created_at_utc, c.first_reply_at).where(
            rows_of, user, c.is_complaint, c.first_reply_at.is_not(None)
        )
    ).all()
    medians: dict[date, float] = {}
    if delays:
        frame = pd.DataFrame(delays, columns=["day", "created", "replied"])
        frame["minutes"] = _minutes(frame["created"], frame["replied"])
        medians = frame.groupby("day")["minutes"].median().to_dict()
    conn.execute(
        insert(daily_total),
        [
            {
                "day": day,
                "platform": platform,
                "commenters": int(commenters or 0),
                "owner_active": int(active or 0),
                "reply_median_minutes": _float_or_none(medians.get(day)),
                **{
                    name: (value or 0)
                    for name, value in zip(POST_SUM_COLUMNS, sums.get(day, ()), strict=False)
                },
            }
            for day, commenters, active in totals
        ],
    )


def _minutes(created: pd.Series, replied: pd.Series) -> pd.Series:
    """Minutes between two naive-UTC timestamp columns; a reply stamped before the comment is 0."""
    delta = (pd.to_datetime(replied) - pd.to_datetime(created)).dt.total_seconds() / 60.0
    return delta.clip(lower=0.0)


def _frame(rows, columns) -> pd.DataFrame:
    """A DataFrame from result rows (plain tuples: pandas probes Row objects attribute by attribute)."""
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _float_or_none(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


# --------------------------------------------------------------------------- reads

Platforms = Sequence[str] | None  # platform codes; None or empty: every platform


def _post_filter(column, posts: Sequence[str] | None):
    return column.in_(list(posts)) if posts else None


def _platform_filter(column, platforms: Platforms):
    return column.in_(list(platforms)) if platforms else None


def _where(query, *conditions):
    """``query`` with the conditions that are not None."""
    kept = [c for c in conditions if c is not None]
    return query.where(*kept) if kept else query


def _numeric(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    for n in names:
        frame[n] = pd.to_numeric(frame[n]).fillna(0)
    return frame


def read_daily_post(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    *,
    by_post: bool = False,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Summed daily_post rows from ``start`` to ``end`` (inclusive), per day (and platform, and
    post), over ``platforms``.

    Columns: ``day``, then ``platform`` (with ``by_platform`` or ``by_post``: a post is a post
    of one platform), ``post_id`` (with ``by_post``), then ``POST_SUM_COLUMNS``.
    """
    if not posts and not by_post:
        return _read_day_totals(store, start, end, platforms, by_platform)
    t = daily_post.c
    keys = [t.day]
    if by_platform or by_post:
        keys.append(t.platform)
    if by_post:
        keys.append(t.post_id)
    query = select(*keys, *[func.sum(getattr(t, n)).label(n) for n in POST_SUM_COLUMNS]).where(
        t.day >= start, t.day <= end
    )
    query = _where(query, _post_filter(t.post_id, posts), _platform_filter(t.platform, platforms))
    query = query.group_by(*keys).order_by(*keys)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, [k.name for k in keys] + list(POST_SUM_COLUMNS))
    return _numeric(frame, POST_SUM_COLUMNS)


def _read_day_totals(
    store: Store, start: date, end: date, platforms: Platforms, by_platform: bool
) -> pd.DataFrame:
    """Per-day sums over all posts, straight from daily_total (a row per day and platform)."""
    t = daily_total.c
    keys = [t.day, t.platform] if by_platform else [t.day]
    query = select(*keys, *[func.sum(getattr(t, n)) for n in POST_SUM_COLUMNS]).where(
        t.day >= start, t.day <= end
    )
    query = _where(query, _platform_filter(t.platform, platforms))
    query = query.group_by(*keys).order_by(*keys)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, [k.name for k in keys] + list(POST_SUM_COLUMNS))
    return _numeric(frame, POST_SUM_COLUMNS)


def read_daily_category(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    *,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Complaints per day (and platform) and category: columns day, [platform,] category,
    complaints."""
    t = daily_category_total.c if not posts else daily_category.c
    return _counts_by(store, t, t.category, t.complaints, start, end, posts, platforms, by_platform)


def read_daily_emotion(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    *,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Comments per day (and platform) and emotion code ("" for none) from ``start`` to ``end``
    (inclusive): columns day, [platform,] emotion, comments. Only days and emotions with
    comments have rows; the account's own replies and comments not scored for emotion yet are
    not counted."""
    t = daily_emotion.c
    return _counts_by(store, t, t.emotion, t.comments, start, end, posts, platforms, by_platform)


def _counts_by(
    store: Store,
    t,
    key,
    value,
    start: date,
    end: date,
    posts: Sequence[str] | None,
    platforms: Platforms,
    by_platform: bool,
) -> pd.DataFrame:
    """``value`` summed per day, [platform,] and ``key`` of the aggregate table ``t``: columns
    day, [platform,] key, value (whole numbers)."""
    keys = [t.day, t.platform, key] if by_platform else [t.day, key]
    query = select(*keys, func.sum(value)).where(t.day >= start, t.day <= end)
    if posts:
        query = query.where(_post_filter(t.post_id, posts))
    query = _where(query, _platform_filter(t.platform, platforms))
    query = query.group_by(*keys).order_by(*keys)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, [k.name for k in keys] + [value.name])
    frame[value.name] = pd.to_numeric(frame[value.name]).fillna(0).astype(int)
    return frame


TOTAL_COLUMNS: tuple[str, ...] = ("day", "commenters", "owner_active", "reply_median_minutes")


def read_daily_total(
    store: Store,
    start: date,
    end: date,
    *,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Whole-account rows: day, [platform,] commenters, owner_active, reply_median_minutes.

    Over several platforms, commenters and owner_active add up (the account on X and on
    Instagram are two accounts). The median reply time of a day is the one platform's stored
    median when only one of them answered a complaint that day; otherwise it is computed from
    the answered complaints of those platforms (the median of medians is not the median), and
    for a day whose comments retention already deleted, the mean of the platforms' medians
    weighted by their answered complaints.
    """
    t = daily_total.c
    query = select(
        t.day,
        t.platform,
        t.commenters,
        t.owner_active,
        t.reply_median_minutes,
        t.complaints_answered,
    ).where(t.day >= start, t.day <= end)
    query = _where(query, _platform_filter(t.platform, platforms)).order_by(t.day, t.platform)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, ["day", "platform", *TOTAL_COLUMNS[1:], "answered"])
    if by_platform:
        return frame[["day", "platform", *TOTAL_COLUMNS[1:]]].reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(TOTAL_COLUMNS))
    frame = _numeric(frame, ("commenters", "owner_active", "answered"))
    out = frame.groupby("day", sort=True)[["commenters", "owner_active"]].sum()
    out["reply_median_minutes"] = _combined_medians(store, frame, platforms)
    return out.reset_index()[list(TOTAL_COLUMNS)]


def _combined_medians(store: Store, frame: pd.DataFrame, platforms: Platforms) -> pd.Series:
    """Per day: the median reply time over the platforms of ``frame`` (see read_daily_total)."""
    medians = pd.to_numeric(frame["reply_median_minutes"], errors="coerce")
    answered = frame[medians.notna()].assign(median=medians[medians.notna()])
    per_day = answered.groupby("day")["median"]
    combined = per_day.first().where(per_day.size() == 1)
    several = combined.index[combined.isna()].tolist()
    if several:
        c = comments.c
        found: dict[date, float] = {}
        with store.connect() as conn:
            for chunk in _chunks(several):
                query = select(c.day, c.created_at_utc, c.first_reply_at).where(
                    c.day.in_(chunk),
                    not_(c.is_owner_reply),
                    c.is_complaint,
                    c.first_reply_at.is_not(None),
                )
                rows = conn.execute(_where(query, _platform_filter(c.platform, platforms))).all()
                if rows:
                    delays = _frame(rows, ["day", "created", "replied"])
                    delays["minutes"] = _minutes(delays["created"], delays["replied"])
                    found.update(delays.groupby("day")["minutes"].median().to_dict())
        weights = answered["answered"].clip(lower=1)
        weighted = (answered["median"] * weights).groupby(answered["day"]).sum() / weights.groupby(
            answered["day"]
        ).sum()
        for day in several:
            combined[day] = found.get(day, weighted.get(day))
    days = pd.Index(sorted(frame["day"].unique()), name="day")
    return combined.reindex(days).astype(float)


def read_commenters(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    include_owner: bool = False,
    *,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Unique commenters per day (and platform) under a post filter (cannot be summed over
    posts, so from comments): day, [platform,] commenters. A commenter is an account on one
    platform, so several platforms' commenters add up."""
    c = comments.c
    query = select(c.day, c.platform, func.count(distinct(func.nullif(c.author, "")))).where(
        c.day >= start, c.day <= end
    )
    if not include_owner:
        query = query.where(not_(c.is_owner_reply))
    query = _where(query, _post_filter(c.post_id, posts), _platform_filter(c.platform, platforms))
    with store.connect() as conn:
        rows = conn.execute(query.group_by(c.day, c.platform)).all()
    frame = _frame(rows, ["day", "platform", "commenters"])
    if by_platform:
        return frame
    return frame.groupby("day", as_index=False, sort=True)["commenters"].sum()


def read_reply_delays(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    *,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """Answered complaints: day, platform, post_id, minutes to the account's first reply."""
    c = comments.c
    query = select(c.day, c.platform, c.post_id, c.created_at_utc, c.first_reply_at).where(
        c.day >= start,
        c.day <= end,
        not_(c.is_owner_reply),
        c.is_complaint,
        c.first_reply_at.is_not(None),
    )
    query = _where(query, _post_filter(c.post_id, posts), _platform_filter(c.platform, platforms))
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, ["day", "platform", "post_id", "created", "replied"])
    frame["minutes"] = _minutes(frame["created"], frame["replied"]) if len(frame) else []
    return frame[["day", "platform", "post_id", "minutes"]]


def aggregate_day_range(store: Store, platforms: Platforms = None) -> tuple[date, date] | None:
    """First and last day with aggregates (of ``platforms``), or None when there are none."""
    t = daily_total.c
    query = _where(
        select(func.min(t.day), func.max(t.day)), _platform_filter(t.platform, platforms)
    )
    with store.connect() as conn:
        lo, hi = conn.execute(query).one()
    if lo is None:
        return None
    return _as_date(lo), _as_date(hi)


def stored_platforms(store: Store) -> list[str]:
    """The platforms with aggregates, in ``core.platforms`` order."""
    from monitor.core.platforms import PLATFORMS

    t = daily_total.c
    with store.connect() as conn:
        found = set(conn.execute(select(t.platform).distinct()).scalars())
    return [p for p in PLATFORMS if p in found] + sorted(found - set(PLATFORMS))


def _as_date(value) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


# ---------------------------------------------------- comment reads for drill-downs

COMMENT_VIEW_COLUMNS: tuple[str, ...] = (
    "comment_id",
    "platform",
    "post_id",
    "author",
    "text",
    "created_at_utc",
    "day",
    "like_count",
    "label",
    "sentiment_score",
    "is_complaint",
    "complaint_category",
    "first_reply_at",
)


def _comment_view():
    c = comments.c
    return select(
        c.comment_id,
        c.platform,
        c.post_id,
        c.author,
        c.text,
        c.created_at_utc,
        c.day,
        c.like_count,
        LABEL.label("label"),
        c.sentiment_score,
        c.is_complaint,
        c.complaint_category,
        c.first_reply_at,
    )


def _kind_filter(kind: str):
    c = comments.c
    if kind == "negative":
        return LABEL == "negative"
    if kind == "complaints":
        return c.is_complaint
    if kind == "all":
        return None
    raise ValueError(f"unknown comment kind {kind!r}: expected negative, complaints or all")


def read_top_comments(
    store: Store,
    day_from: date,
    day_to: date,
    *,
    kind: str = "all",
    posts: Sequence[str] | None = None,
    limit: int = 5,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """Most-liked comments (not the account's own) of a day range, of a kind (negative/complaints/all)."""
    c = comments.c
    query = _comment_view().where(c.day >= day_from, c.day <= day_to, not_(c.is_owner_reply))
    query = _where(
        query,
        _kind_filter(kind),
        _post_filter(c.post_id, posts),
        _platform_filter(c.platform, platforms),
    )
    query = query.order_by(c.like_count.desc(), c.created_at_utc, c.comment_id, c.platform).limit(
        limit
    )
    with store.connect() as conn:
        rows = conn.execute(query).all()
    return _frame(rows, list(COMMENT_VIEW_COLUMNS))


def read_terms(
    store: Store,
    day_from: date,
    day_to: date,
    *,
    kind: str = "all",
    limit: int = 50_000,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """Day and stemmed terms of (non-owner) comments of a kind in a day range, newest first, capped."""
    c = comments.c
    query = select(c.day, c.terms).where(c.day >= day_from, c.day <= day_to, not_(c.is_owner_reply))
    query = _where(query, _kind_filter(kind), _platform_filter(c.platform, platforms))
    query = query.order_by(c.day.desc()).limit(limit)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    return _frame(rows, ["day", "terms"])


DAY_COMMENT_COLUMNS: tuple[str, ...] = (
    "comment_id",
    "platform",
    "post_id",
    "author",
    "text",
    "created_at_utc",
    "like_count",
    "label",
    "is_complaint",
    "terms",
)
DAY_COMMENT_LIMIT = 200_000  # far above a real day; keeps a runaway read bounded


def read_day_comments(
    store: Store,
    day: date,
    *,
    platforms: Platforms = None,
    limit: int = DAY_COMMENT_LIMIT,
) -> pd.DataFrame:
    """Every comment of the public (not the account's own) on one day, oldest first: what a
    spike's anatomy (copy-paste campaigns, heavy commenters, themes) is computed from. Authors
    are as stored, so with pseudonymisation on they are pseudonyms."""
    return read_period_comments(store, day, day, platforms=platforms, limit=limit)


def read_period_comments(
    store: Store,
    day_from: date,
    day_to: date,
    *,
    platforms: Platforms = None,
    kind: str = "all",
    limit: int = DAY_COMMENT_LIMIT,
) -> pd.DataFrame:
    """``read_day_comments`` for the days ``day_from``..``day_to``, of one ``kind`` (``all``,
    ``negative``, ``complaints`` or ``negative_or_complaint``): the author concentration and
    the themes of a period read it."""
    c = comments.c
    query = select(
        c.comment_id,
        c.platform,
        c.post_id,
        c.author,
        c.text,
        c.created_at_utc,
        c.like_count,
        LABEL.label("label"),
        c.is_complaint,
        c.terms,
    ).where(c.day >= day_from, c.day <= day_to, not_(c.is_owner_reply))
    if kind == "negative_or_complaint":
        query = query.where(or_(LABEL == "negative", c.is_complaint))
    else:
        query = _where(query, _kind_filter(kind))
    query = _where(query, _platform_filter(c.platform, platforms))
    query = query.order_by(c.created_at_utc, c.platform, c.comment_id).limit(limit)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    frame = _frame(rows, list(DAY_COMMENT_COLUMNS))
    if len(frame):
        frame["is_complaint"] = frame["is_complaint"].astype(bool)
        frame["like_count"] = frame["like_count"].fillna(0).astype(int)
    return frame


FIRST_SEEN_BATCH = 500  # authors per IN list


def read_period_first_seen(
    store: Store, day_from: date, day_to: date, *, platforms: Platforms = None
) -> dict[tuple[str, str], datetime]:
    """``read_first_seen`` of every account that commented in ``day_from``..``day_to``, in
    one query (the period's accounts joined to all their comments), however many there are."""
    c = comments.c
    period = select(c.platform, c.author).where(
        c.day >= day_from, c.day <= day_to, not_(c.is_owner_reply), c.author != ""
    )
    period = _where(period, _platform_filter(c.platform, platforms)).distinct().subquery()
    query = (
        select(c.platform, c.author, func.min(c.created_at_utc))
        .join(period, and_(c.platform == period.c.platform, c.author == period.c.author))
        .where(not_(c.is_owner_reply))
        .group_by(c.platform, c.author)
    )
    with store.connect() as conn:
        return {(p, a): first for p, a, first in conn.execute(query)}


def read_first_seen(
    store: Store, accounts: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], datetime]:
    """The first comment time (UTC) of each (platform, author) anywhere in the store, of the
    public's comments: an account is "new" on a day when its first comment is on it."""
    c = comments.c
    by_platform: dict[str, list[str]] = {}
    for platform, author in dict.fromkeys(accounts):
        if author:
            by_platform.setdefault(platform, []).append(author)
    out: dict[tuple[str, str], datetime] = {}
    with store.connect() as conn:
        for platform, authors in sorted(by_platform.items()):
            for i in range(0, len(authors), FIRST_SEEN_BATCH):
                query = (
                    select(c.author, func.min(c.created_at_utc))
                    .where(
                        c.platform == platform,
                        c.author.in_(authors[i : i + FIRST_SEEN_BATCH]),
                        not_(c.is_owner_reply),
                    )
                    .group_by(c.author)
                )
                for author, first in conn.execute(query):
                    out[(platform, author)] = first
    return out


def read_unanswered_complaints(
    store: Store,
    *,
    limit: int = 20,
    category: str | None = None,
    oldest_first: bool = True,
    since: date | None = None,
    until: date | None = None,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """Complaints (top-level, not the account's) the account has not replied to yet."""
    c = comments.c
    query = _comment_view().where(
        not_(c.is_owner_reply), not_(c.is_reply), c.is_complaint, c.first_reply_at.is_(None)
    )
    if category is not None:
        cat = func.coalesce(func.nullif(c.complaint_category, ""), literal("other"))
        query = query.where(cat == category)
    if since is not None:
        query = query.where(c.day >= since)
    if until is not None:
        query = query.where(c.day <= until)
    query = _where(query, _platform_filter(c.platform, platforms))
    # Ordering by the indexed day first lets the database stop after ``limit`` rows instead of
    # sorting every open complaint.
    if oldest_first:
        query = query.order_by(c.day, c.created_at_utc, c.comment_id, c.platform)
    else:
        query = query.order_by(c.day.desc(), c.created_at_utc.desc(), c.comment_id, c.platform)
    query = query.limit(limit)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    return _frame(rows, list(COMMENT_VIEW_COLUMNS))


def read_complaints(
    store: Store,
    day_from: date,
    day_to: date,
    *,
    posts: Sequence[str] | None = None,
    category: str | None = None,
    limit: int = 20,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """Complaints of a day range, most-liked first (the ones most people saw)."""
    c = comments.c
    query = _comment_view().where(
        c.day >= day_from, c.day <= day_to, not_(c.is_owner_reply), c.is_complaint
    )
    if category is not None:
        cat = func.coalesce(func.nullif(c.complaint_category, ""), literal("other"))
        query = query.where(cat == category)
    query = _where(query, _post_filter(c.post_id, posts), _platform_filter(c.platform, platforms))
    query = query.order_by(
        c.like_count.desc(), c.created_at_utc.desc(), c.comment_id, c.platform
    ).limit(limit)
    with store.connect() as conn:
        rows = conn.execute(query).all()
    return _frame(rows, list(COMMENT_VIEW_COLUMNS))


def count_unanswered_complaints(
    store: Store, day_from: date, day_to: date, *, platforms: Platforms = None
) -> int:
    """Complaints of a day range still without a reply from the account (from daily_total).

    From the aggregates, not the comments: counting open complaints row by row costs a table
    lookup per complaint, far too slow for the morning view at a million comments.
    """
    t = daily_total.c
    query = select(func.coalesce(func.sum(t.complaints - t.complaints_answered), 0)).where(
        t.day >= day_from, t.day <= day_to
    )
    query = _where(query, _platform_filter(t.platform, platforms))
    with store.connect() as conn:
        return int(conn.execute(query).scalar_one() or 0)
