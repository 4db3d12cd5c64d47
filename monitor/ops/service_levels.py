"""Response service levels: how soon the account answers complaints, and which ones are overdue.

The measure is the time from a complaint to the account's first reply to it, as the exports
show it (``comments.first_reply_at``, set on import): per unit and per platform over the days a
complaint was made, the median of those times and the share answered within the target
(Settings ``reply_target_hours``, default 24).

The share counts the complaints whose outcome is known: those the account replied to (within
the target or not) and those still open that have waited longer than the target. A complaint
still open and younger than the target is not yet late or on time, and a complaint answered
or closed without a reply in the data (handled by telephone or message, say) has no reply time:
both are left out of the share and counted apart (``pending``, ``no_reply``).

Overdue: an open complaint (new or forwarded) that has waited longer than the target
(``ops.complaints.queue(overdue=True)``), replied to or not: a complaint re-opened after the
account's reply waits for the team again. An open complaint counts in the share as overdue or
pending, never as on time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from monitor.core.errors import CitraError
from monitor.ops import complaints
from monitor.ops import settings as settings_mod
from monitor.ops.settings import Settings
from monitor.store import complaint_status as status_store
from monitor.store.engine import Store

GROUPS = ("unit", "platform")
LEVEL_COLUMNS = (
    "complaints",  # made in the period
    "replied",  # with the account's reply in the data
    "median_reply_hours",  # of the replied ones (NaN: none)
    "within_target",  # replied within the target
    "due",  # replied, or open and waiting longer than the target
    "within_target_share",  # within_target / due (NaN: nothing due)
    "overdue",  # open and waiting longer than the target
    "pending",  # open, younger than the target
    "no_reply",  # answered or closed without a reply in the data
)


def reply_hours(frame: pd.DataFrame) -> pd.Series:
    """Hours from each complaint to the account's first reply (NaN: no reply in the data)."""
    created = pd.to_datetime(frame["created_at_utc"]).astype("datetime64[ns]")
    replied = pd.to_datetime(frame["first_reply_at"]).astype("datetime64[ns]")
    return ((replied - created).dt.total_seconds() / 3600).clip(lower=0)


def response_frame(
    store: Store,
    *,
    start: date | None = None,
    end: date | None = None,
    platforms: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Every complaint of the period (any status) with ``reply_hours`` and its outcome
    against the target: ``outcome`` is ``on_time``, ``late``, ``overdue``, ``pending`` or
    ``no_reply``."""
    settings = settings or settings_mod.load(store)
    target = float(settings.reply_target_hours)
    frame = complaints.queue(
        store, statuses=None, platforms=platforms, start=start, end=end, now=now, settings=settings
    )
    hours = reply_hours(frame) if len(frame) else pd.Series([], dtype=float)
    is_open = frame["status"].isin(complaints.OPEN)
    waited = pd.to_numeric(frame["waiting_hours"], errors="coerce")
    outcome = pd.Series("no_reply", index=frame.index, dtype=object)
    outcome[is_open] = "pending"
    outcome[is_open & (waited > target)] = "overdue"
    outcome[~is_open & hours.notna() & (hours <= target)] = "on_time"
    outcome[~is_open & hours.notna() & (hours > target)] = "late"
    frame = frame.assign(reply_hours=hours.round(1), outcome=outcome)
    return frame


def service_levels(
    store: Store,
    by: str,
    *,
    start: date | None = None,
    end: date | None = None,
    platforms: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Per unit (``by="unit"``; "" for complaints outside the remit) or per platform: the
    figures of ``LEVEL_COLUMNS``, the most complaints first."""
    if by not in GROUPS:
        raise CitraError(f"service levels by {by!r}: expected one of {', '.join(GROUPS)}")
    frame = response_frame(
        store, start=start, end=end, platforms=platforms, now=now, settings=settings
    )
    rows = []
    for name, part in frame.groupby(by, sort=False):
        counts = part["outcome"].value_counts()
        within = int(counts.get("on_time", 0))
        due = within + int(counts.get("late", 0)) + int(counts.get("overdue", 0))
        replied = part["reply_hours"].dropna()
        rows.append(
            {
                by: name,
                "complaints": len(part),
                "replied": len(replied),
                "median_reply_hours": float(replied.median()) if len(replied) else float("nan"),
                "within_target": within,
                "due": due,
                "within_target_share": within / due if due else float("nan"),
                "overdue": int(counts.get("overdue", 0)),
                "pending": int(counts.get("pending", 0)),
                "no_reply": int(counts.get("no_reply", 0)),
            }
        )
    out = pd.DataFrame(rows, columns=[by, *LEVEL_COLUMNS])
    return out.sort_values(["complaints", by], ascending=[False, True]).reset_index(drop=True)


def overdue(
    store: Store,
    *,
    platforms: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """The open complaints waiting longer than the target, oldest first (queue rows)."""
    return complaints.queue(
        store, platforms=platforms, units=units, now=now, settings=settings, overdue=True
    )


def overdue_count(
    store: Store,
    *,
    platforms: Sequence[str] | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> int:
    """How many open complaints wait longer than the target (the morning view's flag): those
    ``overdue`` lists, counted by the store. A waiting time is shown to a tenth of an hour, so
    "longer than the target" starts 0.05 h after it, as the list's rounded hours say."""
    settings = settings or settings_mod.load(store)
    hours = float(settings.reply_target_hours) + 0.05
    moment = now or datetime.now(UTC).replace(tzinfo=None)
    return status_store.count_open_since(
        store, moment - timedelta(hours=hours), platforms=platforms
    )
