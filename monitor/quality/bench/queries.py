"""Phase 4, what the morning view reads on the store of phase 3.

The 365-day daily series, spike detection on it, the top complaints, the spikes of the last week
with their drivers, and the whole morning summary: the median of ``QUERY_REPEATS`` calls each,
and the first.
"""

from __future__ import annotations

import time
from typing import Any

from monitor.core.errors import CitraError

QUERY_REPEATS = 5


def phase_queries(db: str) -> dict[str, Any]:
    from datetime import timedelta

    from monitor.analysis import metrics, reports, spikes
    from monitor.store import open_store

    store = open_store(db)
    span = metrics.data_range(store)
    if span is None:
        raise CitraError("the benchmark store is empty")
    end = span[1]
    start = end - timedelta(days=364)

    def series():
        return metrics.daily_series(store, start, end)

    cached = series()

    def detect():
        return [spikes.detect_spikes(cached, m) for m in spikes.METRICS]

    steps = {
        "daily_series_365d": series,
        "detect_spikes": detect,
        "top_complaints": lambda: metrics.top_complaints(store, end - timedelta(days=6), end),
        "find_spikes_7d_with_drivers": lambda: reports.find_spikes(
            store, end - timedelta(days=6), end
        ),
        "morning_summary": lambda: reports.morning_summary(store, today=end + timedelta(days=1)),
    }
    out: dict[str, Any] = {}
    for name, fn in steps.items():
        times = []
        for _ in range(QUERY_REPEATS):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        out[name] = {
            "first_ms": times[0] * 1000,
            "median_ms": sorted(times)[len(times) // 2] * 1000,
        }
    core = ("daily_series_365d", "detect_spikes", "top_complaints")
    out["core_total_ms"] = sum(out[k]["median_ms"] for k in core)
    out["core_total_first_ms"] = sum(out[k]["first_ms"] for k in core)
    store.dispose()
    return out
