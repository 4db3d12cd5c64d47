"""Apify Facebook comments scraper: flat replies, ids from the comment links, likes in every
spelling, stickers without text, owner by vanity name or profile id, never by display name."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.ingest import pipeline
from monitor.ingest.detect import detect
from monitor.ingest.formats import apify, facebook_apify
from monitor.ingest.formats.facebook_apify import vanity_name
from tests.ingest_helpers import FIXTURES, MF, stored

C = [c[0] for c in MF.FB_COMMENTS]
TOP, OWNER_REPLY, NO_LIKES, STICKER, IMPOSTOR, WARNING, OTHER_POST = C
POST, POST2 = MF.FB_POSTS


def rows(source="facebook_apify.json", **kwargs) -> pd.DataFrame:
    source = FIXTURES / source if isinstance(source, str) else source
    kwargs.setdefault("account", "kemensosri")
    df = pipeline.preview(source, file_name="fb.json", n=50, **kwargs)
    return df.set_index("comment_id")


def test_detected_as_facebook_never_as_instagram():
    assert detect(FIXTURES / "facebook_apify.json").format == "facebook_apify"
    for item in MF.facebook_items():
        assert facebook_apify.FORMAT.matches(item)
        assert not apify.JSON.matches(item)  # it has text, likesCount and commentUrl too


def test_ids_posts_and_parents_from_the_comment_links():
    df = rows()
    assert list(df.index) == [TOP, OWNER_REPLY, NO_LIKES, IMPOSTOR, WARNING, OTHER_POST]
    assert (df["platform"] == "facebook").all()
    assert df["parent_id"].dropna().to_dict() == {OWNER_REPLY: TOP, WARNING: IMPOSTOR}
    assert df.loc[OTHER_POST, "post_id"] == POST2
    assert (df.drop(OTHER_POST)["post_id"] == POST).all()


def test_post_facts():
    df = rows()
    assert df.loc[TOP, "post_title"].startswith("Penyaluran BST tahap 9")
    assert df.loc[TOP, "post_url"] == MF.FB_POSTS[POST][0]
    assert df.loc[OTHER_POST, "post_title"] == "Kemensos menghormati proses hukum di KPK"


def test_likes_as_number_string_or_left_out_for_zero():
    df = rows()
    assert df.loc[[TOP, OWNER_REPLY, NO_LIKES, IMPOSTOR, WARNING], "like_count"].tolist() == [
        12,
        3,
        0,
        14,
        0,
    ]
    assert df["likes_known"].all()  # left out means zero, as the scraper writes zero
    items = MF.facebook_items()
    items[0]["likesCount"] = None  # null is not zero: unknown
    assert not rows(json.dumps(items).encode()).loc[TOP, "likes_known"]


def test_sticker_without_text_is_rejected(store):
    report = pipeline.import_file(store, FIXTURES / "facebook_apify.json", account="kemensosri")
    assert (report.rows_read, report.rows_new) == (7, 6)
    assert report.rejections == [(4, "no comment text")]


def test_owner_by_vanity_name_or_profile_id_never_the_display_name():
    df = rows()
    assert set(df.index[df["is_owner_reply"]]) == {OWNER_REPLY}
    assert df.loc[IMPOSTOR, "author"] == df.loc[OWNER_REPLY, "author"] == "Kementerian Sosial RI"
    assert df.loc[OWNER_REPLY, "author_id"] == MF.FB_PAGE_ID
    assert not rows(account="Kementerian Sosial RI")["is_owner_reply"].any()


def test_times_and_jakarta_days():
    df = rows()
    assert df.loc[NO_LIKES, "created_at_utc"] == pd.Timestamp("2020-12-06 17:30:00")
    assert df.loc[NO_LIKES, "day"] == pd.Timestamp("2020-12-07")
    assert df.loc[OTHER_POST, "day"] == pd.Timestamp("2020-12-08")


def test_import_stores_threads_and_answers(store):
    pipeline.import_file(store, FIXTURES / "facebook_apify.json", account="kemensosri")
    got = stored(store)
    assert set(got) == set(C) - {STICKER}
    assert got[TOP]["first_reply_at"] == pd.Timestamp("2020-12-06 06:00:00")
    assert got[IMPOSTOR]["first_reply_at"] is None
    assert got[OWNER_REPLY]["author"] == "Kementerian Sosial RI"


def test_ids_from_base64_ids_when_the_links_lack_them():
    items = MF.facebook_items()
    for item in items:
        item.pop("commentUrl")
        item.pop("commentId", None)
    df = rows(json.dumps(items).encode())
    assert set(df.index) == set(C) - {STICKER}  # the same ids, from comment:<post>_<comment>
    assert pd.isna(df.loc[OWNER_REPLY, "parent_id"])  # no link: the parent is not known


@pytest.mark.parametrize(
    ("url", "name"),
    [("https://www.facebook.com/KemensosRI", "KemensosRI"),
     ("https://www.facebook.com/warga.bandung.7/", "warga.bandung.7"),
     ("https://m.facebook.com/budi.99?ref=bookmarks", "budi.99"),
     ("https://www.facebook.com/profile.php?id=100012345678901", ""),
     ("https://www.facebook.com/people/Kementerian-Sosial-RI/pfbid0impostor/", ""),
     ("https://www.facebook.com/100012345678901", ""),  # an id, not a name
     ("https://evil.example/facebook.com/KemensosRI", ""), (None, "")],
)  # fmt: skip
def test_vanity_name(url, name):
    assert vanity_name(url) == name
