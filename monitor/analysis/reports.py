"""What combines the analyses: spikes with their drivers and news, event studies, the morning.

``metrics`` reads the daily series, ``spikes`` flags days in a series and ``events`` holds the
news timeline; each stands on its own. The reports here read the store through them and put
the pieces together, so none of those modules needs another:

* ``find_spikes``: the flagged days of a range with their driving posts, most-liked comments,
  rising terms, their anatomy (copy-paste campaigns, heavy commenters, themes), the day's emotions (and the one that leads them, if one clearly does) and the
  news in the window configured in Settings.
* ``event_studies`` (every stored event) and ``event_study_around`` (one day, optionally some
  posts): mean before vs after, with a bootstrap interval, per metric.
* ``morning_summary``: yesterday against the weeks before, with the recent spikes.
* ``author_concentration`` (who wrote a period) and ``period_themes`` (what its negative
  comments and complaints were about, against the weeks before).

Every report takes ``platforms`` (codes of ``core.platforms``; None or empty: all). Spikes are
judged on the selected platforms together and on each platform's own series, and each says
which platforms drove it; the morning summary gives each platform's figures beside the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from monitor.analysis import anatomy as anatomy_mod
from monitor.analysis import events as events_mod
from monitor.analysis import metrics as metrics_mod
from monitor.analysis import spikes as spikes_mod
from monitor.analysis.events import StudyResult
from monitor.analysis.spikes import METRICS, Spike
from monitor.core.timeutil import JAKARTA, UTC
from monitor.ops import service_levels
from monitor.ops import settings as settings_mod
from monitor.store import aggregates as agg
from monitor.store import events_table as events_store
from monitor.store.engine import Store

# --------------------------------------------------------------------------- spikes

_KIND = {"negative": "negative", "complaints": "complaints", "net_index": "negative"}
_POST_COLUMN = {"negative": "negative", "complaints": "complaints", "net_index": "negative"}


def find_spikes(
    store: Store,
    start: date | None = None,
    end: date | None = None,
    *,
    sensitivity: str | None = None,
    metrics: Sequence[str] = METRICS,
    drivers: bool = True,
    link_events: bool = True,
    platforms: Sequence[str] | None = None,
    per_platform: bool = True,
) -> list[Spike]:
    """Spikes flagged between ``start`` and ``end`` (default: the whole stored range of
    ``platforms``), newest first.

    Reads the daily series of ``platforms`` together and of each platform (plus
    ``spikes.WINDOW`` days of history before ``start``). A day is judged on the platforms
    together (``Spike.platform`` None) and, with ``per_platform`` and more than one platform
    holding figures, on each platform's own series too (``Spike.platform`` the platform); every
    spike's ``platforms`` says which platforms drove it. Per spike, the driving posts,
    most-liked comments and rising terms (of the spike's platforms), and the events in the
    window configured in Settings.
    """
    settings = settings_mod.load(store)
    sensitivity = sensitivity or settings.sensitivity
    spikes_mod.thresholds(sensitivity)
    platforms = tuple(platforms) if platforms else None
    span = metrics_mod.data_range(store, platforms)
    if span is None:
        return []
    start = start or span[0]
    end = end or span[1]
    first = start - timedelta(days=spikes_mod.WINDOW)
    series = metrics_mod.daily_series(store, first, end, platforms=platforms)
    found = spikes_mod.detect(
        spikes_mod.with_gaps(series), sensitivity, metrics=metrics, since=start
    )
    long = metrics_mod.daily_series_by_platform(store, first, end, platforms=platforms)
    each = {
        p: spikes_mod.with_gaps(part.drop(columns="platform").reset_index(drop=True))
        for p, part in long.groupby("platform", sort=False)
        if (part["comments"] > 0).any()
    }
    if per_platform and len(each) > 1:
        for platform, own in each.items():
            for spike in spikes_mod.detect(own, sensitivity, metrics=metrics, since=start):
                spike.platform = platform
                found.append(spike)
        found.sort(key=lambda s: (s.day, s.severity), reverse=True)
    for metric in {s.metric for s in found}:
        days = {s.day for s in found if s.metric == metric}
        parts = spikes_mod.excess_by_platform(each, metric, sensitivity, days)
        for spike in found:
            if spike.metric == metric:
                day_parts = parts.get(spike.day, [])
                if spike.platform is not None:
                    day_parts = [
                        dict(p, share=1.0) for p in day_parts if p["platform"] == spike.platform
                    ]
                spike.platforms = day_parts
    _add_emotions(store, found, platforms)
    if drivers:
        # A negative-count spike and a net-sentiment drop on the same day share their drivers.
        done: dict[tuple[date, str, str | None], Spike] = {}
        for spike in found:
            key = (spike.day, _KIND[spike.metric], spike.platform)
            if key in done:
                twin = done[key]
                spike.posts, spike.top_comments = twin.posts, twin.top_comments
                spike.top_terms = twin.top_terms
                spike.anatomy, spike.coordination_share = twin.anatomy, twin.coordination_share
            else:
                scope = (spike.platform,) if spike.platform else platforms
                done[key] = add_drivers(store, spike, platforms=scope)
    if link_events:
        for spike in found:
            spike.events = events_mod.events_near(
                store,
                spike.day,
                before=settings.event_window_before,
                after=settings.event_window_after,
            )
    return found


def _add_emotions(store: Store, found: list[Spike], platforms: Sequence[str] | None) -> None:
    """Each spike's day's comments per emotion (on its platforms) and its dominant emotion:
    one read of the daily emotion counts for the spikes of the platforms together, one per
    platform for the spikes of a platform's own series."""
    if not found:
        return
    first, last = min(s.day for s in found), max(s.day for s in found)
    together = metrics_mod.daily_emotions(store, first, last, platforms=platforms)
    each = None
    if any(s.platform is not None for s in found):
        each = metrics_mod.daily_emotions(store, first, last, platforms=platforms, by_platform=True)
    names = list(metrics_mod.EMOTION_SERIES_COLUMNS)
    for spike in found:
        if spike.platform is None:
            rows = together[together["day"] == spike.day]
        else:
            rows = each[(each["day"] == spike.day) & (each["platform"] == spike.platform)]
        counts = rows[names].sum().astype(int).to_dict() if len(rows) else dict.fromkeys(names, 0)
        spike.emotions = {k: int(v) for k, v in counts.items()}
        spike.emotion = spikes_mod.dominant_emotion(spike.emotions)


def add_drivers(
    store: Store,
    spike: Spike,
    n_posts: int = 3,
    n_comments: int = 5,
    *,
    platforms: Sequence[str] | None = None,
) -> Spike:
    """Fill a spike's driving posts, most-liked comments, rising terms and anatomy
    (``anatomy.anatomy``: campaigns, heavy commenters, themes) from the store (of
    ``platforms``; None: all)."""
    kind = _KIND[spike.metric]
    col = _POST_COLUMN[spike.metric]
    posts = metrics_mod.post_summary(store, spike.day, spike.day, platforms=platforms)
    total = float(posts[col].sum()) if len(posts) else 0.0
    posts = posts[posts[col] > 0].sort_values(
        [col, "post_id", "platform"], ascending=[False, True, True]
    )
    spike.posts = [
        {
            "post_id": r.post_id,
            "count": int(getattr(r, col)),
            "share": round(float(getattr(r, col)) / total, 4) if total else None,
            "comments": int(r.comments),
            "platform": r.platform,
        }
        for r in posts.head(n_posts).itertuples(index=False)
    ]
    top = agg.read_top_comments(
        store, spike.day, spike.day, kind=kind, limit=n_comments, platforms=platforms
    )
    spike.top_comments = [
        {
            "comment_id": r.comment_id,
            "platform": r.platform,
            "post_id": r.post_id,
            "author": r.author,
            "text": r.text,
            "like_count": int(r.like_count),
            "label": r.label,
        }
        for r in top.itertuples(index=False)
    ]
    day_terms = agg.read_terms(store, spike.day, spike.day, kind=kind, platforms=platforms)["terms"]
    base_terms = agg.read_terms(
        store,
        spike.day - timedelta(days=spikes_mod.LEVEL_WINDOW),
        spike.day - timedelta(days=1),
        kind=kind,
        platforms=platforms,
    )["terms"]
    spike.top_terms = spikes_mod.rising_terms(day_terms.tolist(), base_terms.tolist())
    day = agg.read_day_comments(store, spike.day, platforms=platforms)
    of_kind = day["label"].eq("negative") if kind == "negative" else day["is_complaint"]
    spike.anatomy = anatomy_mod.anatomy(
        day,
        of_kind,
        base_terms.tolist(),
        spikes_mod.LEVEL_WINDOW,
        spike.posts,
        first_seen=agg.read_period_first_seen(store, spike.day, spike.day, platforms=platforms),
        since=day_start_utc(spike.day),
        thresholds=anatomy_thresholds(settings_mod.load(store)),
    )
    spike.coordination_share = spike.anatomy["coordination_share"]
    return spike


def anatomy_thresholds(settings: settings_mod.Settings) -> anatomy_mod.Thresholds:
    """The campaign rule as set on the Settings page."""
    return anatomy_mod.Thresholds(
        similarity=settings.anatomy_similarity,
        window_minutes=settings.anatomy_window_minutes,
        min_accounts=settings.anatomy_min_accounts,
        coordinated_share=settings.anatomy_coordinated_share,
    )


def day_start_utc(day: date) -> datetime:
    """The first moment of a Jakarta calendar day, as the naive UTC the store keeps."""
    return datetime.combine(day, time.min, tzinfo=JAKARTA).astimezone(UTC).replace(tzinfo=None)


def author_concentration(
    store: Store, start: date, end: date, *, platforms: Sequence[str] | None = None
) -> dict:
    """Who wrote the public's comments of ``start``..``end`` (``anatomy.authors``: top
    accounts and their share, heavy commenters, accounts repeating under one post, accounts
    first seen in the period), plus ``comments``, ``start`` and ``end``. Authors are as
    stored: pseudonyms when pseudonymisation is on."""
    frame = agg.read_period_comments(store, start, end, platforms=platforms)
    got = anatomy_mod.authors(
        frame,
        first_seen=agg.read_period_first_seen(store, start, end, platforms=platforms),
        since=day_start_utc(start),
    )
    return {"start": start.isoformat(), "end": end.isoformat(), "comments": len(frame), **got}


def coordination_by_day(
    store: Store, days: Sequence[date], *, platforms: Sequence[str] | None = None
) -> dict[date, dict]:
    """The copy-paste campaigns of each of ``days`` (the Timeline's spike days), with the
    rule of Settings: ``coordination_share``, ``coordinated``, ``campaigns`` (how many),
    ``accounts`` (in all of them), ``largest`` (the accounts of the largest) and
    ``comments`` (the day's)."""
    th = anatomy_thresholds(settings_mod.load(store))
    out: dict[date, dict] = {}
    for day in sorted(set(days)):
        frame = agg.read_day_comments(store, day, platforms=platforms)
        found = anatomy_mod.campaigns(
            frame,
            similarity=th.similarity,
            window_minutes=th.window_minutes,
            min_accounts=th.min_accounts,
        )
        share = anatomy_mod.coordination_share(frame, found)
        out[day] = {
            "comments": len(frame),
            "coordination_share": share,
            "coordinated": share is not None and share >= th.coordinated_share,
            "campaigns": len(found),
            "accounts": sum(c["accounts"] for c in found),
            "largest": found[0]["accounts"] if found else 0,
        }
    return out


THEME_PERIOD_DAYS = 7  # "this week"


def period_themes(
    store: Store,
    end: date,
    *,
    days: int = THEME_PERIOD_DAYS,
    platforms: Sequence[str] | None = None,
) -> dict:
    """The themes of the negative comments and complaints of the ``days`` days to ``end``
    against the ``spikes.LEVEL_WINDOW`` days before (``anatomy.themes``): the Morning page's
    "main issues this week". ``start``, ``end``, ``comments`` and ``themes``."""
    start = end - timedelta(days=days - 1)
    frame = agg.read_period_comments(
        store, start, end, platforms=platforms, kind="negative_or_complaint"
    )
    base = agg.read_period_comments(
        store,
        start - timedelta(days=spikes_mod.LEVEL_WINDOW),
        start - timedelta(days=1),
        platforms=platforms,
        kind="negative_or_complaint",
    )
    found = anatomy_mod.themes(
        frame, base["terms"].fillna("").tolist(), spikes_mod.LEVEL_WINDOW, days=days
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "comments": len(frame),
        "themes": found,
    }


# --------------------------------------------------------------------------- event studies

STUDY_METRICS: tuple[str, ...] = ("net_index", "complaints")
STUDY_COLUMNS: tuple[str, ...] = (
    "event_id",
    "day",
    "title_id",
    "title_en",
    "category",
    "metric",
    "before_mean",
    "after_mean",
    "difference",
    "ci_low",
    "ci_high",
    "n_before",
    "n_after",
    "significant",
)


def _study_series(
    store: Store,
    start: date,
    end: date,
    blank: Sequence[str],
    posts: Sequence[str] | None = None,
    platforms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The daily series with the ``blank`` columns empty on days without comments: a day nobody
    commented on says nothing about the mood, so it is left out of both means."""
    series = metrics_mod.daily_series(
        store, start, end, posts=list(posts) if posts else None, platforms=platforms
    )
    series.loc[series["comments"] == 0, list(blank)] = np.nan
    return series


def event_studies(
    store: Store,
    days: int = 7,
    metrics: tuple[str, ...] = STUDY_METRICS,
    seed: int = 0,
    *,
    platforms: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per stored event inside the data range and metric: the event study figures
    (on the series of ``platforms``)."""
    span = metrics_mod.data_range(store, platforms)
    evs = events_store.list_events(store)
    if span is None or evs.empty:
        return pd.DataFrame(columns=list(STUDY_COLUMNS))
    evs = evs[(evs["day"] >= span[0]) & (evs["day"] <= span[1])]
    if evs.empty:
        return pd.DataFrame(columns=list(STUDY_COLUMNS))
    series = _study_series(
        store,
        span[0] - timedelta(days=days),
        span[1] + timedelta(days=days),
        metrics,
        platforms=platforms,
    )
    rows = []
    for ev in evs.itertuples(index=False):
        for metric in metrics:
            res = events_mod.event_study(series, ev.day, metric, days, seed=seed)
            rows.append(
                {
                    "event_id": int(ev.id),
                    "day": ev.day,
                    "title_id": ev.title_id,
                    "title_en": ev.title_en,
                    "category": ev.category,
                    **res.to_dict(),
                }
            )
    return pd.DataFrame(rows)[list(STUDY_COLUMNS)]


AROUND_METRICS: tuple[str, ...] = ("comments", "net_index", "negative_share", "complaints")


def event_study_around(
    store: Store,
    day: date,
    days: int = 7,
    posts: Sequence[str] | None = None,
    metrics: tuple[str, ...] = AROUND_METRICS,
    *,
    platforms: Sequence[str] | None = None,
) -> dict[str, StudyResult]:
    """Before/after figures around one day (optionally under some posts, of some platforms),
    per metric."""
    series = _study_series(
        store, day - timedelta(days=days), day + timedelta(days=days), metrics, posts, platforms
    )
    return {m: events_mod.event_study(series, day, m, days) for m in metrics}


# --------------------------------------------------------------------------- morning


def _day_figures(series: pd.DataFrame, day: date) -> tuple[dict, int, str]:
    """A day's figures against its baseline, the baseline days observed, the history status."""
    figures = metrics_mod.compare_day(series, day)
    observed = figures.pop("_baseline_days_observed")["value"]
    history = spikes_mod.history_status(spikes_mod.with_gaps(series), "negative")
    return figures, observed, history


def morning_summary(
    store: Store,
    today: date | None = None,
    recent_days: int = 7,
    *,
    platforms: Sequence[str] | None = None,
) -> dict:
    """What the morning view shows: yesterday against the weeks before, and recent spikes, for
    ``platforms`` together (None: all), and under ``platforms`` the same figures of each
    platform holding any (``figures``, ``baseline_days_observed``, ``history``,
    ``open_unanswered_complaints``), keyed by platform code in ``core.platforms`` order.

    Without ``today`` the report is for yesterday in Asia/Jakarta, or for the last day with
    data when the store is older than that (``stale`` is then True, so the view can say so).

    ``overdue_complaints``: the open complaints of ``platforms`` waiting longer than the
    reply target now (``ops.service_levels.overdue_count``; the queue as it is, whatever
    ``today`` is).
    """
    baseline_days = metrics_mod.BASELINE_DAYS
    platforms = tuple(platforms) if platforms else None
    span = metrics_mod.data_range(store, platforms)
    real_today = today or metrics_mod.jakarta_today()
    if span is None:
        return {
            "day": None,
            "stale": False,
            "empty": True,
            "figures": {},
            "spikes": [],
            "platforms": {},
        }
    day = real_today - timedelta(days=1)
    stale = False
    if today is None and span[1] < day:
        day, stale = span[1], True
    start = day - timedelta(days=max(baseline_days, spikes_mod.WINDOW))
    series = metrics_mod.daily_series(store, start, day, platforms=platforms)
    figures, observed, history = _day_figures(series, day)
    since = day - timedelta(days=recent_days - 1)
    found = find_spikes(store, since, day, platforms=platforms)
    long = metrics_mod.daily_series_by_platform(store, start, day, platforms=platforms)
    each: dict[str, dict] = {}
    for platform in metrics_mod.series_platforms(store, platforms):
        own = long[long["platform"] == platform].drop(columns="platform")
        if not (own["comments"] > 0).any() and agg.aggregate_day_range(store, (platform,)) is None:
            continue
        own_figures, own_observed, own_history = _day_figures(own.reset_index(drop=True), day)
        each[platform] = {
            "figures": own_figures,
            "baseline_days_observed": own_observed,
            "history": own_history,
            "open_unanswered_complaints": agg.count_unanswered_complaints(
                store, date(1970, 1, 1), day, platforms=(platform,)
            ),
        }
    return {
        "day": day.isoformat(),
        "stale": stale,
        "empty": False,
        "baseline_start": (day - timedelta(days=baseline_days)).isoformat(),
        "baseline_end": (day - timedelta(days=1)).isoformat(),
        "baseline_days_observed": observed,
        "history": history,
        "figures": figures,
        "open_unanswered_complaints": agg.count_unanswered_complaints(
            store, date(1970, 1, 1), day, platforms=platforms
        ),
        "overdue_complaints": service_levels.overdue_count(store, platforms=platforms),
        "spikes": [s.to_dict() for s in found],
        "platforms": each,
    }
