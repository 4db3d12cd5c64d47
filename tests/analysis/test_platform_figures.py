"""The platform dimension of every read: per-platform figures are stored sums, "all platforms"
is their sum, spikes are judged per platform and overall and say which platform drove them."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from monitor.analysis import metrics, reports, spikes
from monitor.store import aggregates as agg
from monitor.store import purge, queries
from monitor.store.schema import posts
from tests.analytics_helpers import add_comments, row, synthetic_rows

D1 = date(2021, 3, 1)
D2 = date(2021, 3, 2)


def two_platforms(store) -> None:
    add_comments(
        store,
        [
            row(D1, platform="instagram", label="negative", author="budi", complaint=True),
            row(D1, platform="instagram", label="positive", author="sari"),
            row(D1, platform="x", label="negative", author="budi", complaint=True, category="data"),
            row(D2, platform="x", label="negative", author="ani"),
            row(D1, platform="x", post_id="P1", owner=True, label="neutral"),
        ],
    )


def test_aggregates_are_kept_per_platform_and_summed_for_all(store):
    two_platforms(store)
    each = agg.read_daily_post(store, D1, D2, by_platform=True).set_index(["day", "platform"])
    assert each.loc[(D1, "instagram"), "comments"] == 2
    assert each.loc[(D1, "x"), "comments"] == 1
    assert each.loc[(D1, "x"), "owner_replies"] == 1
    total = agg.read_daily_post(store, D1, D2).set_index("day")
    assert total.loc[D1, "comments"] == 3 and total.loc[D2, "comments"] == 1
    only_x = agg.read_daily_post(store, D1, D2, platforms=("x",)).set_index("day")
    assert only_x["negative"].to_dict() == {D1: 1, D2: 1}
    cats = agg.read_daily_category(store, D1, D1, by_platform=True)
    assert sorted(map(tuple, cats[["platform", "category"]].values)) == [
        ("instagram", "other"),
        ("x", "data"),
    ]


def test_a_commenter_is_an_account_on_one_platform(store):
    """'budi' on Instagram and 'budi' on X are two accounts (nothing says they are one person),
    so the stored per-platform counts add up to the figure for all platforms."""
    two_platforms(store)
    totals = agg.read_daily_total(store, D1, D1)
    assert totals["commenters"].tolist() == [3]  # budi@instagram, sari, budi@x
    assert agg.read_commenters(store, D1, D1)["commenters"].tolist() == [3]
    assert agg.read_commenters(store, D1, D1, platforms=("x",))["commenters"].tolist() == [1]


def test_the_median_reply_time_of_several_platforms_is_the_median_of_their_replies(store):
    rows = [row(D1, platform="x", complaint=True, reply_minutes=m) for m in (10, 12)] + [
        row(D1, platform="instagram", complaint=True, reply_minutes=m) for m in (20, 30, 100)
    ]
    add_comments(store, rows)
    each = agg.read_daily_total(store, D1, D1, by_platform=True).set_index("platform")
    assert each["reply_median_minutes"].to_dict() == {"instagram": 30.0, "x": 11.0}
    assert agg.read_daily_total(store, D1, D1)["reply_median_minutes"].tolist() == [20.0]
    only_x = agg.read_daily_total(store, D1, D1, platforms=("x",))
    assert only_x["reply_median_minutes"].tolist() == [11.0]
    # once retention removed the comments, the platforms' medians weighted by their answers
    purge.delete_before(store, D2)
    weighted = (11.0 * 2 + 30.0 * 3) / 5
    assert agg.read_daily_total(store, D1, D1)["reply_median_minutes"].tolist() == [
        pytest.approx(weighted)
    ]


def test_daily_series_per_platform_and_for_the_selection(store):
    two_platforms(store)
    total = metrics.daily_series(store, D1, D2)
    only_ig = metrics.daily_series(store, D1, D2, platforms=("instagram",))
    long = metrics.daily_series_by_platform(store, D1, D2)
    assert list(long.columns[:2]) == ["platform", "day"]
    assert long["platform"].tolist() == ["instagram", "instagram", "x", "x"]
    summed = long.groupby("day")[["comments", "negative", "complaints", "commenters"]].sum()
    for col in ("comments", "negative", "complaints", "commenters"):
        assert summed[col].tolist() == total[col].tolist(), col
    ig = long[long["platform"] == "instagram"].drop(columns="platform").reset_index(drop=True)
    pd.testing.assert_frame_equal(ig[only_ig.columns], only_ig, check_dtype=False)
    # every platform has every category column seen on any of them
    assert long.loc[long["platform"] == "instagram", "complaints_data"].tolist() == [0, 0]
    assert long.loc[long["platform"] == "x", "complaints_data"].tolist() == [1, 0]
    chosen = metrics.daily_series_by_platform(store, D1, D2, platforms=("x", "youtube"))
    assert sorted(set(chosen["platform"])) == ["x", "youtube"]
    assert chosen.loc[chosen["platform"] == "youtube", "comments"].tolist() == [0, 0]


def test_data_range_and_unanswered_complaints_by_platform(store):
    two_platforms(store)
    assert metrics.data_range(store, ("x",)) == (D1, D2)
    assert metrics.data_range(store, ("instagram",)) == (D1, D1)
    assert metrics.data_range(store, ("tiktok",)) is None
    assert agg.count_unanswered_complaints(store, D1, D2) == 2
    assert agg.count_unanswered_complaints(store, D1, D2, platforms=("x",)) == 1
    waiting = metrics.oldest_unanswered_complaints(store, by_category=False, platforms=("x",))
    assert waiting["platform"].tolist() == ["x"]
    by_cat = metrics.oldest_unanswered_complaints(store, platforms=("instagram",))
    assert list(by_cat) == ["other"]


def test_the_same_post_id_on_two_platforms_is_two_posts(store):
    two_platforms(store)
    summary = metrics.post_summary(store, D1, D1)
    assert summary[["post_id", "platform", "comments"]].values.tolist() == [
        ["P1", "instagram", 2],
        ["P1", "x", 1],
    ]
    assert metrics.post_summary(store, D1, D1, platforms=("x",))["platform"].tolist() == ["x"]


def test_comment_search_filters_by_platform_and_links_each_post(store):
    two_platforms(store)
    with store.begin() as conn:
        conn.execute(
            posts.insert().values(
                platform="x",
                post_id="P1",
                url="https://x.com/kemensosri/status/1",
                title="Bansos",
                updated_at=pd.Timestamp("2021-03-02").to_pydatetime(),
            )
        )
    frame, total = queries.search_comments(store, queries.CommentFilter(platforms=("x",)))
    assert total == 2 and set(frame["platform"]) == {"x"}
    assert set(frame["post_url"]) == {"https://x.com/kemensosri/status/1"}
    frame, _ = queries.search_comments(store, queries.CommentFilter(platforms=("instagram",)))
    assert set(frame["post_url"]) == {"https://www.instagram.com/p/P1/"}
    listed = queries.list_posts(store).set_index("platform")
    assert listed.loc["x", "title"] == "Bansos" and listed.loc["instagram", "title"] is None
    assert queries.list_posts(store, ("x",))["platform"].tolist() == ["x"]
    assert queries.list_platforms(store) == ["instagram", "x"]
    one = queries.get_comment(store, frame["comment_id"].iat[0], "instagram")
    assert one is not None and one["platform"] == "instagram"
    assert queries.get_comment(store, frame["comment_id"].iat[0], "x") is None
    assert queries.comment_count(store, ("x",)) == 3  # with the account's own reply
    assert queries.data_bounds(store, ("instagram",)) == (D1, D1)


# --- spikes ---------------------------------------------------------------------------------

SPIKE_DAY = date(2020, 12, 7)


def spike_on_x(store) -> None:
    """Instagram steady, X steady but with a spike of negative comments on SPIKE_DAY."""
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, level=30.0, platform="instagram"))
    add_comments(
        store,
        synthetic_rows(
            date(2020, 10, 1),
            70,
            level=20.0,
            seed=9,
            spikes={SPIKE_DAY: 6.0},
            platform="x",
            posts=("X1", "X2"),
        ),
    )


def test_a_spike_says_which_platform_drove_it(store):
    spike_on_x(store)
    found = reports.find_spikes(store, sensitivity="balanced", metrics=("negative",))
    overall = next(s for s in found if s.day == SPIKE_DAY and s.platform is None)
    parts = {p["platform"]: p for p in overall.platforms}
    assert set(parts) == {"instagram", "x"}
    assert overall.platforms[0]["platform"] == "x" and parts["x"]["share"] >= 0.8
    assert overall.posts[0] == {**overall.posts[0], "post_id": "X1", "platform": "x"}
    own = next(s for s in found if s.day == SPIKE_DAY and s.platform == "x")
    assert own.platforms == [{**parts["x"], "share": 1.0}]
    assert {c["platform"] for c in own.top_comments} == {"x"}
    assert not any(s.platform == "instagram" and s.day == SPIKE_DAY for s in found)
    as_json = own.to_dict()
    assert as_json["platform"] == "x" and as_json["platforms"][0]["platform"] == "x"


def test_spikes_of_one_platform_alone(store):
    spike_on_x(store)
    only_ig = reports.find_spikes(store, platforms=("instagram",), metrics=("negative",))
    assert not any(s.day == SPIKE_DAY for s in only_ig)
    only_x = reports.find_spikes(store, platforms=("x",), metrics=("negative",))
    hits = [s for s in only_x if s.day == SPIKE_DAY]
    # one platform selected: judged once, as the selection
    assert [s.platform for s in hits] == [None]
    assert [p["platform"] for p in hits[0].platforms] == ["x"]


def test_a_store_of_one_platform_judges_each_day_once(store):
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE_DAY: 5.0}))
    found = reports.find_spikes(store, metrics=("negative",))
    assert [s.platform for s in found if s.day == SPIKE_DAY] == [None]


def test_excess_by_platform_is_each_platforms_share_of_the_excess():
    days = [date(2021, 1, 4) + timedelta(days=i) for i in range(60)]
    rng = np.random.default_rng(1)

    def frame(level: float, extra: float) -> pd.DataFrame:
        values = rng.poisson(level, len(days)).astype(float)
        values[-1] = level + extra
        return pd.DataFrame({"day": days, "negative": values, "comments": values * 4})

    parts = spikes.excess_by_platform(
        {"x": frame(10, 30), "youtube": frame(10, 10), "tiktok": frame(5, -5)},
        "negative",
        days=[days[-1]],
    )[days[-1]]
    shares = {p["platform"]: p["share"] for p in parts}
    assert [p["platform"] for p in parts][:2] == ["x", "youtube"]
    assert shares["x"] == pytest.approx(0.75, abs=0.1)
    assert sum(s for s in shares.values() if s) == pytest.approx(1.0, abs=1e-3)
    assert "tiktok" not in shares  # no comments that day: no part in it


def test_a_platform_without_history_counts_whole(store):
    new = pd.DataFrame({"day": [D1], "negative": [7.0], "comments": [20.0]})
    parts = spikes.excess_by_platform({"tiktok": new}, "negative")[D1]
    assert parts == [
        {"platform": "tiktok", "observed": 7.0, "expected": None, "excess": 7.0, "share": 1.0}
    ]


def test_the_morning_summary_gives_each_platform_beside_the_total(store):
    two_platforms(store)
    summary = reports.morning_summary(store, today=D2 + timedelta(days=1))
    assert summary["figures"]["comments"]["value"] == 1  # D2: one X comment
    assert list(summary["platforms"]) == ["instagram", "x"]
    assert summary["platforms"]["x"]["figures"]["comments"]["value"] == 1
    assert summary["platforms"]["instagram"]["figures"]["comments"]["value"] == 0
    assert summary["platforms"]["x"]["open_unanswered_complaints"] == 1
    assert summary["open_unanswered_complaints"] == 2
    only_x = reports.morning_summary(store, today=D2 + timedelta(days=1), platforms=("x",))
    assert list(only_x["platforms"]) == ["x"] and only_x["open_unanswered_complaints"] == 1
    assert reports.morning_summary(store, platforms=("tiktok",))["empty"] is True


def test_refreshing_one_platform_leaves_the_others_figures(store):
    """An import, undo or correction refreshes its own platform's rows of a day; another
    platform's figures of that day stay as stored (retention may have removed their comments)."""
    from sqlalchemy import delete

    from monitor.store.aggregates import refresh_days
    from monitor.store.schema import comments

    two_platforms(store)
    with store.begin() as conn:
        conn.execute(delete(comments))  # as retention would
        refresh_days(conn, [D1], ["x"])
    each = agg.read_daily_post(store, D1, D1, by_platform=True).set_index("platform")
    assert each["comments"].to_dict() == {"instagram": 2}
    with store.begin() as conn:
        refresh_days(conn, [D1])  # every platform holding rows of the day
    assert agg.read_daily_post(store, D1, D1, by_platform=True).empty
