"""Measuring the spike detector on generated series: ``python -m monitor.quality.spike_eval``.

Series have a weekly rhythm, a linear trend, over-dispersed (negative binomial) noise, and
spikes injected at known days with a known size relative to that weekday's baseline. Recall is
the share of injected spikes flagged on their day; precision the share of flags that are
injected spikes; false flags per 60 days are counted on the same series with no spikes.
The figures in docs/spikes.md come from this script with its defaults.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from monitor.analysis.spikes import SENSITIVITIES, detect_spikes

WEEKLY = np.array([1.25, 1.15, 1.05, 1.0, 0.95, 0.75, 0.85])  # Mon..Sun
START = date(2021, 1, 4)  # a Monday


@dataclass(frozen=True)
class Generated:
    series: pd.DataFrame  # day, negative (and comments, net_index)
    spike_days: tuple[date, ...]
    spike_sizes: tuple[float, ...]


def baseline(days: int, level: float, trend: float) -> np.ndarray:
    """Expected count per day: level x weekday factor x linear trend (``trend`` = total change)."""
    t = np.arange(days)
    wd = np.array([(START + timedelta(days=int(i))).weekday() for i in t])
    return level * WEEKLY[wd] * (1.0 + trend * t / max(days - 1, 1))


def _spike_days(rng: np.random.Generator, days: int, spikes: int, burn_in: int) -> list[int]:
    """Up to ``spikes`` random days after the first ``burn_in``, more than a week apart, sorted."""
    spike_days: list[int] = []
    candidates = np.arange(burn_in, days)
    while len(spike_days) < spikes and len(candidates):
        d = int(rng.choice(candidates))
        spike_days.append(d)
        candidates = candidates[np.abs(candidates - d) > 7]
    spike_days.sort()
    return spike_days


def _calendar(days: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(days)]


def generate(
    rng: np.random.Generator,
    *,
    days: int = 365,
    level: float = 20.0,
    trend: float = 0.3,
    dispersion: float = 15.0,
    spikes: int = 6,
    sizes: tuple[float, ...] = (3.0, 4.0, 5.0),
    burn_in: int = 60,
) -> Generated:
    """One series of negative-comment counts with ``spikes`` injected single-day spikes.

    A spike of size k on day d means the day's mean is k x that day's baseline mean.
    Noise is negative binomial with the given dispersion (variance = mu + mu^2 / dispersion).
    """
    mu = baseline(days, level, trend)
    spike_days = _spike_days(rng, days, spikes, burn_in)
    chosen = [float(rng.choice(sizes)) for _ in spike_days]
    mean = mu.copy()
    for d, k in zip(spike_days, chosen, strict=True):
        mean[d] = mu[d] * k
    p = dispersion / (dispersion + mean)
    counts = rng.negative_binomial(dispersion, p)
    day_list = _calendar(days)
    frame = pd.DataFrame({"day": day_list, "negative": counts.astype(float)})
    frame["comments"] = (frame["negative"] * 4).astype(int)
    return Generated(frame, tuple(day_list[d] for d in spike_days), tuple(chosen))


def evaluate(
    sensitivity: str = "balanced",
    *,
    runs: int = 60,
    levels: tuple[float, ...] = (8.0, 20.0, 60.0),
    sizes: tuple[float, ...] = (3.0, 4.0, 5.0),
    days: int = 365,
    seed: int = 11,
    gap_share: float = 0.0,
) -> dict:
    """Recall, precision and false flags per 60 plain days, overall and per baseline level."""
    rng = np.random.default_rng(seed)

    def trial(level: float) -> tuple[set, set, int]:
        gen = generate(rng, days=days, level=level, sizes=sizes)
        series = gen.series
        if gap_share:
            holes = rng.random(len(series)) < gap_share
            holes[[list(series["day"]).index(d) for d in gen.spike_days]] = False
            series = series.assign(negative=series["negative"].where(~holes))
        hits = set(detect_spikes(series, "negative", sensitivity)["day"])
        plain = generate(rng, days=days, level=level, spikes=0).series
        return set(gen.spike_days), hits, len(detect_spikes(plain, "negative", sensitivity))

    return _over_levels(sensitivity, levels, runs, days, trial)


def generate_net(
    rng: np.random.Generator,
    *,
    days: int = 365,
    comments: float = 100.0,
    spikes: int = 6,
    negative_jump: float = 0.3,
    burn_in: int = 60,
) -> Generated:
    """A series of daily comment counts split into positive/neutral/negative.

    Baseline shares: 40 % positive, 35 % neutral, 25 % negative (net index about +0.15), with
    the share of negatives wandering slowly (a random walk of 1 point a week). On a spike day
    ``negative_jump`` of the comments move from positive to negative (0.3: net falls by 0.6).
    """
    counts = rng.negative_binomial(15, 15 / (15 + baseline(days, comments, 0.3)))
    drift = np.cumsum(rng.normal(0.0, 0.01 / np.sqrt(7), days))
    p_neg = np.clip(0.25 + drift, 0.05, 0.6)
    p_pos = np.clip(0.65 - p_neg, 0.05, 0.9)
    spike_days = _spike_days(rng, days, spikes, burn_in)
    for d in spike_days:
        p_neg[d] = min(0.95, p_neg[d] + negative_jump)
        p_pos[d] = max(0.0, p_pos[d] - negative_jump)
    neg = rng.binomial(counts, p_neg)
    pos = rng.binomial(counts - neg, np.clip(p_pos / np.maximum(1 - p_neg, 1e-9), 0, 1))
    day_list = _calendar(days)
    with np.errstate(all="ignore"):
        net = np.where(counts > 0, (pos - neg) / np.maximum(counts, 1), np.nan)
    frame = pd.DataFrame({"day": day_list, "comments": counts, "net_index": net})
    return Generated(
        frame, tuple(day_list[d] for d in spike_days), (negative_jump,) * len(spike_days)
    )


def evaluate_net(
    sensitivity: str = "balanced",
    *,
    runs: int = 30,
    levels: tuple[float, ...] = (40.0, 100.0, 300.0),
    negative_jump: float = 0.3,
    days: int = 365,
    seed: int = 11,
) -> dict:
    """Recall/precision of net-sentiment drops and false flags per 60 plain days."""
    rng = np.random.default_rng(seed)

    def trial(level: float) -> tuple[set, set, int]:
        gen = generate_net(rng, days=days, comments=level, negative_jump=negative_jump)
        hits = set(detect_spikes(gen.series, "net_index", sensitivity)["day"])
        plain = generate_net(rng, days=days, comments=level, spikes=0).series
        return set(gen.spike_days), hits, len(detect_spikes(plain, "net_index", sensitivity))

    return _over_levels(sensitivity, levels, runs, days, trial)


def _over_levels(sensitivity: str, levels, runs: int, days: int, trial) -> dict:
    """Tally ``trial(level)`` (injected days, flagged days, false flags on a plain series of
    the same level) over ``runs`` series per level, per level and overall."""
    per_level = {}
    totals = {"injected": 0, "found": 0, "flags": 0, "true_flags": 0, "plain_days": 0, "fp": 0}
    for level in levels:
        acc = dict.fromkeys(totals, 0)
        for _ in range(runs):
            injected, hits, false_flags = trial(level)
            acc["injected"] += len(injected)
            acc["found"] += len(injected & hits)
            acc["flags"] += len(hits)
            acc["true_flags"] += len(injected & hits)
            acc["plain_days"] += days - 21  # the first weeks are 'insufficient history'
            acc["fp"] += false_flags
        per_level[str(level)] = _rates(acc)
        for k in totals:
            totals[k] += acc[k]
    return {"sensitivity": sensitivity, "overall": _rates(totals), "per_level": per_level}


def _rates(acc: dict) -> dict:
    return {
        "injected": acc["injected"],
        "recall": round(acc["found"] / acc["injected"], 3) if acc["injected"] else None,
        "precision": round(acc["true_flags"] / acc["flags"], 3) if acc["flags"] else None,
        "false_flags_per_60_days": round(60 * acc["fp"] / acc["plain_days"], 3)
        if acc["plain_days"]
        else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor.quality.spike_eval",
        description="Precision/recall of the spike detector on generated series.",
    )
    parser.add_argument("--runs", type=int, default=60, help="series per baseline level")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sizes", default="3,4,5", help="spike sizes (x weekday baseline)")
    parser.add_argument("--gaps", type=float, default=0.0, help="share of days missing")
    parser.add_argument(
        "--net",
        type=float,
        default=None,
        metavar="JUMP",
        help="evaluate net-sentiment drops instead: JUMP = share of comments turning negative",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    sizes = tuple(float(s) for s in args.sizes.split(","))
    if args.net is not None:
        results = [
            evaluate_net(s, runs=args.runs, seed=args.seed, negative_jump=args.net)
            for s in SENSITIVITIES
        ]
        label = f"net-sentiment drops, {args.net:.0%} of comments turning negative"
    else:
        results = None
        label = f"spike sizes {args.sizes} x weekday baseline, gaps {args.gaps:.0%}"
    results = results or [
        evaluate(s, runs=args.runs, seed=args.seed, sizes=sizes, gap_share=args.gaps)
        for s in SENSITIVITIES
    ]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{label}, {args.runs} runs")
    print(f"{'sensitivity':<12}{'level':>8}{'recall':>9}{'precision':>11}{'FP/60d':>9}")
    for res in results:
        rows = [*res["per_level"].items(), ("all", res["overall"])]
        for level, r in rows:
            print(
                f"{res['sensitivity']:<12}{level:>8}{r['recall']!s:>9}{r['precision']!s:>11}"
                f"{r['false_flags_per_60_days']!s:>9}"
            )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
