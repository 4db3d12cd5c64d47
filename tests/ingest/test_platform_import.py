"""Importing a file of another platform: its comments, import and posts carry its platform, the
account is the one configured for that platform, and what the file says of its posts is kept.

The file here is read by a format written for this test (platform X, post facts on every
row), so the pipeline is tested apart from any real exporter's shape.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import select

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.ingest import plan as plan_mod
from monitor.ingest.detect import Detection
from monitor.ingest.formats.base import ItemJsonFormat
from monitor.ingest.posts import post_facts
from monitor.ingest.rows import Context
from monitor.ops import settings as settings_mod
from monitor.store import posts as post_store
from monitor.store.schema import comments, imports
from tests.ingest_helpers import FIXTURES

POST = "1335000000000000000"
COMPLAINT = "bansos saya belum cair sudah tiga bulan"


class XFormat(ItemJsonFormat):
    """A JSON array of tweets with their conversation's facts on every item."""

    name, label, default_tz, platform = "test_x", "Test X", "UTC", "x"

    def matches(self, item: object) -> bool:
        return isinstance(item, dict) and "tweet" in item

    def flatten(self, item: dict, number: int, ctx: Context) -> list[dict]:
        return [
            {
                "comment_id": item["tweet"],
                "post_id": item.get("post", POST),
                "parent_id": item.get("parent"),
                "author": item["user"],
                "handle": item["user"],
                "author_id": item.get("user_id"),
                "text": item["text"],
                "created": item["at"],
                "like_count": item.get("likes"),
                "row": number,
                "post_url": item.get("post_url"),
                "post_title": item.get("post_title"),
                "post_published": item.get("post_at"),
                "post_like_count": item.get("post_likes"),
                "post_view_count": item.get("post_views"),
            }
        ]


def read_as(monkeypatch, fmt) -> None:
    """Files of this test are JSON arrays read by ``fmt`` (detection knows no such format)."""
    detection = Detection(format=fmt.name, kind="json", json_prefix="item")
    monkeypatch.setattr(plan_mod, "detect_source", lambda src, *_: (detection, None))
    monkeypatch.setattr(plan_mod, "_reader", lambda det, mapping, *_: fmt)


@pytest.fixture
def x_format(monkeypatch):
    read_as(monkeypatch, XFormat())


def tweets(post_likes: int = 40, views: int | None = 1000, **owner) -> bytes:
    facts = {
        "post_url": f"https://x.com/KemensosRI/status/{POST}",
        "post_title": "Penyaluran bansos tahap 2",
        "post_at": "2020-12-06T01:00:00Z",
        "post_likes": post_likes,
        "post_views": views,
    }
    items = [
        {"tweet": "1335000000000000001", "user": "budi", "user_id": "11", "text": COMPLAINT,
         "at": "2020-12-06T03:00:00Z", "likes": 5, **facts},
        {"tweet": "1335000000000000002", "user": owner.get("user", "KemensosRI"),
         "user_id": owner.get("user_id", "99"), "parent": "1335000000000000001",
         "text": "Mohon kirim NIK lewat DM", "at": "2020-12-06T04:00:00Z", "likes": 1,
         **facts},
        {"tweet": "1335000000000000003", "user": "kemensosri", "user_id": "12",
         "text": "kemensosri di X bukan akun kementerian", "at": "2020-12-06T05:00:00Z",
         **{**facts, "post_likes": post_likes - 10, "post_views": None}},
    ]  # fmt: skip
    return json.dumps(items).encode()


def set_owners(store, **owners) -> None:
    settings_mod.save(store, replace(settings_mod.load(store), owners=owners))


def stored(store) -> dict[str, dict]:
    with store.connect() as conn:
        rows = conn.execute(select(comments)).mappings().all()
    return {r["comment_id"]: dict(r) for r in rows}


def test_comments_and_import_carry_the_platform_of_the_format(store, x_format):
    report = pipeline.import_file(store, tweets(), file_name="tweets.json")
    assert report.platform == "x" and report.to_dict()["platform"] == "x"
    assert "(test_x, X)" in report.summary()
    assert {r["platform"] for r in stored(store).values()} == {"x"}
    with store.connect() as conn:
        assert conn.execute(select(imports.c.platform)).scalar_one() == "x"


def test_the_owner_is_the_one_configured_for_the_files_platform(store, x_format):
    """The Instagram account (``account``) is nobody on X: the X owner is found by its X user
    id (and handle), and the complaint it answered counts as answered."""
    set_owners(store, x=["99"])
    pipeline.import_file(store, tweets(user="Kemensos Official"), file_name="tweets.json")
    rows = stored(store)
    assert rows["1335000000000000002"]["is_owner_reply"] is True  # by its id
    assert rows["1335000000000000003"]["is_owner_reply"] is False  # 'kemensosri' on X
    assert rows["1335000000000000001"]["first_reply_at"] == datetime(2020, 12, 6, 4)


def test_the_owner_handle_of_a_platform_marks_replies(store, x_format):
    set_owners(store, x=["@Kemensos_X"])
    pipeline.import_file(store, tweets(user="kemensos_x", user_id="55"), file_name="tweets.json")
    rows = stored(store)
    assert rows["1335000000000000002"]["is_owner_reply"] is True
    assert rows["1335000000000000003"]["is_owner_reply"] is False


def test_no_owner_configured_for_a_platform_means_no_owner_replies(store, x_format):
    pipeline.import_file(store, tweets(), file_name="tweets.json")
    assert not any(r["is_owner_reply"] for r in stored(store).values())


def test_account_flag_names_the_handle_on_the_files_platform(store, x_format):
    set_owners(store, x=["99"])
    file = tweets(user="kemensos_x", user_id="55")
    pipeline.import_file(store, file, file_name="t.json", account="kemensosri")
    rows = stored(store)
    assert rows["1335000000000000003"]["is_owner_reply"] is True
    assert rows["1335000000000000002"]["is_owner_reply"] is False


def test_instagram_keeps_its_account_setting(store):
    """``account`` still names the Instagram owner, and ids added for Instagram do too."""
    settings_mod.save(store, replace(settings_mod.load(store), account="kemensos_test"))
    plan = plan_mod.make_plan(
        pipeline.as_source(FIXTURES / "apify.json", None),
        None,
        "",
        None,
        None,
        20_000,
        owners=settings_mod.owner_identities(
            replace(settings_mod.load(store), owners={"instagram": ["1234"]})
        ),
    )
    assert (plan.ctx.platform, plan.ctx.account, plan.ctx.owner_ids) == (
        "instagram",
        "kemensos_test",
        frozenset({"1234"}),
    )


def test_posts_are_stored_with_what_the_file_says(store, x_format):
    pipeline.import_file(store, tweets(), file_name="tweets.json")
    post = post_store.get_post(store, "x", POST)
    assert post is not None
    assert post["url"] == f"https://x.com/KemensosRI/status/{POST}"
    assert post["title"] == "Penyaluran bansos tahap 2"
    assert post["published_at"] == datetime(2020, 12, 6, 1)
    assert (post["like_count"], post["view_count"], post["comment_count"]) == (40, 1000, None)
    assert post["first_seen_import_id"] == 1


def test_an_older_export_never_rolls_post_counts_back(store, x_format):
    pipeline.import_file(store, tweets(post_likes=40), file_name="new.json")
    older = pipeline.import_file(store, tweets(post_likes=25, views=None), file_name="old.json")
    assert older.rows_duplicate == 3
    post = post_store.get_post(store, "x", POST)
    assert (post["like_count"], post["view_count"]) == (40, 1000)
    pipeline.import_file(store, tweets(post_likes=90), file_name="newer.json")
    assert post_store.get_post(store, "x", POST)["like_count"] == 90


def test_instagram_posts_get_their_links(store):
    pipeline.import_file(store, FIXTURES / "apify.json")
    stored_posts = post_store.read_posts(store)
    assert set(stored_posts["platform"]) == {"instagram"}
    assert all(
        url == f"https://www.instagram.com/p/{pid}/"
        for pid, url in zip(stored_posts["post_id"], stored_posts["url"], strict=True)
    )
    assert len(stored_posts) >= 1


def test_same_ids_from_two_platforms_are_kept_apart(store, x_format, monkeypatch):
    pipeline.import_file(store, tweets(), file_name="tweets.json")

    class TikTokFormat(XFormat):
        name, platform = "test_tiktok", "tiktok"

    read_as(monkeypatch, TikTokFormat())
    report = pipeline.import_file(store, tweets(), file_name="tiktok.json")
    assert (report.rows_new, report.rows_duplicate) == (3, 0)
    with store.connect() as conn:
        keys = conn.execute(select(comments.c.platform, comments.c.comment_id)).all()
    assert len(keys) == 6 and {p for p, _ in keys} == {"x", "tiktok"}


def test_undo_forgets_the_posts_of_the_import(store, x_format):
    report = pipeline.import_file(store, tweets(), file_name="tweets.json")
    pipeline.undo_import(store, report.import_id)
    assert post_store.read_posts(store).empty


def test_unusable_owner_settings_refuse_the_import(store, x_format, monkeypatch):
    broken = replace(settings_mod.Settings(), owners={"x": ["a", "b"]})
    monkeypatch.setattr(pipeline, "_settings", lambda _store: broken)
    with pytest.raises(IngestError, match="one handle per platform"):
        pipeline.import_file(store, tweets(), file_name="tweets.json")
    assert stored(store) == {}


def test_post_facts_are_one_row_per_post():
    import pandas as pd

    canon = pd.DataFrame(
        {
            "post_id": ["A", "A", "B", ""],
            "post_url": ["https://x.com/a", None, None, "https://x.com/none"],
            "post_title": [None, "judul A", None, None],
            "post_published": ["2020-12-06T01:00:00Z", None, "1999-01-01T00:00:00Z", None],
            "post_like_count": ["10", "12", "not a count", "3"],
        }
    )
    facts = post_facts(canon).set_index("post_id")
    assert list(facts.index) == ["A", "B"]
    assert facts.loc["A", "url"] == "https://x.com/a" and facts.loc["A", "title"] == "judul A"
    assert facts.loc["A", "like_count"] == 12
    assert facts.loc["A", "published_at"] == pd.Timestamp("2020-12-06 01:00:00")
    assert pd.isna(facts.loc["B", "published_at"])  # before 2010: a broken date, unknown
    assert pd.isna(facts.loc["B", "like_count"])


def test_post_facts_without_post_columns_name_the_posts():
    import pandas as pd

    facts = post_facts(pd.DataFrame({"post_id": ["B", "A", "B", ""]}))
    assert facts["post_id"].tolist() == ["B", "A"]


def test_post_titles_lose_their_handles_when_authors_are_pseudonymised(
    store, x_format, monkeypatch
):
    from monitor.ops import privacy

    monkeypatch.setenv(privacy.KEY_ENV, "a test key that is long enough")
    settings_mod.save(store, replace(settings_mod.load(store), pseudonymise_authors=True))
    items = json.loads(tweets())
    for item in items:
        item["post_title"] = "@budi_s bansos belum cair"
    pipeline.import_file(store, json.dumps(items).encode(), file_name="tweets.json")
    title = post_store.get_post(store, "x", POST)["title"]
    key = privacy.pseudonym_key()
    assert title == f"@{privacy.pseudonym('budi_s', key)} bansos belum cair"


def test_retention_forgets_posts_left_without_comments(store, x_format):
    from monitor.store import purge

    pipeline.import_file(store, tweets(), file_name="tweets.json")
    assert purge.delete_before(store, datetime(2020, 12, 6).date()) == 0
    assert len(post_store.read_posts(store)) == 1
    assert purge.delete_before(store, datetime(2020, 12, 8).date()) == 3
    assert post_store.read_posts(store).empty
