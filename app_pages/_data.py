"""Data access for the pages: the store and cached reads of ``monitor``.

A cached read is keyed on the store URL, the data version (it changes with every import,
correction or event edit) and its arguments, so a page never draws figures older than the data
and repeated runs of a page (every widget change) cost nothing. Reads take the platforms the
view shows (``platforms=``, a tuple of codes; empty: every platform).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from monitor.analysis import events, metrics, reports
from monitor.store import Store, open_store, queries, resolve_url


@st.cache_resource(max_entries=4)
def _open(url: str) -> Store:
    return open_store(url)


def store_url() -> str:
    return resolve_url()


def get_store() -> Store:
    """The store named by CITRA_DATABASE_URL (or the embedded default), opened once per process."""
    return _open(store_url())


def data_version() -> str:
    """Cache key part: changes whenever imports, corrections or events change the data."""
    return queries.data_version(get_store())


def cached(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Cache ``fn(store, *args)`` on (store URL, data version, args), a bounded number of entries."""

    @st.cache_data(max_entries=48, show_spinner=False)
    def _run(url: str, version: str, name: str, *args: Any, **kwargs: Any) -> Any:
        return fn(_open(url), *args, **kwargs)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _run(store_url(), data_version(), fn.__qualname__, *args, **kwargs)

    wrapper.__name__ = fn.__name__
    return wrapper


bounds = cached(queries.data_bounds)
posts = cached(queries.list_posts)
categories = cached(queries.list_categories)
comment_total = cached(queries.comment_count)
demo_loaded = cached(queries.demo_loaded)
series = cached(metrics.daily_series)  # (start, end, posts, platforms=...)
series_by_platform = cached(metrics.daily_series_by_platform)  # the same, one block per platform
emotions = cached(metrics.daily_emotions)  # (start, end, posts, platforms=...): per emotion
series_platforms = cached(metrics.series_platforms)  # (platforms): those a per-platform view shows
spikes = cached(reports.find_spikes)  # (start, end, drivers=..., link_events=..., platforms=...)
morning = cached(reports.morning_summary)  # (today, platforms=...)
event_studies = cached(reports.event_study_around)  # (day, days, posts, platforms=...)
event_list = cached(events.list_events)  # every event, or (start, end)
coordination = cached(reports.coordination_by_day)  # (days, platforms=...): copy-paste per day
week_themes = cached(reports.period_themes)  # (end, days=..., platforms=...): the week's issues
accounts = cached(queries.search_accounts)  # (flt, limit=..., offset=...): comments by account


def waiting(as_of: date, since: date, platforms: tuple[str, ...] = ()) -> pd.DataFrame:
    """Complaints of ``since``..``as_of`` still waiting, with the hours waited until the end of
    ``as_of`` (read on every run: the hours run on while the page is open)."""
    return metrics.oldest_unanswered_complaints(
        get_store(), limit=300, by_category=False, since=since, as_of=as_of, platforms=platforms
    )


def last_active_day(hi: date, platforms: tuple[str, ...] = ()) -> date:
    """The last day of the two weeks up to ``hi`` on which the public commented on those
    platforms (else ``hi``)."""
    recent = series(hi - timedelta(days=14), hi, platforms=platforms)
    return metrics.last_active_day(recent) or hi
