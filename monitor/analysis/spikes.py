"""Spike detection on the daily series: "did something happen yesterday?".

Method (see docs/spikes.md for the reasoning and the measured precision/recall):

1. **Trailing baseline, current day excluded.** Day *t* is judged only against the
   ``WINDOW`` (56) days before it, so a spike never hides itself and the result for a past
   day does not change when later data arrives.
2. **Weekly rhythm.** Comment volume on Mondays is not volume on Sundays. From the window,
   a factor per weekday (median of that weekday / median of all days, smoothed by +1 so low
   counts stay near 1) divides the counts; for the net sentiment index an additive weekday
   offset is subtracted instead.
3. **Robust level and spread.** The expected value is the median of the weekday-adjusted
   values of the last ``LEVEL_WINDOW`` (28) days, times the day's weekday factor; the spread
   is the MAD (x 1.4826) of the adjusted values of the whole window. Medians ignore earlier spikes in the window, where a mean and a
   standard deviation would be dragged up by them and mask the next one.
4. **Honest low counts.** Counts are Poisson-like, so the spread never goes below
   sqrt(expected) (and 1); a spike also needs a minimum absolute count and a minimum ratio
   observed/expected. Three negative comments after a day of one is not a spike. For the net
   index the floor is the binomial sampling error sqrt((1 - net^2) / n) and days with few
   comments are not judged.
5. **Short histories and gaps.** A day with fewer than ``MIN_HISTORY`` observed days in its
   window is reported as ``insufficient_history`` rather than judged. Missing days (NaN;
   by default a day without any comment, which Citra cannot tell from a day missing from the
   exports) are ``gap`` and are left out of every baseline.

Why not seasonal-hybrid ESD or STL: both fit the whole series at once (a past day's verdict
changes as data arrives), need several full seasons, and assume roughly Gaussian residuals,
which daily counts of 0-30 negative comments are not. A trailing median/MAD is simple enough
to explain to a press officer ("3.4x the usual for a Tuesday") and measured well enough.

Sensitivity ("fewer" / "balanced" / "more") moves the z threshold and the minimum count,
ratio and drop together, as commercial monitoring tools do.

Emotion: a spike names the emotion that clearly leads the emotional comments of its day (on
its platforms), ``dominant_emotion``: at least ``DOMINANT_MIN`` comments carry one of the five
emotions, the leader holds at least ``DOMINANT_SHARE`` of them, and it is at least
``DOMINANT_LEAD`` (share points) ahead of the next. With five emotions a uniform day gives each
20 %, so 40 % is twice its part; the lead keeps a 41/39 split from being called "mostly" one of
them. Otherwise the spike says no emotion (``None``): a mix, too few, or not scored.

Platforms: a day is judged on the series of the selected platforms together and on each
platform's own series (``monitor.analysis.reports.find_spikes``). ``excess_by_platform`` says
which platforms drove a day: each platform's share of the day's excess over its own expected
value (for the net index, of the shortfall in positive-minus-negative comments).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

WINDOW = 56
LEVEL_WINDOW = 28
MIN_HISTORY = 21  # observed days in the trailing window before a day is judged
MIN_WEEKDAY_OBS = 2  # observations of a weekday before its factor is trusted
MAD_SCALE = 1.4826

COUNT_METRICS: tuple[str, ...] = ("negative", "complaints")
DROP_METRICS: tuple[str, ...] = ("net_index",)
METRICS: tuple[str, ...] = COUNT_METRICS + DROP_METRICS
SENSITIVITIES: tuple[str, ...] = ("fewer", "balanced", "more")

DOMINANT_MIN = 10  # emotional comments a day needs before one emotion can be said to lead
DOMINANT_SHARE = 0.40  # the leader's share of the day's emotional comments, at least
DOMINANT_LEAD = 0.10  # and its lead over the next emotion, in share points

STATUS_OK = "ok"
STATUS_SPIKE = "spike"
STATUS_GAP = "gap"
STATUS_SHORT = "insufficient_history"
STATUS_LOW = "low_count"


@dataclass(frozen=True)
class Thresholds:
    """What a day needs to be flagged, per sensitivity."""

    z: float  # robust z-score (observed - expected) / spread
    min_count: int  # count metrics: observed at least this many
    min_ratio: float  # count metrics: observed at least this multiple of expected
    min_drop: float  # net index: fall of at least this much (index units, -1..1)
    min_comments: int  # net index: comments that day needed to judge it
    z_drop: float  # net index: robust z of the fall (its floor is already the sampling error)


THRESHOLDS: dict[str, Thresholds] = {
    "fewer": Thresholds(
        z=5.0, min_count=10, min_ratio=2.5, min_drop=0.25, min_comments=30, z_drop=4.0
    ),
    "balanced": Thresholds(
        z=4.0, min_count=6, min_ratio=2.0, min_drop=0.15, min_comments=20, z_drop=3.0
    ),
    "more": Thresholds(
        z=3.0, min_count=4, min_ratio=1.5, min_drop=0.08, min_comments=10, z_drop=2.5
    ),
}


def thresholds(sensitivity: str) -> Thresholds:
    """The thresholds of a sensitivity name (ValueError for an unknown name)."""
    try:
        return THRESHOLDS[sensitivity]
    except KeyError:
        raise ValueError(
            f"unknown sensitivity {sensitivity!r}: expected one of {', '.join(SENSITIVITIES)}"
        ) from None


# --------------------------------------------------------------------------- core


def _row_medians(a: np.ndarray) -> np.ndarray:
    """Median of each row ignoring NaN (NaN for an all-NaN row); sorting beats np.nanmedian here."""
    s = np.sort(a, axis=1)  # NaN sort last
    k = (~np.isnan(a)).sum(axis=1)
    lo = np.clip((k - 1) // 2, 0, None)[:, None]
    hi = np.clip(k // 2, 0, a.shape[1] - 1)[:, None]
    med = 0.5 * (np.take_along_axis(s, lo, axis=1) + np.take_along_axis(s, hi, axis=1))[:, 0]
    return np.where(k > 0, med, np.nan)


def assess(
    series: pd.DataFrame,
    metric: str,
    sensitivity: str = "balanced",
    *,
    since: date | None = None,
) -> pd.DataFrame:
    """Judge every day (from ``since``) of ``series`` for one metric (see ``_judge``)."""
    cols = _judge(series, metric, sensitivity)
    frame = pd.DataFrame(cols, columns=_ASSESS_COLUMNS)
    if since is not None:
        frame = frame[[d >= since for d in cols["day"]]].reset_index(drop=True)
    return frame


def _as_dates(values) -> list[date]:
    out = list(values)
    if out and not (isinstance(out[0], date) and not isinstance(out[0], datetime)):
        out = pd.to_datetime(pd.Series(out)).dt.date.tolist()
    return out


def _judge(series: pd.DataFrame, metric: str, sensitivity: str) -> dict:
    """Judge every day (from ``since``) of ``series`` for one metric.

    ``series`` has a ``day`` column (consecutive days) and the metric column; NaN marks a gap.
    For ``net_index`` a ``comments`` column is used for the sampling floor.
    Returns day, observed, expected, spread, z, ratio, status (ok / spike / gap /
    insufficient_history / low_count), one row per judged day.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}: expected one of {', '.join(METRICS)}")
    th = thresholds(sensitivity)
    days = _as_dates(series["day"])
    values = pd.to_numeric(series[metric], errors="coerce").to_numpy(dtype=float)
    comments = (
        pd.to_numeric(series["comments"], errors="coerce").fillna(0).to_numpy(dtype=float)
        if "comments" in series
        else np.full(len(values), np.inf)
    )
    is_count = metric in COUNT_METRICS
    weekdays = np.array([d.weekday() for d in days], dtype=int)
    if not is_count:
        # A net index from a handful of comments is noise: keep it out of the baseline too.
        values = np.where(comments >= max(5, th.min_comments // 4), values, np.nan)
    n = len(values)
    if n == 0:
        return {c: [] for c in _ASSESS_COLUMNS}
    # Row t of the window matrices holds the WINDOW days before day t (NaN before the start):
    # every day is judged at once with NaN-aware medians instead of a Python loop.
    padded = np.concatenate([np.full(WINDOW, np.nan), values])
    win = np.lib.stride_tricks.sliding_window_view(padded, WINDOW)[:n]
    first_wd = (weekdays[0] - WINDOW) % 7 if n else 0
    pad_wd = (first_wd + np.arange(n + WINDOW)) % 7
    wds = np.lib.stride_tricks.sliding_window_view(pad_wd, WINDOW)[:n]
    ok = ~np.isnan(win)
    n_obs = ok.sum(axis=1)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        overall = _row_medians(win)
        factors = np.ones((n, 7)) if is_count else np.zeros((n, 7))
        for wd in range(7):
            sel = ok & (wds == wd)
            m = _row_medians(np.where(wds == wd, win, np.nan))
            enough = sel.sum(axis=1) >= MIN_WEEKDAY_OBS
            if is_count:
                f = np.clip((m + 1.0) / (overall + 1.0), 0.25, 4.0)
                factors[:, wd] = np.where(enough, f, 1.0)
            else:
                factors[:, wd] = np.where(enough, m - overall, 0.0)
        f_win = np.take_along_axis(factors, wds, axis=1)
        adjusted = win / f_win if is_count else win - f_win
        recent = adjusted[:, -LEVEL_WINDOW:]
        rec_n = (~np.isnan(recent)).sum(axis=1)
        level = np.where(rec_n >= 7, _row_medians(recent), _row_medians(adjusted))
        centre = _row_medians(adjusted)
        mad = _row_medians(np.abs(adjusted - centre[:, None])) * MAD_SCALE
        f_today = factors[np.arange(n), weekdays]
        x = values
        if is_count:
            expected = np.maximum(level * f_today, 0.0)
            spread = np.maximum.reduce(
                [mad * f_today, np.sqrt(np.maximum(expected, 1.0)), np.ones(n)]
            )
            z = (x - expected) / spread
            ratio = np.where(expected > 0, x / np.where(expected > 0, expected, 1.0), np.inf)
            flagged = z >= th.z
            weak = (x < th.min_count) | (x < th.min_ratio * expected)
            status = np.where(
                flagged & weak, STATUS_LOW, np.where(flagged, STATUS_SPIKE, STATUS_OK)
            )
        else:
            expected = np.clip(level + f_today, -1.0, 1.0)
            floor = np.sqrt(np.maximum(1.0 - expected**2, 0.05) / np.maximum(comments, 1.0))
            spread = np.maximum.reduce([mad, floor, np.full(n, 0.02)])
            z = (expected - x) / spread  # a drop is positive
            ratio = x - expected
            flagged = (z >= th.z_drop) & ((expected - x) >= th.min_drop)
            enough_comments = comments >= th.min_comments
            status = np.where(
                flagged & enough_comments, STATUS_SPIKE, np.where(flagged, STATUS_LOW, STATUS_OK)
            )
    short = n_obs < MIN_HISTORY
    gap = np.isnan(x)
    status = np.where(short, STATUS_SHORT, status)
    status = np.where(gap, STATUS_GAP, status).astype(object)
    undefined = short | gap
    return {
        "day": days,
        "observed": x,
        "expected_any": expected,  # also where the history is too short to judge the day
        "expected": np.where(undefined, np.nan, expected),
        "spread": np.where(undefined, np.nan, spread),
        "z": np.where(undefined, np.nan, z),
        "ratio": np.where(undefined, np.nan, ratio),
        "status": status,
    }


_ASSESS_COLUMNS = ["day", "observed", "expected", "spread", "z", "ratio", "status"]


def detect_spikes(
    series: pd.DataFrame,
    metric: str,
    sensitivity: str = "balanced",
    *,
    since: date | None = None,
) -> pd.DataFrame:
    """The flagged days of ``assess``: day, metric, observed, expected, severity, ratio."""
    cols = _judge(series, metric, sensitivity)
    keep = [
        i
        for i, (d, st) in enumerate(zip(cols["day"], cols["status"], strict=True))
        if st == STATUS_SPIKE and (since is None or d >= since)
    ]
    return pd.DataFrame(
        {
            "day": [cols["day"][i] for i in keep],
            "metric": [metric] * len(keep),
            "observed": cols["observed"][keep] if keep else [],
            "expected": cols["expected"][keep] if keep else [],
            "severity": np.round(cols["z"][keep], 2) if keep else [],
            "ratio": cols["ratio"][keep] if keep else [],
        },
        columns=["day", "metric", "observed", "expected", "severity", "ratio"],
    )


def history_status(series: pd.DataFrame, metric: str = "negative") -> str:
    """'ok' when the latest day can be judged, else 'insufficient_history' (or 'empty')."""
    if series.empty:
        return "empty"
    observed = pd.to_numeric(series[metric], errors="coerce").notna().to_numpy()
    trailing = observed[-(WINDOW + 1) : -1]
    return STATUS_OK if trailing.sum() >= MIN_HISTORY else STATUS_SHORT


def with_gaps(series: pd.DataFrame) -> pd.DataFrame:
    """Mark days without any comment as gaps (NaN) in the detection metrics.

    Citra cannot tell a day nobody commented from a day missing from the exports; for an
    account with daily activity the second is far more likely, and a false zero would drag the
    baseline down and make the next normal day look like a spike.
    """
    out = series.copy()
    empty = pd.to_numeric(out["comments"], errors="coerce").fillna(0) <= 0
    for m in METRICS:
        if m in out:
            out[m] = pd.to_numeric(out[m], errors="coerce").astype(float).where(~empty)
    return out


# --------------------------------------------------------------------------- terms


def rising_terms(
    day_terms: Iterable[str], baseline_terms: Iterable[str], n: int = 10, min_count: int = 2
) -> list[dict]:
    """Stems that rose most on a day against the baseline period (document frequencies).

    Score = day count x log(lift), with lift = day rate / smoothed baseline rate, so a term
    must be both frequent that day and unusual compared to the weeks before.
    """
    day_docs = [set(t.split()) for t in day_terms if t]
    base_docs = [set(t.split()) for t in baseline_terms if t]
    if not day_docs:
        return []
    day_df = Counter(term for doc in day_docs for term in doc)
    base_df = Counter(term for doc in base_docs for term in doc)
    n_day, n_base = len(day_docs), len(base_docs)
    out = []
    for term, count in day_df.items():
        if count < min_count:
            continue
        rate = count / n_day
        base_rate = (base_df.get(term, 0) + 0.5) / (n_base + 1.0)
        lift = rate / base_rate
        if lift <= 1.5:
            continue
        out.append(
            {
                "term": term.replace("_", " "),  # phrase tokens (terima_kasih) read as words
                "count": count,
                "rate": round(rate, 4),
                "baseline_rate": round(base_df.get(term, 0) / n_base, 4) if n_base else 0.0,
                "lift": round(lift, 2),
                "score": count * math.log(lift),
            }
        )
    out.sort(key=lambda r: (-r["score"], r["term"]))
    for r in out:
        r["score"] = round(r["score"], 3)
    return out[:n]


# --------------------------------------------------------------------------- spikes


@dataclass
class Spike:
    """A flagged day with what drove it.

    ``platform``: the platform whose own series flagged the day, or None for the series of the
    selected platforms together; ``platforms``: each platform's part in the day (see
    ``excess_by_platform``); ``emotions``: the day's comments per emotion code (on the spike's
    platforms) and ``emotion`` the one that leads them clearly (``dominant_emotion``), or
    None; ``anatomy`` (``monitor.analysis.anatomy.anatomy``, filled with the drivers): the
    day's copy-paste campaigns, heavy commenters and themes, and ``coordination_share`` the
    share of the day's comments in those campaigns (None without drivers)."""

    day: date
    metric: str
    observed: float
    expected: float
    severity: float
    ratio: float
    posts: list[dict] = field(default_factory=list)
    top_comments: list[dict] = field(default_factory=list)
    top_terms: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    platform: str | None = None
    platforms: list[dict] = field(default_factory=list)
    emotion: str | None = None
    emotions: dict[str, int] = field(default_factory=dict)
    coordination_share: float | None = None
    anatomy: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        for key in ("observed", "expected", "severity", "ratio"):
            v = d[key]
            d[key] = None if v is None or not math.isfinite(v) else round(float(v), 4)
        return d


def dominant_emotion(counts: Mapping[str, int]) -> str | None:
    """The emotion that clearly leads ``counts`` (emotion code -> comments; "none" and ""
    are not emotions and are ignored), or None (see the module docstring for the rule)."""
    emotional = sorted(
        ((int(n), code) for code, n in counts.items() if code not in ("", "none") and n > 0),
        reverse=True,
    )
    total = sum(n for n, _ in emotional)
    if total < DOMINANT_MIN:
        return None
    first = emotional[0][0] / total
    second = emotional[1][0] / total if len(emotional) > 1 else 0.0
    # rounded: 0.4 - 0.3 is not 0.1 in floating point, and the thresholds are inclusive
    if round(first, 9) >= DOMINANT_SHARE and round(first - second, 9) >= DOMINANT_LEAD:
        return emotional[0][1]
    return None


def detect(
    series: pd.DataFrame,
    sensitivity: str = "balanced",
    *,
    metrics: Sequence[str] = METRICS,
    since: date | None = None,
) -> list[Spike]:
    """Every flagged day of ``series`` for each metric, newest (then most severe) first.

    ``series`` is a daily series with gaps marked (``with_gaps``) and, for a stable verdict,
    ``WINDOW`` days of history before ``since``. Drivers and events are left empty.
    """
    found: list[Spike] = []
    for metric in metrics:
        hits = detect_spikes(series, metric, sensitivity, since=since)
        for rec in hits.itertuples(index=False):
            found.append(
                Spike(
                    day=rec.day,
                    metric=metric,
                    observed=float(rec.observed),
                    expected=float(rec.expected),
                    severity=float(rec.severity),
                    ratio=float(rec.ratio),
                )
            )
    found.sort(key=lambda s: (s.day, s.severity), reverse=True)
    return found


def excess_by_platform(
    series: Mapping[str, pd.DataFrame],
    metric: str,
    sensitivity: str = "balanced",
    days: Iterable[date] | None = None,
) -> dict[date, list[dict]]:
    """Which platforms drove each of ``days`` (default: every day) for ``metric`` (pure).

    ``series``: each platform's own daily series, gaps marked as for ``detect``. Per day, one
    entry per platform with comments that day: its observed and expected value (judged on its
    own series), its excess and its share of the platforms' total excess; largest first.

    Count metrics: excess = observed - expected, at least 0; a platform without any history
    expects nothing, so all of its count is excess. Net index: the shortfall in positive minus
    negative comments, (expected - observed) x comments, at least 0; without history a
    platform is expected at 0 (as many positive as negative comments).
    """
    wanted = None if days is None else set(days)
    out: dict[date, list[dict]] = {}
    for platform, frame in series.items():
        cols = _judge(frame, metric, sensitivity)
        comments = pd.to_numeric(frame["comments"], errors="coerce").fillna(0).to_numpy(float)
        for i, day in enumerate(cols["day"]):
            if wanted is not None and day not in wanted:
                continue
            observed = float(cols["observed"][i])
            if comments[i] <= 0 or math.isnan(observed):
                continue
            expected = float(cols["expected_any"][i])
            base = 0.0 if math.isnan(expected) else expected
            if metric in COUNT_METRICS:
                excess = max(observed - base, 0.0)
            else:
                excess = max(base - observed, 0.0) * float(comments[i])
            out.setdefault(day, []).append(
                {
                    "platform": platform,
                    "observed": round(observed, 4),
                    "expected": None if math.isnan(expected) else round(expected, 4),
                    "excess": round(excess, 4),
                }
            )
    for parts in out.values():
        total = sum(r["excess"] for r in parts)
        for r in parts:
            r["share"] = round(r["excess"] / total, 4) if total > 0 else None
        parts.sort(key=lambda r: (-r["excess"], r["platform"]))
    return out
