"""Applying the retention setting: comments older than N months are deleted, daily figures kept."""

from __future__ import annotations

from datetime import date, datetime

from monitor.core.timeutil import JAKARTA
from monitor.ops import settings as settings_mod
from monitor.store import purge as retention_store
from monitor.store.engine import Store


def cutoff(months: int, today: date | None = None) -> date | None:
    """First Jakarta day that is kept, or None when retention is off (``months`` <= 0)."""
    if months <= 0:
        return None
    today = today or datetime.now(JAKARTA).date()
    return retention_store.months_before(today, months)


def apply_retention(store: Store, *, months: int | None = None, today: date | None = None) -> int:
    """Delete comments older than the retention period (the stored setting unless ``months``).

    Returns how many comments were deleted; 0 when retention is off.
    """
    if months is None:
        months = settings_mod.load(store).retention_months
    first_kept = cutoff(months, today)
    if first_kept is None:
        return 0
    return retention_store.delete_before(store, first_kept)
