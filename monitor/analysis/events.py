"""The news timeline: shipped case events, analysts' own events, and what they explain.

Citra ships a dated, sourced timeline of the 2020 bansos corruption case
(``monitor/store/data/case_timeline.csv``) as the seed of the ``events`` table; analysts add, edit
and delete events and import news (``monitor.news``). Two analyses tie events to comments:

* **Attribution**: a spike is linked to the events from ``before`` days before it to ``after``
  days after it (Settings: 2 and 1 by default). News usually precedes the reaction by a day or
  two; a day after covers news dated in another zone or published late in the day.
* **Event study**: mean daily net sentiment and complaint volume over N days before vs N days
  from the event day, with a percentile bootstrap confidence interval for the difference, so
  "sentiment fell after the verdict" comes with its uncertainty.

Both are pure here (``link``, ``event_study``); ``monitor.analysis.reports`` runs them against
the stored series and spikes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.core.errors import EventError
from monitor.core.urls import http_url
from monitor.store import events_table as events_store
from monitor.store import timeline
from monitor.store.engine import Store
from monitor.store.timeline import (  # noqa: F401  (re-exported: the timeline's vocabulary)
    CASE_CATEGORIES,
    CATEGORIES,
    TIMELINE_PATH,
    load_timeline,
    parse_day,
)


def seed_timeline(store: Store, path: str | Path | None = None) -> int:
    """Insert shipped events not stored yet; returns how many were added. Safe to call at every start.

    A new store already carries the shipped timeline (``monitor.store.timeline``); this adds
    what a newer version ships and is the "restore shipped timeline" action's second half.
    """
    return timeline.seed(store, path)


# --------------------------------------------------------------------------- editing


def _validate(title_id: str, category: str, source_url: str = "") -> None:
    if not (title_id or "").strip():
        raise EventError("an event needs a title (Indonesian)")
    if category not in CATEGORIES:
        raise EventError(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    if (source_url or "").strip() and not http_url(source_url):
        raise EventError(
            f"source URL {source_url.strip()[:80]!r} must be an http:// or https:// address"
        )


def add_event(
    store: Store,
    day: date | str,
    title_id: str,
    title_en: str = "",
    category: str = "other",
    source_url: str = "",
) -> int:
    """Add an analyst's event; returns its id."""
    _validate(title_id, category, source_url)
    return events_store.insert_event(
        store,
        {
            "day": parse_day(day, "event"),
            "title_id": title_id.strip(),
            "title_en": (title_en or "").strip(),
            "category": category,
            "source_url": (source_url or "").strip(),
            "origin": "manual",
        },
    )


def edit_event(store: Store, event_id: int, **changes) -> None:
    """Change an event's day, titles, category or source URL."""
    current = events_store.get_event(store, event_id)
    if current is None:
        raise EventError(f"event {event_id} does not exist")
    if "day" in changes:
        changes["day"] = parse_day(changes["day"], f"event {event_id}")
    _validate(
        changes.get("title_id", current["title_id"]),
        changes.get("category", current["category"]),
        changes.get("source_url", ""),
    )
    events_store.update_event(store, event_id, changes)


def delete_event(store: Store, event_id: int) -> None:
    """Delete an event (a deleted shipped event stays deleted when the timeline is re-seeded)."""
    if not events_store.delete_event(store, event_id):
        raise EventError(f"event {event_id} does not exist")


def list_events(
    store: Store, start: date | None = None, end: date | None = None, categories=None
) -> pd.DataFrame:
    """Stored events, by day."""
    return events_store.list_events(store, start, end, categories)


# --------------------------------------------------------------------------- attribution


def window(day: date, before: int = 2, after: int = 1) -> tuple[date, date]:
    """The days whose news may explain a spike on ``day``: [day - before, day + after]."""
    if before < 0 or after < 0:
        raise ValueError("event window sizes cannot be negative")
    return day - timedelta(days=before), day + timedelta(days=after)


def link(
    spike_days: pd.Series | list[date], events: pd.DataFrame, before: int = 2, after: int = 1
) -> list[list[dict]]:
    """For each spike day, the events inside its window, nearest first (pure)."""
    out = []
    ev = events.copy()
    if len(ev):
        ev["day"] = pd.to_datetime(ev["day"]).dt.date
    for day in spike_days:
        lo, hi = window(day, before, after)
        hits = ev[(ev["day"] >= lo) & (ev["day"] <= hi)] if len(ev) else ev
        items = [
            {
                "id": int(r.id),
                "day": r.day.isoformat(),
                "title_id": r.title_id,
                "title_en": r.title_en,
                "category": r.category,
                "source_url": r.source_url,
                "offset_days": (r.day - day).days,
            }
            for r in hits.itertuples(index=False)
        ]
        items.sort(key=lambda e: (abs(e["offset_days"]), e["offset_days"] > 0, e["id"]))
        out.append(items)
    return out


def events_near(store: Store, day: date, before: int = 2, after: int = 1) -> list[dict]:
    """Stored events in the window around ``day``."""
    lo, hi = window(day, before, after)
    return link([day], events_store.list_events(store, lo, hi), before, after)[0]


# --------------------------------------------------------------------------- event study


@dataclass(frozen=True)
class StudyResult:
    metric: str
    before_mean: float | None
    after_mean: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    n_before: int
    n_after: int

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero."""
        return (
            self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["significant"] = self.significant
        return d


def event_study(
    series: pd.DataFrame,
    event_day: date,
    metric: str,
    days: int = 7,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> StudyResult:
    """Mean of ``metric`` over ``days`` days before the event vs ``days`` days from the event day.

    Days without a value (no comments) are left out. The interval for after - before is a
    percentile bootstrap resampling days within each side (seeded, so reports are repeatable).
    """
    frame = series.copy()
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    vals = pd.to_numeric(frame[metric], errors="coerce")
    before_mask = (frame["day"] >= event_day - timedelta(days=days)) & (frame["day"] < event_day)
    after_mask = (frame["day"] >= event_day) & (frame["day"] < event_day + timedelta(days=days))
    before = vals[before_mask].dropna().to_numpy(dtype=float)
    after = vals[after_mask].dropna().to_numpy(dtype=float)
    if len(before) == 0 or len(after) == 0:
        return StudyResult(
            metric,
            float(before.mean()) if len(before) else None,
            float(after.mean()) if len(after) else None,
            None,
            None,
            None,
            len(before),
            len(after),
        )
    diff = float(after.mean() - before.mean())
    rng = np.random.default_rng(seed)
    boot_b = rng.choice(before, size=(n_boot, len(before)), replace=True).mean(axis=1)
    boot_a = rng.choice(after, size=(n_boot, len(after)), replace=True).mean(axis=1)
    deltas = boot_a - boot_b
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(deltas, [alpha, 1.0 - alpha])
    return StudyResult(
        metric,
        float(before.mean()),
        float(after.mean()),
        diff,
        float(lo),
        float(hi),
        len(before),
        len(after),
    )
