"""Daily metrics on small hand-computed cases, and the aggregate refresh behind them."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from monitor.analysis import metrics, reports
from monitor.store.aggregate_tables import daily_post, daily_total
from monitor.store.aggregates import refresh_days
from monitor.store.schema import comments
from tests.analytics_helpers import add_comments, row, synthetic_rows

D1 = date(2021, 8, 23)  # a Monday
D2 = date(2021, 8, 24)
D3 = date(2021, 8, 25)  # no comments


@pytest.fixture
def small(store):
    """Day 1: 4 user comments (2 neg, 1 pos, 1 neu; 2 complaints, one answered after 30 min)
    by 3 distinct authors, plus one owner reply. Day 2: 2 user comments on P2. Day 3: none."""
    add_comments(
        store,
        [
            row(
                D1,
                author="ani",
                label="negative",
                score=-0.6,
                complaint=True,
                category="pencairan",
                reply_minutes=30,
                likes=10,
            ),
            row(
                D1,
                author="ani",
                label="negative",
                score=-0.4,
                complaint=True,
                category="data",
                likes=3,
            ),
            row(D1, author="budi", label="positive", score=0.8, likes=1),
            row(D1, author="cici", label="neutral", score=0.0, post_id="P2"),
            row(D1, author="kemensosri", label="positive", score=0.5, owner=True),
            row(
                D2,
                author="dedi",
                label="negative",
                score=-0.2,
                complaint=True,
                category="pencairan",
                reply_minutes=90,
                post_id="P2",
            ),
            row(D2, author="eka", label="neutral", score=0.1, post_id="P2", corrected="positive"),
        ],
    )
    return store


EXPECTED_D1 = {
    "comments": 4,
    "commenters": 3,
    "positive": 1,
    "neutral": 1,
    "negative": 2,
    "positive_share": 0.25,
    "neutral_share": 0.25,
    "negative_share": 0.5,
    "mean_score": (-0.6 - 0.4 + 0.8 + 0.0) / 4,
    "net_index": (1 - 2) / 4,
    "complaints": 2,
    "complaint_share": 0.5,
    "complaints_answered": 1,
    "complaints_answered_share": 0.5,
    "reply_median_minutes": 30.0,
    "likes": 14,
    "complaints_pencairan": 1,
    "complaints_data": 1,
}
EXPECTED_D2 = {
    "comments": 2,
    "commenters": 2,
    "positive": 1,  # the analyst's correction wins over the model's neutral
    "neutral": 0,
    "negative": 1,
    "positive_share": 0.5,
    "negative_share": 0.5,
    "mean_score": (-0.2 + 0.1) / 2,
    "net_index": 0.0,
    "complaints": 1,
    "complaint_share": 0.5,
    "complaints_answered": 1,
    "complaints_answered_share": 1.0,
    "reply_median_minutes": 90.0,
    "complaints_pencairan": 1,
    "complaints_data": 0,
}


def _row(frame: pd.DataFrame, day: date) -> pd.Series:
    return frame[frame["day"] == day].iloc[0]


@pytest.mark.parametrize(("day", "expected"), [(D1, EXPECTED_D1), (D2, EXPECTED_D2)])
def test_daily_series_hand_computed(small, day, expected):
    series = metrics.daily_series(small, D1, D3)
    got = _row(series, day)
    for name, value in expected.items():
        assert got[name] == pytest.approx(value), name


def test_zero_day_present_with_zero_counts_and_undefined_ratios(small):
    series = metrics.daily_series(small, D1 - timedelta(days=1), D3)
    assert list(series["day"]) == [D1 - timedelta(days=1), D1, D2, D3]
    empty = _row(series, D3)
    for name in ("comments", "commenters", "negative", "complaints", "complaints_pencairan"):
        assert empty[name] == 0, name
    for name in ("negative_share", "mean_score", "net_index", "reply_median_minutes"):
        assert math.isnan(empty[name]), name


def test_include_owner_adds_the_accounts_replies(small):
    got = _row(metrics.daily_series(small, D1, D1, include_owner=True), D1)
    assert got["comments"] == 5
    assert got["positive"] == 2
    assert got["commenters"] == 4
    assert got["net_index"] == pytest.approx((2 - 2) / 5)
    assert got["mean_score"] == pytest.approx((-0.6 - 0.4 + 0.8 + 0.5) / 5)
    # complaints are about the public: unchanged, and their share keeps the public denominator
    assert got["complaints"] == 2
    assert got["complaint_share"] == pytest.approx(0.5)


def test_post_filter_reads_commenters_and_reply_times_from_comments(small):
    series = metrics.daily_series(small, D1, D2, posts=["P2"])
    d1, d2 = _row(series, D1), _row(series, D2)
    assert (d1["comments"], d1["commenters"], d1["complaints"]) == (1, 1, 0)
    assert math.isnan(d1["reply_median_minutes"])
    assert (d2["comments"], d2["commenters"], d2["reply_median_minutes"]) == (2, 2, 90.0)


def test_reply_median_over_several_complaints(store):
    add_comments(
        store,
        [row(D1, complaint=True, reply_minutes=m) for m in (10, 20, 60, 600)]
        + [row(D1, complaint=True)],
    )
    got = _row(metrics.daily_series(store, D1, D1), D1)
    assert got["reply_median_minutes"] == pytest.approx(40.0)
    assert got["complaints_answered_share"] == pytest.approx(4 / 5)


def test_post_summary(small):
    summary = metrics.post_summary(small, D1, D3).set_index("post_id")
    assert list(summary.index) == ["P1", "P2"]  # busiest first
    p1, p2 = summary.loc["P1"], summary.loc["P2"]
    assert (p1["comments"], p1["negative"], p1["complaints"]) == (3, 2, 2)
    assert p1["negative_share"] == pytest.approx(2 / 3)
    assert p1["complaints_answered_share"] == pytest.approx(0.5)
    assert (p2["comments"], p2["negative"], p2["first_day"], p2["last_day"]) == (3, 1, D1, D2)
    assert p2["peak_day"] == D2


def test_top_and_unanswered_complaints(small):
    top = metrics.top_complaints(small, D1, D3, limit=2)
    assert list(top["like_count"]) == [10, 3]
    assert list(top["answered"]) == [True, False]
    flat = metrics.oldest_unanswered_complaints(small, limit=10, by_category=False)
    assert list(flat["complaint_category"]) == ["data"]
    by_cat = metrics.oldest_unanswered_complaints(small, limit=10)
    assert set(by_cat) == {"data"}
    assert by_cat["data"]["waiting_hours"].iloc[0] > 0


def test_unanswered_complaints_of_a_day_range_wait_until_that_day_ends(small):
    flat = metrics.oldest_unanswered_complaints(small, by_category=False, since=D1, as_of=D1)
    assert list(flat["complaint_category"]) == ["data"]
    # Created at 05:00 Jakarta on D1, counted to midnight after D1: 19 hours.
    assert flat["waiting_hours"].iloc[0] == pytest.approx(19.0)
    assert metrics.oldest_unanswered_complaints(small, by_category=False, since=D2).empty
    assert metrics.oldest_unanswered_complaints(small, as_of=D1 - timedelta(days=1)) == {}


def test_a_reply_is_not_a_waiting_complaint(store):
    reply = {**row(D1, complaint=True, category="data"), "is_reply": True, "parent_id": "x"}
    add_comments(store, [reply, row(D1, complaint=True, category="data", comment_id="top")])
    flat = metrics.oldest_unanswered_complaints(store, by_category=False)
    assert list(flat["comment_id"]) == ["top"]


def test_waiting_is_counted_to_the_end_of_the_day_or_now():
    end_of_d1 = pd.Timestamp(D1 + timedelta(days=1)) - pd.Timedelta(hours=7)  # 00:00 WIB in UTC
    assert metrics.waiting_until(D1) == end_of_d1
    now = pd.Timestamp.now(tz="UTC").tz_localize(None)
    assert abs(metrics.waiting_until(metrics.jakarta_today()) - now) < pd.Timedelta(minutes=1)
    assert abs(metrics.waiting_until() - now) < pd.Timedelta(minutes=1)


def test_last_active_day_skips_a_trailing_day_of_stragglers():
    days = [D1 + timedelta(days=i) for i in range(5)]
    series = pd.DataFrame({"day": days, "comments": [40, 35, 50, 45, 3]})
    assert metrics.last_active_day(series) == days[3]
    assert metrics.last_active_day(series.assign(comments=0)) is None


def test_refresh_is_idempotent_and_follows_label_corrections(small):
    before = metrics.daily_series(small, D1, D2)
    with small.begin() as conn:
        refresh_days(conn, [D1, D2])
    pd.testing.assert_frame_equal(before, metrics.daily_series(small, D1, D2))
    with small.begin() as conn:
        conn.execute(
            update(comments).where(comments.c.author == "budi").values(corrected_label="negative")
        )
        refresh_days(conn, [D1])
    assert _row(metrics.daily_series(small, D1, D1), D1)["negative"] == 3


def test_retention_keeps_aggregates_of_days_not_refreshed(small):
    with small.begin() as conn:
        conn.execute(delete(comments).where(comments.c.day == D1))
        refresh_days(conn, [D2])  # only D2 was "changed": D1's aggregates must survive
    series = metrics.daily_series(small, D1, D2)
    assert _row(series, D1)["comments"] == 4
    with small.begin() as conn:
        refresh_days(conn, [D1])  # asked explicitly: D1 has no comments left
        assert conn.execute(select(daily_post).where(daily_post.c.day == D1)).first() is None
        assert conn.execute(select(daily_total).where(daily_total.c.day == D1)).first() is None


def test_refresh_handles_many_days_in_one_call(store):
    rows = synthetic_rows(date(2020, 1, 1), 450, level=3)
    add_comments(store, rows)  # 450 days > one IN-list chunk
    series = metrics.daily_series(store, date(2020, 1, 1), date(2021, 3, 25))
    assert int(series["comments"].sum()) == len(rows)


def test_compare_day_counts_and_pooled_ratios():
    days = [date(2021, 1, d) for d in range(1, 6)]
    series = pd.DataFrame(
        {
            "day": days,
            "comments": [10, 0, 30, 20, 40],
            "positive": [5, 0, 10, 10, 10],
            "negative": [5, 0, 20, 10, 30],
            "negative_share": [0.5, float("nan"), 2 / 3, 0.5, 0.75],
            "net_index": [0.0, float("nan"), -1 / 3, 0.0, -0.5],
            "complaints": [2, 0, 4, 6, 8],
            "complaints_answered": [1, 0, 4, 3, 2],
        }
    )
    got = metrics.compare_day(series, days[-1], baseline_days=4)
    # baseline: days with comments only (1, 3, 4)
    assert got["comments"]["baseline"] == pytest.approx(20.0)
    assert got["comments"]["change_pct"] == pytest.approx(1.0)
    assert got["net_index"]["baseline"] == pytest.approx((25 - 35) / 60)
    assert got["negative_share"]["baseline"] == pytest.approx(35 / 60)
    assert got["complaints"]["value"] == 8
    assert got["unanswered_complaints"]["value"] == 6
    assert got["unanswered_complaints"]["baseline"] == pytest.approx((1 + 0 + 3) / 3)


def test_morning_summary_reports_last_data_day_and_recent_spike(store):
    start = date(2021, 6, 1)
    spike = start + timedelta(days=80)
    rows = synthetic_rows(start, 81, level=40, spikes={spike: 5.0})
    add_comments(store, rows)
    summary = reports.morning_summary(store)
    assert summary["stale"] is True
    assert summary["day"] == spike.isoformat()
    assert summary["history"] == "ok"
    assert summary["figures"]["complaints"]["change"] > 0
    assert summary["open_unanswered_complaints"] == sum(
        1 for r in rows if r["is_complaint"] and r["first_reply_at"] is None
    )
    flagged = {(s["day"], s["metric"]) for s in summary["spikes"]}
    assert (spike.isoformat(), "negative") in flagged


def test_morning_summary_on_empty_store(store):
    assert reports.morning_summary(store, date(2021, 1, 1))["empty"] is True


def test_daily_series_rejects_reversed_range(store):
    with pytest.raises(ValueError, match="before"):
        metrics.daily_series(store, D2, D1)
