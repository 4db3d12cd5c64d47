"""Bad files of the X, YouTube, Facebook and TikTok readers: one clear message naming the file
(and the row or item), and the store exactly as it was."""

from __future__ import annotations

import json

import pytest

from monitor.core.errors import IngestError
from monitor.ingest import pipeline
from tests.ingest_helpers import FIXTURES, fixture_bytes, snapshot

TH = fixture_bytes("tweet_harvest_2.7.csv")
TH_LINES = TH.split(b"\r\n")


def _th_rows(*rows: bytes) -> bytes:
    return b"\r\n".join([TH_LINES[0], *rows, b""])


XP = fixture_bytes("x_api_pages.json")


def _x_pages(change) -> bytes:
    pages = json.loads(XP)
    for page in pages:
        for tweet in page["data"]:
            change(tweet)
    return json.dumps(pages).encode()


YT = fixture_bytes("youtube_pages.json")


def _yt_comments(change) -> bytes:
    pages = json.loads(YT)
    for page in pages:
        for thread in page["items"]:
            for c in [
                thread["snippet"]["topLevelComment"],
                *thread.get("replies", {}).get("comments", []),
            ]:
                change(c)
    return json.dumps(pages).encode()


FB = fixture_bytes("facebook_apify.json")


def _fb_items(change) -> bytes:
    items = json.loads(FB)
    for item in items:
        change(item)
    return json.dumps(items).encode()


TT = fixture_bytes("tiktok_apify.json")


def _tt_items(change) -> bytes:
    items = json.loads(TT)
    for item in items:
        change(item)
    return json.dumps(items).encode()


BAD = [
    # name, bytes, file name, analyst-named format, expected message (regex)
    ("th header only", _th_rows(), "th.csv", None, r"no comment rows"),
    ("th truncated in a text", TH[: TH.index(b"Cek status")], "th.csv", None, r"malformed CSV.*EOF inside string starting at row \d+"),
    ("th row wider than header", _th_rows(TH_LINES[1] + b',"x"'), "th.csv", None, r"row 2: line 2 has 16 fields but the header has 15"),
    ("th columns shifted", _th_rows(*(b",".join(r.split(b",")[1:]) + b',""' for r in TH_LINES[1:4])), "th.csv", None, r"none of the 3 rows could be used \(row 2: date missing or not understood"),
    ("th another platform's sheet", fixture_bytes("exportcomments.csv"), "th.csv", "tweet_harvest", r"not an export of tweet-harvest.*'Comment URL'"),
    ("th dates in the future", TH.replace(b'"2020-12-0', b'"2099-12-0'), "th.csv", None, r"none of the 9 rows could be used \(row 2: date outside 2010 to today \('2099-12-07T20:45:30.000Z'\)"),
    ("th 2.6 dates before 2010", fixture_bytes("tweet_harvest_2.6.csv").replace(b" 2020", b" 2009"), "th.csv", None, r"none of the 9 rows.*row 2: no text.*row 3: date outside 2010 to today \('Mon Dec 07 09:00:00 \+0000 2009'\)"),
    ("th 2.6 dates not dates", fixture_bytes("tweet_harvest_2.6.csv").replace(b"Dec 0", b"Dez 0"), "th.csv", None, r"row 3: date missing or not understood \('Mon Dez 07 09:00:00"),
    ("th without its id column", TH.replace(b'"id_str"', b'"tweet_id"', 1), "th.csv", None, r"unknown export layout"),
    ("x empty page", b'{"data": [], "meta": {"result_count": 0}}', "x.json", None, r"no comments"),
    ("x truncated", XP[: len(XP) // 2], "x.json", None, r"ends too early"),
    ("x truncated page per line", fixture_bytes("x_api_pages.jsonl")[:-300], "x.jsonl", None, r"ends too early|invalid JSON"),
    ("x data not tweets", b'[{"data": [[1, 2]], "meta": {}}]', "x.json", None, r"not recognised.*first comment of its 'data' pages has: list"),
    ("x another platform's pages", fixture_bytes("graph_page.json"), "x.json", "x_api", r"not an export of X API v2.*has: id, like_count"),
    ("x dates in the future", XP.replace(b'"2020-12-0', b'"2099-12-0'), "x.json", None, r"none of the 8 rows could be used \(row 1: date outside 2010 to today \('2099-12-07T20:45:30.000Z'\)"),
    ("x dates not dates", _x_pages(lambda t: t.update(created_at="06/12/2020")), "x.json", None, r"row 1: date missing or not understood \('06/12/2020'\)"),
    ("yt empty page", b'{"kind": "youtube#commentThreadListResponse", "items": []}', "yt.json", None, r"no comments.*'items' lists are empty"),
    ("yt truncated", YT[: len(YT) // 3], "yt.json", None, r"ends too early"),
    ("yt items not threads", b'{"items": ["Bansos belum cair"]}', "yt.json", None, r"not recognised.*first comment of its 'items' pages has: str"),
    ("yt another platform's pages", fixture_bytes("x_api_page.json"), "yt.json", "youtube", r"not an export of YouTube Data API.*has: author_id"),
    ("yt dates before 2010", YT.replace(b'"2020-12-0', b'"2009-12-0'), "yt.json", None, r"none of the 8 rows could be used \(row 1: date outside 2010 to today \('2009-12-06T05:10:00Z'\)"),
    ("yt dates missing", _yt_comments(lambda c: c["snippet"].pop("publishedAt")), "yt.json", None, r"none of the 8 rows could be used \(row 1: date missing or not understood \(''\)"),
    ("fb empty list", b"[]", "fb.json", None, r"no comments"),
    ("fb truncated", FB[: len(FB) // 2], "fb.json", None, r"ends too early"),
    ("fb only an error item", b'[{"url": "https://www.facebook.com/KemensosRI/posts/1", "error": "no_items", "errorDescription": "Empty or private data"}]', "fb.json", None, r"not recognised.*first item has: error, errorDescription, url"),
    ("fb texts not texts", _fb_items(lambda i: i.update(text={"sticker": 1})), "fb.json", None, r"none of the 7 rows could be used \(row 1: no comment text; row 2: no comment text"),
    ("fb another platform's comments", fixture_bytes("apify.json"), "fb.json", "facebook_apify", r"not an export of Apify Facebook comments.*first item has: .*ownerUsername"),
    ("fb dates in the future", FB.replace(b'"2020-12-0', b'"2099-12-0'), "fb.json", None, r"none of the 7 rows could be used \(row 1: date outside 2010 to today \('2099-12-06T05:10:00.000Z'\)"),
    ("fb dates missing", _fb_items(lambda i: i.pop("date")), "fb.json", None, r"row 1: date missing or not understood"),
    ("tt empty list", b"[]", "tt.json", None, r"no comments"),
    ("tt truncated", TT[: len(TT) // 2], "tt.json", None, r"ends too early"),
    ("tt one object, not a list", json.dumps({"data": json.loads(TT)}).encode(), "tt.json", None, r"not recognised.*'data' pages has: .*cid"),
    ("tt another platform's comments", FB, "tt.json", "tiktok_apify", r"not an export of Apify TikTok comments.*first item has: .*facebookId"),
    ("tt dates in the future", _tt_items(lambda i: i.update(createTime=3999999999)), "tt.json", None, r"none of the 6 rows could be used \(row 1: date outside 2010 to today \('3999999999'\)"),
    ("tt dates before 2010", _tt_items(lambda i: i.update(createTime=1200000000, createTimeISO="2008-01-10T21:20:00.000Z")), "tt.json", None, r"none of the 6 rows could be used \(row 1: date outside 2010 to today \('1200000000'\)"),
    ("tt without cids", _tt_items(lambda i: i.pop("cid")), "tt.json", None, r"not recognised.*first item has: .*createTime"),
    ("x tweets without ids", _x_pages(lambda t: t.pop("id")), "x.json", None, r"not recognised.*has: author_id, conversation_id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "file_name", "fmt", "message"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_file_is_refused_and_store_unchanged(store, name, data, file_name, fmt, message):
    pipeline.import_file(store, FIXTURES / "minet.csv")  # something already stored
    before = snapshot(store)
    with pytest.raises(IngestError, match=message) as info:
        pipeline.import_file(store, data, file_name=file_name, source_format=fmt)
    assert file_name in str(info.value)
    assert snapshot(store) == before


def test_facebook_comments_without_ids_get_stable_ids(store):
    def strip(item: dict) -> None:
        for key in ("id", "commentUrl", "commentId", "feedbackId"):
            item.pop(key, None)

    data = _fb_items(strip)
    first = pipeline.import_file(store, data, file_name="fb.json")
    again = pipeline.import_file(store, data, file_name="fb.json")
    assert (first.rows_new, again.rows_new, again.rows_duplicate) == (6, 0, 6)


def test_youtube_comments_without_ids_get_stable_ids(store):
    data = _yt_comments(lambda c: c.pop("id"))
    first = pipeline.import_file(store, data, file_name="yt.json")
    again = pipeline.import_file(store, data, file_name="yt.json")
    assert (first.rows_new, again.rows_new, again.rows_duplicate) == (8, 0, 8)


def test_tweets_without_ids_get_stable_ids(store):
    """A row with an empty ``id_str`` keeps its comment under the hash id every other
    format's id-less rows get; importing it again adds nothing."""
    data = _th_rows(*(r.replace(r.split(b",")[4], b'""', 1) for r in TH_LINES[1:3]))
    first = pipeline.import_file(store, data, file_name="th.csv")
    again = pipeline.import_file(store, data, file_name="th.csv")
    assert (first.rows_new, again.rows_new, again.rows_duplicate) == (2, 0, 2)
