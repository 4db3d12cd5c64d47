"""``read_day_comments``: the public's comments of one day, what a spike's anatomy reads."""

from __future__ import annotations

from datetime import date

from monitor.store.aggregates import DAY_COMMENT_COLUMNS, read_day_comments
from tests.analytics_helpers import add_comments, row

DAY = date(2024, 3, 4)


def test_the_day_s_public_comments_oldest_first_with_corrected_labels(store):
    add_comments(
        store,
        [
            row(DAY, hour=9, author="b", text="kedua", terms="dua", likes=3, comment_id="c2"),
            row(DAY, hour=8, author="a", text="pertama", corrected="negative", comment_id="c1"),
            row(DAY, hour=10, author="menteri", text="balasan", owner=True),
            row(date(2024, 3, 5), hour=8, text="besok"),
            row(DAY, hour=11, text="di x", platform="x", complaint=True, comment_id="c3"),
        ],
    )
    got = read_day_comments(store, DAY)
    assert list(got.columns) == list(DAY_COMMENT_COLUMNS)
    assert got["comment_id"].tolist() == ["c1", "c2", "c3"]
    assert got["label"].tolist() == ["negative", "neutral", "neutral"]
    assert got["is_complaint"].tolist() == [False, False, True]
    assert got.loc[1, "terms"] == "dua" and got.loc[1, "like_count"] == 3
    only_x = read_day_comments(store, DAY, platforms=("x",))
    assert only_x["comment_id"].tolist() == ["c3"]
    assert read_day_comments(store, DAY, limit=1)["comment_id"].tolist() == ["c1"]
    assert read_day_comments(store, date(2024, 1, 1)).empty
