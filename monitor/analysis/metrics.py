"""Daily metrics of the public reaction, per Asia/Jakarta day, read from the daily aggregates.

Everything is computed from the small aggregate tables (one row per day and post) so a year of
figures costs milliseconds at any comment volume. Only what cannot be summed over posts falls
back to the comments: unique commenters under a post filter and median reply times under a post
filter or over a period.

Conventions: counts on a day without comments are 0; ratios (shares, mean score, net index) on
such a day are NaN (null in JSON), because "no comments" is not "neutral comments".
The account's own replies are excluded unless ``include_owner=True``; complaint and response
metrics always exclude them (the account does not complain to itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

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


def daily_series(
    store: Store,
    start: date,
    end: date,
    posts: Sequence[str] | None = None,
    include_owner: bool = False,
) -> pd.DataFrame:
    """One row per Asia/Jakarta day from ``start`` to ``end`` inclusive, zero days included.

    Columns: see ``SERIES_COLUMNS`` plus ``complaints_<category>`` for each category seen.
    """
    if end < start:
        raise ValueError(f"end day {end} is before start day {start}")
    posts = list(posts) if posts else None
    post_rows = agg.read_daily_post(store, start, end, posts)
    categories = agg.read_daily_category(store, start, end, posts)
    if posts is None:
        totals = agg.read_daily_total(store, start, end)
        commenters = totals[["day", "commenters"]].copy()
        if include_owner:
            commenters["commenters"] = totals["commenters"] + totals["owner_active"]
        medians = totals[["day", "reply_median_minutes"]]
    else:
        commenters = agg.read_commenters(store, start, end, posts, include_owner)
        delays = agg.read_reply_delays(store, start, end, posts)
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


def data_range(store: Store) -> tuple[date, date] | None:
    """First and last day that has aggregates (None for an empty store)."""
    return agg.aggregate_day_range(store)


def post_summary(store: Store, start: date, end: date, include_owner: bool = False) -> pd.DataFrame:
    """One row per post with comments in the range, busiest first.

    A spike is usually driven by one or two posts, so this is the first drill-down.
    """
    rows = agg.read_daily_post(store, start, end, by_post=True)
    return summarise_posts(rows, include_owner=include_owner)


def summarise_posts(rows: pd.DataFrame, include_owner: bool = False) -> pd.DataFrame:
    """Per-post totals from per-day-and-post aggregate rows (pure)."""
    columns = [
        "post_id",
        "comments",
        "positive",
        "neutral",
        "negative",
        "negative_share",
        "mean_score",
        "net_index",
        "complaints",
        "complaint_share",
        "complaints_answered",
        "complaints_answered_share",
        "likes",
        "first_day",
        "last_day",
        "peak_day",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    owner = 1 if include_owner else 0
    frame = rows.copy()
    frame["all_comments"] = frame["comments"] + owner * frame["owner_replies"]
    for label in ("positive", "neutral", "negative"):
        frame[f"all_{label}"] = frame[label] + owner * frame[f"owner_{label}"]
    frame["all_score"] = frame["score_sum"] + owner * frame["owner_score_sum"]
    grouped = frame.groupby("post_id", sort=False)
    out = pd.DataFrame(
        {
            "comments": grouped["all_comments"].sum(),
            "positive": grouped["all_positive"].sum(),
            "neutral": grouped["all_neutral"].sum(),
            "negative": grouped["all_negative"].sum(),
            "score": grouped["all_score"].sum(),
            "user_comments": grouped["comments"].sum(),
            "complaints": grouped["complaints"].sum(),
            "complaints_answered": grouped["complaints_answered"].sum(),
            "likes": grouped["likes"].sum(),
            "first_day": grouped["day"].min(),
            "last_day": grouped["day"].max(),
        }
    )
    peak = frame.sort_values(["all_comments", "day"], ascending=[False, True])
    out["peak_day"] = peak.drop_duplicates("post_id").set_index("post_id")["day"]
    out = out[out["comments"] > 0].copy() if (out["comments"] > 0).any() else out
    out["negative_share"] = _ratio(out["negative"], out["comments"])
    out["mean_score"] = _ratio(out["score"], out["comments"])
    out["net_index"] = _ratio(out["positive"] - out["negative"], out["comments"])
    out["complaint_share"] = _ratio(out["complaints"], out["user_comments"])
    out["complaints_answered_share"] = _ratio(out["complaints_answered"], out["complaints"])
    for col in ("comments", "positive", "neutral", "negative", "complaints"):
        out[col] = out[col].astype(int)
    out["complaints_answered"] = out["complaints_answered"].astype(int)
    out["likes"] = out["likes"].astype(int)
    out = out.reset_index().sort_values(["comments", "post_id"], ascending=[False, True])
    return out[columns].reset_index(drop=True)


def response_summary(
    store: Store, start: date, end: date, posts: Sequence[str] | None = None
) -> dict:
    """Complaints in the range, how many the account answered, and the median minutes to reply."""
    rows = agg.read_daily_post(store, start, end, posts)
    complaints = int(rows["complaints"].sum()) if len(rows) else 0
    answered = int(rows["complaints_answered"].sum()) if len(rows) else 0
    delays = agg.read_reply_delays(store, start, end, posts)
    median = float(delays["minutes"].median()) if len(delays) else None
    return {
        "complaints": complaints,
        "complaints_answered": answered,
        "complaints_answered_share": answered / complaints if complaints else None,
        "reply_median_minutes": median,
    }


def top_complaints(
    store: Store,
    start: date,
    end: date,
    *,
    posts: Sequence[str] | None = None,
    category: str | None = None,
    limit: int = 10,
) -> pd.DataFrame:
    """The most-liked complaints of a range (the ones most people saw), with their reply state."""
    frame = agg.read_complaints(store, start, end, posts=posts, category=category, limit=limit)
    frame["answered"] = frame["first_reply_at"].notna()
    frame["complaint_category"] = frame["complaint_category"].fillna("other").replace("", "other")
    return frame


def oldest_unanswered_complaints(
    store: Store, limit: int = 10, by_category: bool = True
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Complaints still waiting for the account's reply, oldest first.

    With ``by_category`` a dict category -> frame (each up to ``limit`` rows), for routing to
    the team that handles that kind of complaint; otherwise one frame.
    """
    if not by_category:
        frame = agg.read_unanswered_complaints(store, limit=limit)
        return _with_waiting(frame)
    cats = agg.read_daily_category(store, date(1970, 1, 1), date(9999, 12, 31))
    out: dict[str, pd.DataFrame] = {}
    for cat in sorted(cats["category"].unique()):
        frame = agg.read_unanswered_complaints(store, limit=limit, category=cat)
        if len(frame):
            out[cat] = _with_waiting(frame)
    return out


def _with_waiting(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["complaint_category"] = frame["complaint_category"].fillna("other").replace("", "other")
    now_utc = pd.Timestamp.now(tz="UTC").tz_localize(None)
    created = pd.to_datetime(frame["created_at_utc"])
    frame["waiting_hours"] = ((now_utc - created).dt.total_seconds() / 3600.0).round(1)
    return frame


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


def morning_summary(store: Store, today: date | None = None, recent_days: int = 7) -> dict:
    """What the morning view shows: yesterday against the weeks before, and recent spikes.

    Without ``today`` the report is for yesterday in Asia/Jakarta, or for the last day with
    data when the store is older than that (``stale`` is then True, so the view can say so).
    """
    from monitor.analysis import spikes as spikes_mod

    span = data_range(store)
    real_today = today or jakarta_today()
    if span is None:
        return {"day": None, "stale": False, "empty": True, "figures": {}, "spikes": []}
    day = real_today - timedelta(days=1)
    stale = False
    if today is None and span[1] < day:
        day, stale = span[1], True
    start = day - timedelta(days=max(BASELINE_DAYS, spikes_mod.WINDOW))
    series = daily_series(store, start, day)
    figures = compare_day(series, day)
    observed = figures.pop("_baseline_days_observed")["value"]
    since = day - timedelta(days=recent_days - 1)
    found = spikes_mod.find_spikes(store, since, day)
    history = spikes_mod.history_status(spikes_mod.with_gaps(series), "negative")
    return {
        "day": day.isoformat(),
        "stale": stale,
        "empty": False,
        "baseline_start": (day - timedelta(days=BASELINE_DAYS)).isoformat(),
        "baseline_end": (day - timedelta(days=1)).isoformat(),
        "baseline_days_observed": observed,
        "history": history,
        "figures": figures,
        "open_unanswered_complaints": agg.count_unanswered_complaints(store, date(1970, 1, 1), day),
        "spikes": [s.to_dict() for s in found],
    }
