"""Daily metrics of the public reaction, per Asia/Jakarta day, read from the daily aggregates.

Everything is computed from the small aggregate tables (one row per day and post) so a year of
figures costs milliseconds at any comment volume. Only what cannot be summed over posts falls
back to the comments: unique commenters under a post filter and median reply times under a post
filter or over a period.

Conventions: counts on a day without comments are 0; ratios (shares, mean score, net index) on
such a day are NaN (null in JSON), because "no comments" is not "neutral comments".
The account's own replies are excluded unless ``include_owner=True``; complaint and response
metrics always exclude them (the account does not complain to itself).

Platforms: every read takes ``platforms`` (codes of ``core.platforms``; None or empty: all).
``daily_series`` is the series of those platforms together (their stored sums),
``daily_series_by_platform`` the same series per platform, as one long frame with a
``platform`` column.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from monitor.core.canonical import EMOTION_LABELS
from monitor.core.platforms import DEFAULT as DEFAULT_PLATFORM
from monitor.core.platforms import PLATFORMS
from monitor.core.timeutil import JAKARTA
from monitor.store import aggregates as agg
from monitor.store.engine import Store

COUNT_COLUMNS: tuple[str, ...] = (
    "comments",
    "commenters",
    "positive",
    "neutral",
    "negative",
    "complaints",
    "complaints_answered",
    "likes",
)
SERIES_COLUMNS: tuple[str, ...] = (
    "day",
    "comments",
    "commenters",
    "positive",
    "neutral",
    "negative",
    "positive_share",
    "neutral_share",
    "negative_share",
    "mean_score",
    "net_index",
    "complaints",
    "complaint_share",
    "complaints_answered",
    "complaints_answered_share",
    "reply_median_minutes",
    "likes",
)
CATEGORY_PREFIX = "complaints_"


def jakarta_today() -> date:
    """Today's calendar day in Asia/Jakarta."""
    return datetime.now(JAKARTA).date()


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    num = num.astype(float)
    den = den.astype(float)
    return (num / den.where(den > 0)).astype(float)


def build_series(
    post_rows: pd.DataFrame,
    start: date,
    end: date,
    *,
    commenters: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
    reply_medians: pd.DataFrame | None = None,
    include_owner: bool = False,
) -> pd.DataFrame:
    """The daily series from aggregate rows (pure; the store reads happen in ``daily_series``).

    ``post_rows``: per-day sums of daily_post columns; ``commenters``: day, commenters;
    ``categories``: day, category, complaints; ``reply_medians``: day, reply_median_minutes.
    """
    n_days = (end - start).days + 1
    days = [start + timedelta(days=i) for i in range(n_days)]

    # Keyed by id() and holding the frame itself, so a freed frame's id cannot be reused.
    cache: dict[int, tuple[pd.DataFrame, np.ndarray, np.ndarray]] = {}

    def positions(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        # Plain integer offsets: far cheaper than aligning pandas indexes of date objects.
        if id(frame) not in cache:
            offs = np.fromiter(
                ((d - start).days for d in frame["day"]), dtype=np.int64, count=len(frame)
            )
            keep = (offs >= 0) & (offs < n_days)
            cache[id(frame)] = (frame, offs[keep], keep)
        return cache[id(frame)][1:]

    def spread(frame: pd.DataFrame | None, column: str, fill: float = 0.0) -> np.ndarray:
        out = np.full(n_days, fill, dtype=float)
        if frame is None or not len(frame):
            return out
        pos, keep = positions(frame)
        vals = np.asarray(frame[column].to_numpy(), dtype=float)[keep]
        if np.isnan(fill):
            out[pos] = vals
        else:
            np.add.at(out, pos, np.nan_to_num(vals))
        return out

    base = {n: spread(post_rows, n) for n in agg.POST_SUM_COLUMNS}
    owner = 1.0 if include_owner else 0.0
    cols: dict[str, np.ndarray] = {}
    cols["comments"] = base["comments"] + owner * base["owner_replies"]
    for label in ("positive", "neutral", "negative"):
        cols[label] = base[label] + owner * base[f"owner_{label}"]
    score_sum = base["score_sum"] + owner * base["owner_score_sum"]
    cols["complaints"] = base["complaints"]
    cols["complaints_answered"] = base["complaints_answered"]
    cols["likes"] = base["likes"]
    cols["commenters"] = spread(commenters, "commenters")
    total = cols["comments"]

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    for label in ("positive", "neutral", "negative"):
        cols[f"{label}_share"] = ratio(cols[label], total)
    cols["mean_score"] = ratio(score_sum, total)
    cols["net_index"] = ratio(cols["positive"] - cols["negative"], total)
    cols["complaint_share"] = ratio(cols["complaints"], base["comments"])
    cols["complaints_answered_share"] = ratio(cols["complaints_answered"], cols["complaints"])
    cols["reply_median_minutes"] = spread(reply_medians, "reply_median_minutes", np.nan)
    data: dict[str, object] = {"day": days}
    for name in SERIES_COLUMNS[1:]:
        values = cols[name]
        data[name] = values.astype(np.int64) if name in COUNT_COLUMNS else values
    if categories is not None and len(categories):
        for cat in sorted(categories["category"].unique()):
            data[f"{CATEGORY_PREFIX}{cat}"] = spread(
                categories[categories["category"] == cat], "complaints"
            ).astype(np.int64)
    return pd.DataFrame(data)


def category_columns(series: pd.DataFrame) -> list[str]:
    """The per-category complaint columns of a daily series."""
    fixed = {"complaints_answered", "complaints_answered_share"}
    return [c for c in series.columns if c.startswith(CATEGORY_PREFIX) and c not in fixed]


Platforms = Sequence[str] | None  # platform codes; None or empty: every platform


def _selected(platforms: Platforms) -> tuple[str, ...] | None:
    return tuple(platforms) if platforms else None


def daily_series(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    include_owner: bool = False,
    *,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """One row per Asia/Jakarta day from ``start`` to ``end`` inclusive, zero days included,
    over ``platforms`` together (None: all).

    Columns: see ``SERIES_COLUMNS`` plus ``complaints_<category>`` for each category seen.
    """
    if end < start:
        raise ValueError(f"end day {end} is before start day {start}")
    posts = list(posts) if posts else None
    platforms = _selected(platforms)
    post_rows = agg.read_daily_post(store, start, end, posts, platforms=platforms)
    categories = agg.read_daily_category(store, start, end, posts, platforms=platforms)
    if posts is None:
        totals = agg.read_daily_total(store, start, end, platforms=platforms)
        commenters = totals[["day", "commenters"]].copy()
        if include_owner:
            commenters["commenters"] = totals["commenters"] + totals["owner_active"]
        medians = totals[["day", "reply_median_minutes"]]
    else:
        commenters = agg.read_commenters(
            store, start, end, posts, include_owner, platforms=platforms
        )
        delays = agg.read_reply_delays(store, start, end, posts, platforms=platforms)
        medians = (
            delays.groupby("day")["minutes"].median().rename("reply_median_minutes").reset_index()
        )
    return build_series(
        post_rows,
        start,
        end,
        commenters=commenters,
        categories=categories,
        reply_medians=medians,
        include_owner=include_owner,
    )


def series_platforms(store: Store, platforms: Platforms = None) -> list[str]:
    """The platforms a per-platform view shows: those asked for, in ``core.platforms`` order,
    else every platform the store holds figures for."""
    if platforms:
        return [p for p in PLATFORMS if p in platforms]
    return agg.stored_platforms(store)


def daily_series_by_platform(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    include_owner: bool = False,
    *,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """``daily_series`` of each platform (``series_platforms``), as one long frame: a
    ``platform`` column, then the series' columns; every platform has every day of the range
    and every complaint category seen on any of them. The sum of the platforms' counts is
    ``daily_series`` over the same platforms."""
    if end < start:
        raise ValueError(f"end day {end} is before start day {start}")
    shown = series_platforms(store, platforms)
    posts = list(posts) if posts else None
    post_rows = agg.read_daily_post(store, start, end, posts, platforms=shown, by_platform=True)
    categories = agg.read_daily_category(
        store, start, end, posts, platforms=shown, by_platform=True
    )
    if posts is None:
        totals = agg.read_daily_total(store, start, end, platforms=shown, by_platform=True)
        commenters = totals[["day", "platform", "commenters"]].copy()
        if include_owner:
            commenters["commenters"] = totals["commenters"] + totals["owner_active"]
        medians = totals[["day", "platform", "reply_median_minutes"]]
    else:
        commenters = agg.read_commenters(
            store, start, end, posts, include_owner, platforms=shown, by_platform=True
        )
        delays = agg.read_reply_delays(store, start, end, posts, platforms=shown)
        medians = (
            delays.groupby(["day", "platform"])["minutes"]
            .median()
            .rename("reply_median_minutes")
            .reset_index()
        )
    parts = []
    for platform in shown:
        series = build_series(
            post_rows[post_rows["platform"] == platform],
            start,
            end,
            commenters=commenters[commenters["platform"] == platform],
            categories=categories[categories["platform"] == platform],
            reply_medians=medians[medians["platform"] == platform],
            include_owner=include_owner,
        )
        series.insert(0, "platform", platform)
        parts.append(series)
    if not parts:
        return pd.DataFrame(columns=["platform", *SERIES_COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    extra = [c for c in out.columns if c.startswith(CATEGORY_PREFIX) and c not in SERIES_COLUMNS]
    out[extra] = out[extra].fillna(0).astype(np.int64)
    fixed = ["platform", *SERIES_COLUMNS]
    return out[fixed + sorted(c for c in out.columns if c not in fixed)]


# The columns of ``daily_emotions`` after day (and platform): the emotion codes, then "none"
# (comments scored that carry no emotion). Comments not scored for emotion yet (stored before
# emotions were, not re-scored since) are in none of them.
EMOTION_SERIES_COLUMNS: tuple[str, ...] = (*EMOTION_LABELS, "none")


def daily_emotions(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    *,
    platforms: Platforms = None,
    by_platform: bool = False,
) -> pd.DataFrame:
    """Comments per emotion, one row per Asia/Jakarta day from ``start`` to ``end`` inclusive
    (zero days included), over ``platforms`` together, or per platform (``series_platforms``)
    with ``by_platform``: columns day, [platform,] ``EMOTION_SERIES_COLUMNS``. The account's
    own replies are never counted: the emotions are the public's."""
    if end < start:
        raise ValueError(f"end day {end} is before start day {start}")
    posts = list(posts) if posts else None
    shown = series_platforms(store, platforms) if by_platform else _selected(platforms)
    rows = agg.read_daily_emotion(
        store, start, end, posts, platforms=shown, by_platform=by_platform
    )
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if by_platform:
        keys = ["platform", "day"]
        index = pd.MultiIndex.from_product([list(shown or []), days], names=keys)
    else:
        keys = ["day"]
        index = pd.Index(days, name="day")
    names = list(EMOTION_SERIES_COLUMNS)
    rows = rows.assign(emotion=rows["emotion"].replace({"": "none"}))
    rows = rows[rows["emotion"].isin(names)]
    if rows.empty:
        wide = pd.DataFrame(0, index=index, columns=names, dtype=np.int64)
    else:
        counts = rows.groupby([*keys, "emotion"])["comments"].sum().unstack("emotion")
        wide = counts.reindex(index=index, columns=names).fillna(0).astype(np.int64)
    out = wide.reset_index()
    out.columns.name = None
    return out[[*keys, *names]]


def data_range(store: Store, platforms: Platforms = None) -> tuple[date, date] | None:
    """First and last day that has aggregates (of ``platforms``; None for an empty store)."""
    return agg.aggregate_day_range(store, _selected(platforms))


def post_summary(
    store: Store,
    start: date,
    end: date,
    include_owner: bool = False,
    *,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """One row per post (of ``platforms``) with comments in the range, busiest first.

    A spike is usually driven by one or two posts, so this is the first drill-down.
    """
    rows = agg.read_daily_post(store, start, end, by_post=True, platforms=_selected(platforms))
    return summarise_posts(rows, include_owner=include_owner)


# A post's summary: the daily series' figures that can be totalled over days (not distinct
# commenters or median reply times; no positive or neutral share), and the post's first, last
# and busiest day. A post is a post of one platform.
POST_SUMMARY_COLUMNS: tuple[str, ...] = (
    "post_id",
    "platform",
    *(
        c
        for c in SERIES_COLUMNS[1:]
        if c not in ("commenters", "positive_share", "neutral_share", "reply_median_minutes")
    ),
    "first_day",
    "last_day",
    "peak_day",
)


def summarise_posts(rows: pd.DataFrame, include_owner: bool = False) -> pd.DataFrame:
    """Per-post totals from per-day-and-post aggregate rows (pure); a post is (platform,
    post id), rows without a ``platform`` column being Instagram's.

    Plain array sums per post: a spike's drivers call this once per flagged day, where pandas'
    per-operation cost would outweigh reading the rows.
    """
    if rows.empty:
        return pd.DataFrame(columns=list(POST_SUMMARY_COLUMNS))
    owner = 1.0 if include_owner else 0.0
    platform = (
        rows["platform"].to_numpy(dtype=object)
        if "platform" in rows
        else np.full(len(rows), DEFAULT_PLATFORM, dtype=object)
    )
    # one key per (platform, post): the post id then the platform, so ids sort as before
    pairs = np.array(
        [
            f"{post}\x1f{p}"
            for post, p in zip(rows["post_id"].tolist(), platform.tolist(), strict=True)
        ],
        dtype=object,
    )
    keys, group = np.unique(pairs, return_inverse=True)
    key_post = [k.split("\x1f", 1)[0] for k in keys.tolist()]
    key_platform = [k.split("\x1f", 1)[1] for k in keys.tolist()]

    def col(name: str) -> np.ndarray:
        return rows[name].to_numpy(dtype=float)

    def per_post(values: np.ndarray) -> np.ndarray:
        out = np.zeros(len(keys))
        np.add.at(out, group, values)
        return out

    all_comments = col("comments") + owner * col("owner_replies")
    sums = {
        "comments": per_post(all_comments),
        **{
            label: per_post(col(label) + owner * col(f"owner_{label}"))
            for label in ("positive", "neutral", "negative")
        },
        "score": per_post(col("score_sum") + owner * col("owner_score_sum")),
        "user_comments": per_post(col("comments")),
        **{name: per_post(col(name)) for name in ("complaints", "complaints_answered", "likes")},
    }
    days = rows["day"].to_numpy(dtype=object)
    ordinal = np.fromiter((d.toordinal() for d in days), dtype=np.int64, count=len(days))
    first = np.full(len(keys), np.iinfo(np.int64).max)
    last = np.full(len(keys), np.iinfo(np.int64).min)
    np.minimum.at(first, group, ordinal)
    np.maximum.at(last, group, ordinal)
    # The busiest day of each post, the earliest of equally busy ones.
    order = np.lexsort((ordinal, -all_comments))
    _, at = np.unique(group[order], return_index=True)
    peak = days[order[at]]
    keep = sums["comments"] > 0 if (sums["comments"] > 0).any() else np.ones(len(keys), bool)
    n = sums["comments"]

    def share(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    out = pd.DataFrame(
        {
            "post_id": key_post,
            "platform": key_platform,
            **{
                c: sums[c].astype(np.int64) for c in ("comments", "positive", "neutral", "negative")
            },
            "negative_share": share(sums["negative"], n),
            "mean_score": share(sums["score"], n),
            "net_index": share(sums["positive"] - sums["negative"], n),
            "complaints": sums["complaints"].astype(np.int64),
            "complaint_share": share(sums["complaints"], sums["user_comments"]),
            "complaints_answered": sums["complaints_answered"].astype(np.int64),
            "complaints_answered_share": share(sums["complaints_answered"], sums["complaints"]),
            "likes": sums["likes"].astype(np.int64),
            "first_day": [date.fromordinal(int(o)) for o in first],
            "last_day": [date.fromordinal(int(o)) for o in last],
            "peak_day": peak,
        },
        columns=list(POST_SUMMARY_COLUMNS),
    )[keep]
    busiest = np.lexsort((np.arange(len(out)), -out["comments"].to_numpy()))
    return out.iloc[busiest].reset_index(drop=True)


def top_complaints(
    store: Store,
    start: date,
    end: date,
    *,
    posts: Sequence[str] | None = None,
    category: str | None = None,
    limit: int = 10,
    platforms: Platforms = None,
) -> pd.DataFrame:
    """The most-liked complaints of a range (the ones most people saw), with their reply state."""
    frame = agg.read_complaints(
        store,
        start,
        end,
        posts=posts,
        category=category,
        limit=limit,
        platforms=_selected(platforms),
    )
    frame["answered"] = frame["first_reply_at"].notna()
    frame["complaint_category"] = frame["complaint_category"].fillna("other").replace("", "other")
    return frame


def oldest_unanswered_complaints(
    store: Store,
    limit: int = 10,
    by_category: bool = True,
    *,
    since: date | None = None,
    as_of: date | None = None,
    platforms: Platforms = None,
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Complaints (of ``platforms``) still waiting for the account's reply, oldest first, with
    ``waiting_hours``.

    ``since`` / ``as_of`` keep complaints of those days only; the waiting time is counted to the
    end of ``as_of`` (Asia/Jakarta), or to now when that is earlier or no day is given.
    With ``by_category`` a dict category -> frame (each up to ``limit`` rows), for routing to
    the team that handles that kind of complaint; otherwise one frame.
    """
    platforms = _selected(platforms)
    read = functools.partial(
        agg.read_unanswered_complaints,
        store,
        limit=limit,
        since=since,
        until=as_of,
        platforms=platforms,
    )
    if not by_category:
        return _with_waiting(read(), as_of)
    cats = agg.read_daily_category(store, date(1970, 1, 1), date(9999, 12, 31), platforms=platforms)
    out: dict[str, pd.DataFrame] = {}
    for cat in sorted(cats["category"].unique()):
        frame = read(category=cat)
        if len(frame):
            out[cat] = _with_waiting(frame, as_of)
    return out


def waiting_until(as_of: date | None = None) -> pd.Timestamp:
    """The moment waiting is counted to, as naive UTC: the end of ``as_of`` in Asia/Jakarta, or
    now when that is earlier (or no day is given)."""
    now = datetime.now(JAKARTA)
    ref = now
    if as_of is not None:
        ref = min(datetime.combine(as_of + timedelta(days=1), datetime.min.time(), JAKARTA), now)
    return pd.Timestamp(ref).tz_convert("UTC").tz_localize(None)


def _with_waiting(frame: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    frame = frame.copy()
    frame["complaint_category"] = frame["complaint_category"].fillna("other").replace("", "other")
    created = pd.to_datetime(frame["created_at_utc"])
    frame["waiting_hours"] = (waiting_until(as_of) - created).dt.total_seconds() / 3600.0
    return frame


def last_active_day(series: pd.DataFrame) -> date | None:
    """The last day of ``series`` on which the public commented (None when there is none).

    A store's last day may hold only the account's own replies, or a few minutes spilling over
    midnight: a day counts when it has at least a fifth of the series' median day (and one).
    """
    active = series[series["comments"] >= max(1, series["comments"].median() * 0.2)]
    return pd.Timestamp(active["day"].iloc[-1]).date() if len(active) else None


# --------------------------------------------------------------------------- morning view

BASELINE_DAYS = 28
MORNING_FIGURES: tuple[str, ...] = (
    "comments",
    "net_index",
    "negative_share",
    "complaints",
    "unanswered_complaints",
)


def compare_day(series: pd.DataFrame, day: date, baseline_days: int = BASELINE_DAYS) -> dict:
    """A day's headline figures against the mean of the ``baseline_days`` before it (pure).

    Counts are compared with their mean per observed day (days without comments are gaps);
    ratios with the pooled ratio over the baseline, so a quiet day does not weigh as much as a
    busy one. ``change`` is day - baseline; ``change_pct`` is relative, for counts only.
    """
    frame = series.copy()
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    frame["unanswered_complaints"] = frame["complaints"] - frame["complaints_answered"]
    today_rows = frame[frame["day"] == day]
    base = frame[(frame["day"] < day) & (frame["day"] >= day - timedelta(days=baseline_days))]
    base = base[base["comments"] > 0]
    row = today_rows.iloc[0] if len(today_rows) else None
    out: dict[str, dict] = {}
    for name in MORNING_FIGURES:
        if name in ("net_index", "negative_share"):
            num = (
                (base["positive"] - base["negative"]).sum()
                if name == "net_index"
                else base["negative"].sum()
            )
            den = base["comments"].sum()
            baseline = float(num / den) if den else None
            value = None if row is None or pd.isna(row[name]) else float(row[name])
            pct = None
        else:
            baseline = float(base[name].mean()) if len(base) else None
            value = None if row is None else float(row[name])
            pct = None
        change = value - baseline if value is not None and baseline is not None else None
        if name not in ("net_index", "negative_share") and change is not None and baseline:
            pct = change / baseline
        out[name] = {"value": value, "baseline": baseline, "change": change, "change_pct": pct}
    out["_baseline_days_observed"] = {"value": int(len(base))}
    return out
