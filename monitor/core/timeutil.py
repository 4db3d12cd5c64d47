"""Time helpers: Citra stores UTC and reports calendar days in Asia/Jakarta (UTC+7, no DST)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd

JAKARTA = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")


def jakarta_day(ts_utc: pd.Series) -> pd.Series:
    """Calendar day (``datetime.date``) in Asia/Jakarta for naive-UTC or tz-aware timestamps."""
    ts = pd.to_datetime(ts_utc)
    if ts.dt.tz is None:
        ts = ts.dt.tz_localize("UTC")
    return ts.dt.tz_convert(JAKARTA).dt.date
