"""Post exports: Apify's post scraper, Instaloader's metadata, the Graph API media list and
YouTube videos.list are read as posts (no comments), merged into the stored posts, and bad
items are named."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from monitor.store.posts import read_posts
from tests.ingest_helpers import FIXTURES, MF

CODES = [p[0] for p in MF.IG_POSTS]


def _posts(store, platform="instagram") -> pd.DataFrame:
    return read_posts(store, [platform]).set_index("post_id")


def test_apify_posts_are_stored_with_caption_type_hashtags_and_counts(store):
    report = pipeline.import_file(store, FIXTURES / "apify_posts.json")
    assert report.kind == "posts" and report.source_format == "apify_posts"
    assert (report.rows_read, report.rows_new, report.rows_updated) == (3, 3, 0)
    assert "3 posts read, 3 new" in report.summary()
    posts = _posts(store)
    assert list(posts.index) == sorted(CODES)
    first = posts.loc[MF.POST]
    assert first["caption"].startswith("Penyaluran BST tahap 9")
    assert first["media_type"] == "carousel"
    assert first["hashtags"] == "bansostepatsasaran kemensoshadir"
    assert (first["like_count"], first["comment_count"]) == (1532, 214)
    assert first["url"] == f"https://www.instagram.com/p/{MF.POST}/"
    assert pd.Timestamp(first["published_at"]) == pd.Timestamp("2020-12-06 05:00:00")
    assert posts.loc["CIkuisSABTU", "view_count"] == 15400


def test_a_post_file_writes_no_comment(store):
    from monitor.store.queries import comment_count

    pipeline.import_file(store, FIXTURES / "graph_media.json")
    assert comment_count(store) == 0
    assert len(_posts(store)) == 3


def test_instaloader_post_metadata(store):
    report = pipeline.import_file(store, FIXTURES / MF.INSTALOADER_POST_NAME)
    assert report.source_format == "instaloader_posts" and report.rows_new == 1
    post = _posts(store).loc[MF.POST]
    assert post["caption"].startswith("Penyaluran BST") and post["media_type"] == "carousel"
    assert post["hashtags"] == "bansostepatsasaran kemensoshadir"  # read from the caption
    assert (post["like_count"], post["comment_count"]) == (1532, 214)
    assert pd.Timestamp(post["published_at"]) == pd.Timestamp("2020-12-06 05:00:00")


def test_graph_media_list_uses_the_permalinks_shortcode(store):
    pipeline.import_file(store, FIXTURES / "graph_media.json")
    posts = _posts(store)
    assert list(posts.index) == sorted(CODES)
    assert posts.loc["CIxyzTRANSP", "media_type"] == "image"
    assert posts.loc["CIxyzTRANSP", "hashtags"] == "transparansianggaran"


def test_youtube_videos_are_youtube_posts_with_title_description_and_counts(store):
    report = pipeline.import_file(store, FIXTURES / "youtube_videos.json")
    assert report.platform == "youtube" and report.rows_new == 2
    video = _posts(store, "youtube").loc[MF.YT_VIDEOS[1]]
    assert video["title"] == "Klarifikasi Hoaks Pemotongan Bansos"
    assert video["caption"].startswith("Hoaks!") and video["hashtags"] == "cekfakta"
    assert (video["view_count"], video["like_count"], video["comment_count"]) == (9400, 310, 152)


def test_a_post_seen_again_is_updated_never_duplicated(store, tmp_path):
    pipeline.import_file(store, FIXTURES / "apify_posts.json")
    later = json.loads((FIXTURES / "apify_posts.json").read_text(encoding="utf-8"))
    later[0]["likesCount"] = 2000
    later[0]["caption"] = "Caption diperbarui #KemensosHadir"
    path = tmp_path / "later.json"
    path.write_text(json.dumps(later), encoding="utf-8")
    report = pipeline.import_file(store, path)
    assert (report.rows_new, report.rows_updated) == (0, 3)
    posts = _posts(store)
    assert len(posts) == 3
    assert posts.loc[MF.POST, "like_count"] == 2000
    assert posts.loc[MF.POST, "caption"] == "Caption diperbarui #KemensosHadir"


def test_comments_and_posts_of_one_post_meet(store):
    """A comment export and a post export of the same post name the same stored post."""
    pipeline.import_file(store, FIXTURES / "apify.json")
    pipeline.import_file(store, FIXTURES / "apify_posts.json")
    posts = _posts(store)
    assert posts.loc[MF.POST, "caption"].startswith("Penyaluran BST")
    assert list(posts.index).count(MF.POST) == 1


def test_bad_items_are_rejected_by_number_and_reason(store, tmp_path):
    items = json.loads((FIXTURES / "apify_posts.json").read_text(encoding="utf-8"))
    items[1]["shortCode"] = ""
    items[2]["timestamp"] = "kemarin sore"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    report = pipeline.import_file(store, path)
    assert report.rows_new == 1 and report.rows_rejected == 2
    assert report.rejections == [
        (2, "no post id (or not a post object)"),
        (3, "published time 'kemarin sore' is not a time"),
    ]
    assert "item 2: no post id" in report.summary()


def test_a_file_of_unusable_posts_is_refused_and_leaves_the_store_unchanged(store, tmp_path):
    items = json.loads((FIXTURES / "apify_posts.json").read_text(encoding="utf-8"))
    for item in items:
        item["shortCode"] = None
    path = tmp_path / "none.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    with pytest.raises(IngestError, match=r"none of the 3 posts could be used \(item 1: no post"):
        pipeline.import_file(store, path)
    assert read_posts(store).empty
    assert pipeline.list_imports(store).empty


def test_the_import_record_says_posts(store):
    from monitor.store.comments import get_import

    report = pipeline.import_file(store, FIXTURES / "apify_posts.json")
    record = get_import(store, report.import_id)
    assert record["details"]["kind"] == "posts"
    assert record["rows_new"] == 3 and record["source_format"] == "apify_posts"


def test_preview_of_a_post_file_shows_posts():
    df = pipeline.preview(FIXTURES / "apify_posts.json")
    assert list(df["post_id"]) == CODES
    assert "caption" in df
