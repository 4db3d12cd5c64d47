"""Apify TikTok comments (clockworks): flat replies by repliesToId, videos from their links."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.ingest import pipeline
from monitor.ingest.detect import detect
from monitor.ingest.formats.tiktok_apify import video_id
from tests.ingest_helpers import FIXTURES, MF, stored

C = [c[0] for c in MF.TT_COMMENTS]
TOP, OWNER_REPLY, REPLY, IMPOSTOR, ORPHAN, OTHER_VIDEO = C
VIDEO, VIDEO2 = MF.TT_VIDEOS


def rows(source="tiktok_apify.json", **kwargs) -> pd.DataFrame:
    source = FIXTURES / source if isinstance(source, str) else source
    kwargs.setdefault("account", "kemensosri")
    return pipeline.preview(source, file_name="tt.json", n=50, **kwargs).set_index("comment_id")


def test_detected():
    assert detect(FIXTURES / "tiktok_apify.json").format == "tiktok_apify"


def test_videos_parents_authors_owner():
    df = rows()
    assert list(df.index) == C
    assert (df["platform"] == "tiktok").all() and (df["source_format"] == "tiktok_apify").all()
    assert df["parent_id"].dropna().to_dict() == {
        OWNER_REPLY: TOP,
        REPLY: TOP,
        ORPHAN: "6903499999999999999",
    }
    assert (df.drop(OTHER_VIDEO)["post_id"] == VIDEO).all() and df.loc[
        OTHER_VIDEO, "post_id"
    ] == VIDEO2
    assert df.loc[OTHER_VIDEO, "post_url"] == f"https://www.tiktok.com/@kemensosri/video/{VIDEO2}"
    assert df.loc[OWNER_REPLY, ["author", "author_id"]].tolist() == [
        "kemensosri",
        MF.TT_ACCOUNT_UID,
    ]
    assert set(df.index[df["is_owner_reply"]]) == {OWNER_REPLY}  # not kemensos.ri_official


def test_times_unix_or_iso_days_and_likes():
    df = rows()
    assert df.loc[IMPOSTOR, "created_at_utc"] == pd.Timestamp("2020-12-06 17:30:00")
    assert df.loc[IMPOSTOR, "day"] == pd.Timestamp("2020-12-07")
    assert df.loc[OTHER_VIDEO, "created_at_utc"] == pd.Timestamp("2020-12-07 20:45:30")  # ISO only
    assert df.loc[OTHER_VIDEO, "day"] == pd.Timestamp("2020-12-08")
    assert df["like_count"].to_dict() == {c[0]: c[7] for c in MF.TT_COMMENTS}
    assert df.loc[OWNER_REPLY, "text"] == "Mohon maaf kak, silakan DM NIK ya 🙏"


def test_import_stores_threads_and_answers(store):
    report = pipeline.import_file(store, FIXTURES / "tiktok_apify.json", account="kemensosri")
    assert (report.source_format, report.rows_new, report.rows_rejected) == ("tiktok_apify", 6, 0)
    got = stored(store)
    assert got[OWNER_REPLY]["parent_id"] == TOP and got[OWNER_REPLY]["is_owner_reply"]
    assert got[TOP]["first_reply_at"] == pd.Timestamp("2020-12-06 06:00:00")
    assert got[IMPOSTOR]["first_reply_at"] is None


def test_video_from_the_submitted_link_when_the_web_link_is_missing():
    items = MF.tiktok_items()
    for item in items:
        item.pop("videoWebUrl")
    df = rows(json.dumps(items).encode())
    assert df.loc[OTHER_VIDEO, "post_id"] == VIDEO2
    assert df["post_url"].isna().all()


@pytest.mark.parametrize(
    ("url", "vid"),
    [("https://www.tiktok.com/@kemensosri/video/6903412345678901234", "6903412345678901234"),
     ("https://www.tiktok.com/@a.b/photo/7?lang=id", "7"), ("https://vt.tiktok.com/ZSabc/", None),
     (None, None)],
)  # fmt: skip
def test_video_id(url, vid):
    assert video_id(url) == vid
