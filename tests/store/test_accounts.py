"""Reads by account: first comment per account, a period's comments, the Comments page's
"group by account" rows (both backends through the ``store`` fixture)."""

from __future__ import annotations

from datetime import date, datetime

from monitor.store.aggregates import (
    read_first_seen,
    read_period_comments,
    read_period_first_seen,
)
from monitor.store.queries import ACCOUNT_COLUMNS, CommentFilter, search_accounts
from tests.analytics_helpers import add_comments, row

D1, D2, D3 = date(2024, 3, 1), date(2024, 3, 4), date(2024, 3, 5)


def seed(store) -> None:
    add_comments(
        store,
        [
            row(D1, hour=8, author="lama", text="dulu", post_id="P1"),
            row(D2, hour=9, author="lama", text="a", post_id="P1", label="negative"),
            row(D2, hour=10, author="lama", text="b", post_id="P1"),
            row(D2, hour=11, author="lama", text="c", post_id="P2", complaint=True),
            row(D2, hour=9, author="baru", text="d", post_id="P1"),
            row(D2, hour=12, author="baru", text="e", post_id="P1", platform="x"),
            row(D2, hour=13, author="", text="tanpa nama", post_id="P1"),
            row(D2, hour=14, author="menteri", text="balasan", owner=True),
            row(D3, hour=8, author="baru", text="besok", post_id="P3"),
        ],
    )


def test_first_seen_is_the_first_public_comment_of_each_account(store):
    seed(store)
    got = read_first_seen(
        store, [("instagram", "lama"), ("instagram", "baru"), ("x", "baru"), ("x", "nobody")]
    )
    assert got[("instagram", "lama")] == datetime(2024, 3, 1, 1)  # 08:00 Jakarta
    assert got[("instagram", "baru")] == datetime(2024, 3, 4, 2)
    assert got[("x", "baru")] == datetime(2024, 3, 4, 5)
    assert ("x", "nobody") not in got
    assert read_first_seen(store, [("instagram", "menteri")]) == {}  # owner replies are not


def test_first_seen_of_a_period_s_accounts_in_one_read(store):
    seed(store)
    got = read_period_first_seen(store, D2, D2)
    assert got == {
        ("instagram", "lama"): datetime(2024, 3, 1, 1),  # seen before the period
        ("instagram", "baru"): datetime(2024, 3, 4, 2),
        ("x", "baru"): datetime(2024, 3, 4, 5),
    }  # no nameless account, not the owner
    assert read_period_first_seen(store, D3, D3) == {("instagram", "baru"): datetime(2024, 3, 4, 2)}
    assert read_period_first_seen(store, D2, D2, platforms=("x",)) == {
        ("x", "baru"): datetime(2024, 3, 4, 5)
    }


def test_a_period_s_comments_of_a_kind(store):
    seed(store)
    week = read_period_comments(store, D1, D3)
    assert len(week) == 8  # the owner's reply left out
    both = read_period_comments(store, D2, D2, kind="negative_or_complaint")
    assert both["text"].tolist() == ["a", "c"]
    assert read_period_comments(store, D2, D2, kind="complaints")["text"].tolist() == ["c"]
    assert read_period_comments(store, D2, D3, platforms=("x",))["text"].tolist() == ["e"]


def test_comments_grouped_by_account_with_posts_share_and_first_seen(store):
    seed(store)
    frame, total = search_accounts(store, CommentFilter(start=D2, end=D2))
    assert list(frame.columns) == list(ACCOUNT_COLUMNS)
    assert total == 3  # lama, baru on Instagram, baru on X; no nameless account
    first = frame.iloc[0]
    assert (first["platform"], first["author"], first["comments"], first["posts"]) == (
        "instagram",
        "lama",
        3,
        2,
    )
    assert first["most_on_one_post"] == 2
    assert first["share"] == round(3 / 6, 4)  # of the six matching comments (nameless counts)
    assert first["first_seen"] == datetime(2024, 3, 1, 1)  # before the filter's days
    assert frame["author"].tolist() == ["lama", "baru", "baru"]
    page, _ = search_accounts(store, CommentFilter(start=D2, end=D2), limit=1, offset=1)
    assert page["author"].tolist() == ["baru"] and page["platform"].tolist() == ["instagram"]
    only_x, n = search_accounts(store, CommentFilter(platforms=("x",)))
    assert n == 1 and only_x["comments"].tolist() == [1]
