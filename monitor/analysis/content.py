"""Which posts and content types are received well: reception per post and per type (pure).

Over DataFrames: the stored posts (``store.posts.read_posts``) and the followers' comments
under them (``store.content.post_comments``). Per post (``reception``):

* ``comments``; ``net_index`` (positive minus negative, over the comments, as the daily
  ``net_index`` of ``analysis.metrics``), ``negative_share``, ``emo_<emotion>`` shares;
* ``complaints`` and ``complaints_answered_share`` (complaints with the account's reply);
* engagement: ``likes`` and ``engagement`` (likes plus comments, the counts the post export
  gives, else the comments stored; unknown likes count as none), and ``engagement_per_follower`` where a follower count is
  set for the post's platform (settings ``followers``).

Ratios of a post without comments are NaN: "no comments" is not "neutral comments".

A post's types are the analyst's where set (``manual_types``), else the rules'
(``nlp.content_types.types_of``, the one rule). Per type (``compare_types``): the mean of a
metric over the type's posts and a percentile bootstrap confidence interval (resampling posts,
``BOOTSTRAP_SAMPLES`` draws, a fixed seed: the same data give the same interval); a post of
two types counts in both. ``before_after`` does the same on each side of a day (a news event).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd

from monitor.core.canonical import EMOTION_LABELS
from monitor.core.timeutil import jakarta_day
from monitor.nlp.content_types import TYPES, ContentRules, types_of

BOOTSTRAP_SAMPLES = 2000
SEED = 19
LEVEL = 0.95
METRICS: tuple[str, ...] = (
    "net_index",
    "negative_share",
    "complaint_share",
    "complaints_answered_share",
    "engagement",
    "engagement_per_follower",
)
UNTYPED = "lainnya"  # posts no rule and no analyst gave a type


def post_types(posts: pd.DataFrame, rules: ContentRules | None = None) -> pd.Series:
    """Each post's types (tuples): the hand-set ones where given, else the rules'."""
    out = []
    manual = posts["manual_types"] if "manual_types" in posts else pd.Series(None, posts.index)
    for row, hand in zip(posts.itertuples(index=False), manual, strict=True):
        if isinstance(hand, str):
            out.append(tuple(t for t in TYPES if t in hand.split(",")))
        else:
            out.append(
                types_of(
                    getattr(row, "title", None),
                    getattr(row, "caption", None),
                    getattr(row, "hashtags", None),
                    rules,
                )
            )
    return pd.Series(out, index=posts.index, dtype=object)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den > 0)).astype(float)


def reception(
    posts: pd.DataFrame,
    comments: pd.DataFrame,
    followers: Mapping[str, int] | None = None,
    rules: ContentRules | None = None,
) -> pd.DataFrame:
    """One row per post: its facts, ``types``, ``manual`` (types set by hand) and the
    reception figures of the module docstring."""
    out = posts.copy().reset_index(drop=True)
    out["types"] = post_types(out, rules)
    out["manual"] = out["manual_types"].notna() if "manual_types" in out else False
    key = ["platform", "post_id"]
    c = comments
    per = pd.DataFrame(
        {
            "platform": c["platform"],
            "post_id": c["post_id"],
            "n": 1,
            "pos": c["label"].eq("positive").astype(int),
            "neg": c["label"].eq("negative").astype(int),
            "cpl": c["is_complaint"].astype(bool).astype(int),
            "ans": c["answered"].astype(bool).astype(int),
            **{f"e_{e}": c["emotion"].eq(e).astype(int) for e in EMOTION_LABELS},
        }
    )
    sums = per.groupby(key, sort=False).sum().reset_index()
    out = out.merge(sums, on=key, how="left")
    for col in ("n", "pos", "neg", "cpl", "ans", *(f"e_{e}" for e in EMOTION_LABELS)):
        out[col] = out[col].fillna(0).astype(int)
    out["comments"] = out["n"]
    out["net_index"] = _ratio(out["pos"] - out["neg"], out["n"])
    out["negative_share"] = _ratio(out["neg"], out["n"])
    for e in EMOTION_LABELS:
        out[f"emo_{e}"] = _ratio(out[f"e_{e}"], out["n"])
    out["complaints"] = out["cpl"]
    out["complaint_share"] = _ratio(out["cpl"], out["n"])
    out["complaints_answered_share"] = _ratio(out["ans"], out["cpl"])
    likes = pd.to_numeric(out.get("like_count"), errors="coerce")
    stated = pd.to_numeric(out.get("comment_count"), errors="coerce")
    out["likes"] = likes
    out["engagement"] = likes.fillna(0) + stated.fillna(out["n"])
    follow = out["platform"].map(dict(followers or {})).astype(float)
    out["engagement_per_follower"] = out["engagement"] / follow
    return out.drop(columns=["n", "pos", "neg", "cpl", "ans", *(f"e_{e}" for e in EMOTION_LABELS)])


def published_day(frame: pd.DataFrame) -> pd.Series:
    """The Jakarta day (``date``) each post was published (None where unknown)."""
    when = pd.to_datetime(frame["published_at"], errors="coerce")
    days = pd.Series(None, index=frame.index, dtype=object)
    known = when.notna()
    if known.any():
        days[known] = jakarta_day(when[known]).to_numpy()
    return days


def in_period(
    frame: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    types: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The posts published from ``start`` to ``end`` (Jakarta days, inclusive; a post of
    unknown time only when no period is asked) and of any of ``types`` (empty: all)."""
    keep = pd.Series(True, index=frame.index)
    if start is not None or end is not None:
        days = published_day(frame)
        known = days.notna()
        keep &= known
        if start is not None:
            keep &= known & days.map(lambda d: isinstance(d, date) and d >= start)
        if end is not None:
            keep &= known & days.map(lambda d: isinstance(d, date) and d <= end)
    if types:
        wanted = set(types)
        keep &= frame["types"].map(
            lambda ts: bool(wanted & set(ts)) or (UNTYPED in wanted and not ts)
        )
    return frame[keep.astype(bool)]


def ranked(frame: pd.DataFrame, metric: str = "net_index") -> pd.DataFrame:
    """Posts best received first by ``metric`` (posts without a figure last, then by
    comments); ``negative_share`` and ``complaint_share`` rank lowest first."""
    ascending = metric in ("negative_share", "complaint_share")
    return frame.sort_values(
        [metric, "comments"], ascending=[ascending, False], na_position="last", kind="mergesort"
    ).reset_index(drop=True)


def bootstrap_mean(
    values: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = SEED, level: float = LEVEL
) -> tuple[float, float, float]:
    """The mean and a percentile bootstrap interval of ``values`` (NaNs left out); NaN for
    none, and the value itself as both bounds for one."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if values.size == 1:
        return mean, mean, mean
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, values.size, size=(samples, values.size))
    means = values[draws].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return mean, float(low), float(high)


def _by_type(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    groups = {t: frame[frame["types"].map(lambda ts, t=t: t in ts)] for t in TYPES}
    groups[UNTYPED] = frame[frame["types"].map(lambda ts: not ts)]
    return {t: g for t, g in groups.items() if len(g)}


def compare_types(
    frame: pd.DataFrame, metric: str = "net_index", *, seed: int = SEED
) -> pd.DataFrame:
    """Per type (``TYPES`` order, then the untyped): ``posts``, ``comments``, ``mean`` of
    ``metric`` over its posts with a figure, and its interval ``low``/``high``."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r} (expected one of {', '.join(METRICS)})")
    rows = []
    for kind, group in _by_type(frame).items():
        values = group[metric].to_numpy(dtype=float)
        mean, low, high = bootstrap_mean(values, seed=seed)
        rows.append(
            {
                "type": kind,
                "posts": int(len(group)),
                "posts_with_figure": int((~np.isnan(values)).sum()),
                "comments": int(group["comments"].sum()),
                "mean": mean,
                "low": low,
                "high": high,
            }
        )
    cols = ["type", "posts", "posts_with_figure", "comments", "mean", "low", "high"]
    return pd.DataFrame(rows, columns=cols)


def before_after(
    frame: pd.DataFrame, day: date | datetime, metric: str = "net_index", *, seed: int = SEED
) -> pd.DataFrame:
    """``compare_types`` for the posts published before ``day`` and from ``day`` on, with a
    ``period`` column (``before``, ``after``)."""
    if isinstance(day, datetime):
        day = day.date()
    days = published_day(frame)
    known = days.notna()
    before = frame[known & days.map(lambda d: isinstance(d, date) and d < day)]
    after = frame[known & days.map(lambda d: isinstance(d, date) and d >= day)]
    parts = []
    for name, part in (("before", before), ("after", after)):
        table = compare_types(part, metric, seed=seed)
        table.insert(0, "period", name)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def hours_after(comments: pd.DataFrame, published_at: object, hours: int = 72) -> pd.DataFrame:
    """A post's comments per hour since it was published (0 .. ``hours`` - 1): ``hour``,
    ``comments``, ``negative``, ``net_index`` (NaN in an hour without comments). Comments
    before the post's time (clocks differ) count in hour 0; later ones are left out."""
    start = pd.to_datetime(published_at, errors="coerce")
    grid = pd.DataFrame({"hour": range(hours)})
    if pd.isna(start) or comments.empty:
        grid["comments"], grid["negative"], grid["net_index"] = 0, 0, np.nan
        return grid
    since = (pd.to_datetime(comments["created_at_utc"]) - start) / pd.Timedelta(hours=1)
    hour = np.floor(since.clip(lower=0)).astype(int)
    frame = pd.DataFrame(
        {
            "hour": hour,
            "n": 1,
            "neg": comments["label"].eq("negative").astype(int),
            "pos": comments["label"].eq("positive").astype(int),
        }
    )
    frame = frame[frame["hour"] < hours].groupby("hour").sum()
    grid = grid.merge(frame, left_on="hour", right_index=True, how="left").fillna(0)
    grid["comments"] = grid["n"].astype(int)
    grid["negative"] = grid["neg"].astype(int)
    grid["net_index"] = _ratio(grid["pos"] - grid["neg"], grid["n"])
    return grid[["hour", "comments", "negative", "net_index"]]


def themes(comments: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The stems most comments of a post share (the stored search terms): ``term``,
    ``comments``, ``negative`` (of those comments)."""
    if comments.empty or "terms" not in comments:
        return pd.DataFrame(columns=["term", "comments", "negative"])
    terms = comments["terms"].fillna("").str.split()
    exploded = pd.DataFrame(
        {"term": terms, "negative": comments["label"].eq("negative").astype(int)}
    ).explode("term")
    exploded = exploded[exploded["term"].notna() & exploded["term"].ne("")]
    if exploded.empty:
        return pd.DataFrame(columns=["term", "comments", "negative"])
    table = exploded.groupby("term").agg(comments=("term", "size"), negative=("negative", "sum"))
    table = table.sort_values(["comments", "negative"], ascending=False).head(top)
    return table.reset_index()
