"""Stored posts: one row per (platform, post id); counts only move up, a missing value never
overwrites a known one, a post without a link gets its platform's."""

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import insert

from monitor.store import comments as comment_store
from monitor.store import posts as post_store
from monitor.store.schema import comments
from tests.analytics_helpers import row


def facts(post_id: str = "1330000000000000001", **values) -> pd.DataFrame:
    return pd.DataFrame([{"post_id": post_id, **values}])


def write(store, platform: str, frame: pd.DataFrame, import_id: int | None = None) -> None:
    with store.begin() as conn:
        post_store.upsert_posts(conn, platform, frame, import_id)


def one(store, platform: str = "x", post_id: str = "1330000000000000001") -> dict:
    found = post_store.get_post(store, platform, post_id)
    assert found is not None
    return found


def test_a_post_without_facts_gets_its_platform_link(store):
    write(store, "youtube", facts("dQw4w9WgXcQ"))
    got = one(store, "youtube", "dQw4w9WgXcQ")
    assert got["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert (got["title"], got["like_count"], got["published_at"]) == (None, None, None)


def test_facts_are_stored_and_a_file_link_replaces_the_built_one(store):
    write(store, "x", facts())
    url = "https://x.com/kemensosri/status/1330000000000000001"
    published = datetime(2020, 12, 6, 1, 2, 3)
    write(
        store,
        "x",
        facts(url=url, title="Bansos tahap 2", published_at=published, like_count=10.0),
    )
    got = one(store)
    assert (got["url"], got["title"], got["published_at"], got["like_count"]) == (
        url,
        "Bansos tahap 2",
        published,
        10,
    )


def test_counts_only_move_up_and_missing_values_keep_known_ones(store):
    write(
        store,
        "x",
        facts(url="https://x.com/a/status/1", title="judul", like_count=50, view_count=900),
    )
    # an older export: lower counts, no title, no link, no views
    write(store, "x", facts(like_count=20, comment_count=4, view_count=float("nan")))
    got = one(store)
    assert (got["like_count"], got["comment_count"], got["view_count"]) == (50, 4, 900)
    assert (got["title"], got["url"]) == ("judul", "https://x.com/a/status/1")
    write(store, "x", facts(like_count=70))
    assert one(store)["like_count"] == 70


def test_the_same_post_id_on_two_platforms_is_two_posts(store):
    write(store, "x", facts(like_count=5))
    write(store, "tiktok", facts(like_count=9))
    frame = post_store.read_posts(store)
    assert frame[["platform", "like_count"]].values.tolist() == [["tiktok", 9], ["x", 5]]
    assert post_store.read_posts(store, platforms=("x",))["platform"].tolist() == ["x"]


def test_a_chunk_of_posts_merges_each_as_one_post_at_a_time_would(store):
    """A frame of several posts is written at once: each post gets the link, title and counts
    it would get alone, and one named twice merges its rows in order."""
    stored = "https://x.com/kemensosri/status/1"
    write(store, "x", facts("1", url=stored, title="lama", like_count=40))
    write(store, "x", facts("2", like_count=9))
    frame = pd.DataFrame(
        [
            {"post_id": "1", "url": None, "title": None, "like_count": 30.0},  # keeps stored
            {"post_id": "2", "url": "https://x.com/a/status/2", "title": "t2", "like_count": 5.0},
            {"post_id": "3", "url": None, "title": "t3", "like_count": 1.0},  # new, no link
        ]
    )
    write(store, "x", frame)
    got = post_store.read_posts(store, platforms=("x",))
    assert got[["post_id", "url", "title", "like_count"]].values.tolist() == [
        ["1", stored, "lama", 40],
        ["2", "https://x.com/a/status/2", "t2", 9],
        ["3", "https://x.com/i/status/3", "t3", 1],
    ]
    twice = pd.DataFrame(
        [
            {"post_id": "4", "url": None, "title": "first", "like_count": 3.0},
            {
                "post_id": "4",
                "url": "https://x.com/a/status/4",
                "title": "later",
                "like_count": 2.0,
            },
        ]
    )
    write(store, "x", twice)
    assert (one(store, "x", "4")["url"], one(store, "x", "4")["title"]) == (
        "https://x.com/a/status/4",
        "later",
    )
    assert one(store, "x", "4")["like_count"] == 3


def test_a_count_beyond_the_column_is_unknown(store):
    write(store, "x", facts(view_count=2**40, like_count=-1))
    got = one(store)
    assert (got["view_count"], got["like_count"]) == (None, None)


def test_rows_without_a_post_are_skipped(store):
    write(store, "x", facts(""))
    assert post_store.read_posts(store).empty


@pytest.mark.parametrize("platform", ["instagram", "x"])
def test_undo_forgets_the_posts_the_import_brought(store, platform):
    with store.begin() as conn:
        first = comment_store.create_import(
            conn, file_name="a", source_format="t", sha256="", platform=platform
        )
        post_store.upsert_posts(conn, platform, facts("kept"), first)
        post_store.upsert_posts(conn, platform, facts("gone"), first)
    # a comment of a later import keeps "kept" in use
    with store.begin() as conn:
        later = comment_store.create_import(
            conn, file_name="b", source_format="t", sha256="", platform=platform
        )
        comment = row(date(2021, 1, 1), post_id="kept", platform=platform)
        conn.execute(insert(comments), [{**comment, "import_id": later}])
    comment_store.undo_import(store, first)
    assert post_store.read_posts(store)["post_id"].tolist() == ["kept"]
