"""X API v2 responses: one page, a list of pages, pages one per line, or bare tweets."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.ingest import pipeline
from monitor.ingest.detect import detect
from tests.ingest_helpers import FIXTURES, MF, stored

FILES = ["x_api_page.json", "x_api_pages.json", "x_api_pages.jsonl"]
X = {int(t[0][-1]): t[0] for t in MF.X_TWEETS}  # tweet number 1..8 -> id


def rows(source, **kwargs) -> pd.DataFrame:
    source = FIXTURES / source if isinstance(source, str) else source
    df = pipeline.preview(source, file_name="x.json", account="kemensosri", n=50, **kwargs)
    return df.set_index("comment_id")


@pytest.mark.parametrize(
    ("name", "prefix", "lines"),
    [("x_api_page.json", "", True), ("x_api_pages.json", "item", False),
     ("x_api_pages.jsonl", "", True)],
)  # fmt: skip
def test_detected_and_read_page_by_page(name, prefix, lines):
    det = detect(FIXTURES / name)
    assert (det.format, det.json_prefix, det.json_lines) == ("x_api", prefix, lines)


@pytest.mark.parametrize("name", FILES)
def test_every_shape_gives_the_same_tweets(name):
    df = rows(name)
    assert set(df.index) == set(X.values())
    assert (df["platform"] == "x").all() and (df["source_format"] == "x_api").all()
    parents = df["parent_id"].dropna().to_dict()
    assert parents == {X[2]: X[1], X[3]: X[2], X[5]: X[4], X[6]: X[3], X[8]: X[2]}
    assert df.loc[X[7], "post_id"] == X[7]  # a quote tweet starts its own conversation
    assert (df.loc[[X[2], X[3], X[6], X[8]], "post_id"] == X[1]).all()
    assert df.loc[X[5], "post_id"] == X[4]
    # a reply to the account's own first tweet is top-level (it waits for an answer); a reply
    # to a reply, or in a conversation a citizen started, stays a reply
    assert not df.loc[X[2], "is_reply"]
    assert df.loc[[X[3], X[5], X[6], X[8]], "is_reply"].all()


@pytest.mark.parametrize("name", FILES)
def test_authors_from_includes_and_owner_replies(name):
    df = rows(name)
    assert df.loc[X[2], ["author", "author_id"]].tolist() == ["warga_bdg", "987650001"]
    assert set(df.index[df["is_owner_reply"]]) == {X[1], X[3]}
    # a display name like the account's (kemensos_ri_ calls itself "Kementerian Sosial RI")
    assert df.loc[X[8], "author"] == "kemensos_ri_" and not df.loc[X[8], "is_owner_reply"]


@pytest.mark.parametrize("name", FILES)
def test_text_times_days_likes(name):
    df = rows(name)
    assert df.loc[X[4], "text"] == "Kapan BLT cair?\nSudah 3 bulan nunggu 😭 @kemensosri"
    assert df.loc[X[5], "text"] == "@ibu_sari sama bu &amp; belum ada kabar"  # as the API sends it
    assert df.loc[X[8], "text"].endswith("ya ya") and len(df.loc[X[8], "text"]) > 280  # note_tweet
    assert df.loc[X[4], "created_at_utc"] == pd.Timestamp("2020-12-06 17:30:00")
    assert df.loc[X[4], "day"] == pd.Timestamp("2020-12-07")
    assert df.loc[X[8], "day"] == pd.Timestamp("2020-12-08")
    assert df.loc[X[1], "day"] == pd.Timestamp("2020-12-06")
    assert df["like_count"].to_dict() == {t[0]: t[6] for t in MF.X_TWEETS}


def test_post_facts_from_the_conversations_first_tweet():
    df = rows("x_api_pages.json")
    reply = df.loc[X[2]]
    assert reply["post_title"].startswith("Penyaluran BST tahap 9")
    assert reply["post_url"] == f"https://x.com/kemensosri/status/{X[1]}"
    assert (reply["post_like_count"], reply["post_comment_count"], reply["post_view_count"]) == (
        250,
        3,
        51234,
    )
    assert reply["post_published"] == "2020-12-06T03:00:00.000Z"
    assert df.loc[X[5], "post_url"] == f"https://x.com/ibu_sari/status/{X[4]}"


def test_rows_count_tweets_through_the_file():
    df = rows("x_api_pages.jsonl")
    newest_first = sorted(MF.X_TWEETS, key=lambda t: t[5], reverse=True)
    assert df.loc[[t[0] for t in newest_first], "row"].tolist() == list(range(1, 9))


def test_import_stores_conversations_and_answers(store):
    report = pipeline.import_file(store, FIXTURES / "x_api_pages.json", account="kemensosri")
    assert (report.source_format, report.rows_read, report.rows_new) == ("x_api", 8, 8)
    got = stored(store)
    assert got[X[3]]["parent_id"] == X[2] and got[X[3]]["is_owner_reply"]
    assert got[X[2]]["first_reply_at"] == pd.Timestamp("2020-12-06 06:00:00")
    assert got[X[5]]["first_reply_at"] is None
    again = pipeline.import_file(store, FIXTURES / "x_api_pages.jsonl", account="kemensosri")
    assert (again.rows_new, again.rows_duplicate) == (0, 8)


def test_bare_tweets_without_includes_show_the_user_id():
    tweets = [t for page in MF.x_pages() for t in page["data"]]
    df = rows(json.dumps(tweets).encode())
    assert detect(json.dumps(tweets).encode()).format == "x_api"
    assert df.loc[X[3], ["author", "author_id"]].tolist() == [MF.X_ACCOUNT_ID] * 2
    assert not df["is_owner_reply"].any()  # no handle: only the user id could say
    lines = "\n".join(json.dumps(t) for t in tweets).encode()
    assert rows(lines)["parent_id"].dropna().to_dict() == df["parent_id"].dropna().to_dict()


def test_twarc_flattened_tweets_carry_their_author():
    tweets = [dict(t, author={"id": t["author_id"], "username": MF.X_USERS[t["author_id"]][0]})
              for page in MF.x_pages() for t in page["data"]]  # fmt: skip
    df = rows("\n".join(json.dumps(t) for t in tweets).encode())
    assert df.loc[X[3], "author"] == "kemensosri" and df.loc[X[3], "is_owner_reply"]


def test_a_page_element_that_is_no_tweet_is_a_rejected_row(store):
    pages = MF.x_pages()
    pages[0]["data"].insert(1, "not a tweet")
    pages.append({"meta": {"result_count": 0}})  # the empty last page of a search
    report = pipeline.import_file(store, json.dumps(pages).encode(), file_name="x.json")
    assert (report.rows_read, report.rows_new, report.rejections) == (
        9,
        8,
        [(2, "no comment text")],
    )
