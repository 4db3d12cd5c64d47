"""YouTube Data API commentThreads.list: pages, threads and replies, the channel's own replies."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.ingest import pipeline
from monitor.ingest.detect import detect
from monitor.ingest.formats.youtube import plain_text
from tests.ingest_helpers import FIXTURES, MF, stored

C = [c[0] for c in MF.YT_COMMENTS]  # the fixture's comments in order
TOP, OWNER_REPLY, REPLY, IMPOSTOR, HTML_ONLY, TOP2, OWNER_REPLY2, OWNER_TOP = C
VIDEO, VIDEO2 = MF.YT_VIDEOS


def rows(source, **kwargs) -> pd.DataFrame:
    source = FIXTURES / source if isinstance(source, str) else source
    df = pipeline.preview(source, file_name="yt.json", n=50, **kwargs)
    return df.set_index("comment_id")


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("youtube_page.json", "items.item"), ("youtube_pages.json", "item.items.item")],
)
def test_detected(name, prefix):
    det = detect(FIXTURES / name)
    assert (det.format, det.json_prefix) == ("youtube", prefix)


def test_pages_threads_replies_and_videos():
    df = rows("youtube_pages.json")
    assert list(df.index) == C
    assert (df["platform"] == "youtube").all() and (df["source_format"] == "youtube").all()
    assert df["parent_id"].dropna().to_dict() == {OWNER_REPLY: TOP, REPLY: TOP, OWNER_REPLY2: TOP2}
    assert df.loc[[TOP, OWNER_REPLY, REPLY, IMPOSTOR, HTML_ONLY], "post_id"].eq(VIDEO).all()
    assert df.loc[[TOP2, OWNER_REPLY2, OWNER_TOP], "post_id"].eq(VIDEO2).all()
    assert df["row"].tolist() == [1, 1, 1, 2, 3, 4, 4, 5]  # threads numbered through the pages
    assert len(rows("youtube_page.json")) == 5  # the first page alone


def test_the_channels_own_comments_are_the_owners_whatever_its_display_name():
    df = rows("youtube_pages.json")  # no account given: the file itself says
    assert set(df.index[df["is_owner_reply"]]) == {OWNER_REPLY, OWNER_REPLY2, OWNER_TOP}
    assert df.loc[OWNER_REPLY, "author"] == "Kementerian Sosial RI"
    assert df.loc[IMPOSTOR, "author"] == "Kementerian Sosial RI"  # the same name, another channel
    assert not df.loc[IMPOSTOR, "is_owner_reply"]
    assert df.loc[IMPOSTOR, "author_id"] == MF.YT_IMPOSTOR
    assert (df.loc[[OWNER_REPLY, OWNER_REPLY2], "author_id"] == MF.YT_CHANNEL).all()
    with_account = rows("youtube_pages.json", account="kementerian sosial ri")
    assert not with_account.loc[IMPOSTOR, "is_owner_reply"]  # a display name never matches


def test_text_original_preferred_and_text_display_read_back():
    df = rows("youtube_pages.json")
    assert df.loc[TOP, "text"] == "Bansos belum sampai ke RT kami, tolong dicek 🙏"
    assert (
        df.loc[HTML_ONLY, "text"] == "Bansos & BLT kapan cair?\nSudah 3 bulan 😭 1:05 <b>tolong</b>"
    )


def test_times_days_likes():
    df = rows("youtube_pages.json")
    assert df.loc[IMPOSTOR, "created_at_utc"] == pd.Timestamp("2020-12-06 17:30:00")
    assert df.loc[IMPOSTOR, "day"] == pd.Timestamp("2020-12-07")
    assert df.loc[OWNER_REPLY2, "day"] == pd.Timestamp("2020-12-08")
    assert df["like_count"].to_dict() == {c[0]: c[9] for c in MF.YT_COMMENTS}


def test_import_stores_threads_and_answers(store):
    report = pipeline.import_file(store, FIXTURES / "youtube_pages.json")
    assert (report.source_format, report.rows_read, report.rows_new) == ("youtube", 8, 8)
    got = stored(store)
    assert got[OWNER_REPLY]["is_owner_reply"] and got[OWNER_REPLY]["parent_id"] == TOP
    assert got[TOP]["first_reply_at"] == pd.Timestamp("2020-12-06 06:00:00")
    assert got[IMPOSTOR]["first_reply_at"] is None
    assert pipeline.import_file(store, FIXTURES / "youtube_page.json").rows_duplicate == 5


def test_bare_threads_and_comments_list_replies():
    threads = [t for page in MF.youtube_pages() for t in page["items"]]
    assert len(rows(json.dumps(threads).encode())) == 8
    replies = {"kind": "youtube#commentListResponse",
               "items": [r for t in threads for r in t.get("replies", {}).get("comments", [])]}  # fmt: skip
    df = rows(json.dumps(replies).encode())
    assert df["parent_id"].to_dict() == {OWNER_REPLY: TOP, REPLY: TOP, OWNER_REPLY2: TOP2}
    assert df.loc[OWNER_REPLY, "is_owner_reply"]  # the video's channel is in each comment too


@pytest.mark.parametrize(
    ("html", "text"),
    [("a &amp; b", "a & b"), ("satu<br>dua<BR/>tiga", "satu\ndua\ntiga"),
     ('<a href="https://x.example/">tautan</a>', "tautan"),
     ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>")],
)  # fmt: skip
def test_plain_text_of_text_display(html, text):
    assert plain_text(html) == text
