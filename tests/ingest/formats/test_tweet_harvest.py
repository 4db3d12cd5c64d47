"""tweet-harvest CSV (X): versions 2.6 and 2.7, threads, owner replies, post facts."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from monitor.ingest import pipeline
from monitor.ingest.detect import detect
from tests.ingest_helpers import FIXTURES, MF, stored

V26, V27 = "tweet_harvest_2.6.csv", "tweet_harvest_2.7.csv"
T = {int(t.id[-1]): t for t in MF.TWEETS}  # the fixture's tweets by number 1..9
ROOTS = {1, 4, 6, 9}


def rows(name: str, **kwargs) -> pd.DataFrame:
    df = pipeline.preview(FIXTURES / name, account="kemensosri", n=50, **kwargs)
    return df.set_index("comment_id")


@pytest.mark.parametrize("name", [V26, V27])
def test_detected_as_tweet_harvest(name):
    det = detect(FIXTURES / name)
    assert (det.format, det.kind, det.delimiter) == ("tweet_harvest", "csv", ",")


@pytest.mark.parametrize("name", [V26, V27])
def test_threads_parents_authors_and_owner_replies(name):
    df = rows(name)
    assert (df["platform"] == "x").all() and (df["source_format"] == "tweet_harvest").all()
    one = df.loc[T[2].id]
    assert (one["post_id"], one["parent_id"]) == (T[1].id, T[1].id)
    assert (one["author"], one["author_id"]) == ("warga_bdg", "987650001")
    # a reply to the account's own first tweet is top-level: it waits for an answer
    assert not one["is_reply"]
    # a reply names only its thread; the account's answer to a user is linked to that user's
    # latest earlier tweet in the thread, so the complaint it answers is the one answered
    assert df.loc[T[3].id, "parent_id"] == T[2].id and df.loc[T[3].id, "is_reply"]
    assert df.loc[T[7].id, "is_reply"] and df.loc[T[8].id, "is_reply"]  # not to the account
    assert df.loc[T[5].id, "parent_id"] == T[4].id
    assert df.loc[T[7].id, ["post_id", "parent_id"]].tolist() == [T[6].id, T[6].id]
    # a reply in a thread whose first tweet is not in the file
    assert df.loc[T[8].id, ["post_id", "parent_id"]].tolist() == [MF.OUTSIDE_THREAD] * 2
    for n in ROOTS & {int(i[-1]) for i in df.index}:
        assert pd.isna(df.loc[T[n].id, "parent_id"]) and not df.loc[T[n].id, "is_reply"]
        assert df.loc[T[n].id, "post_id"] == T[n].id
    owner = set(df.index[df["is_owner_reply"]])
    assert owner == {T[1].id, T[3].id, T[5].id}
    assert (df.loc[list(owner), "author_id"] == MF.X_ACCOUNT_ID).all()


@pytest.mark.parametrize("name", [V26, V27])
def test_times_utc_jakarta_days_and_likes(name):
    df = rows(name)
    assert df.loc[T[4].id, "created_at_utc"] == pd.Timestamp("2020-12-06 17:30:00")
    assert df.loc[T[4].id, "day"] == pd.Timestamp("2020-12-07")  # 00:30 in Jakarta
    assert df.loc[T[2].id, "day"] == pd.Timestamp("2020-12-06")
    for t in MF.TWEETS:
        if t.id in df.index:
            assert df.loc[t.id, "created_at_utc"] == pd.Timestamp(t.utc)
            assert df.loc[t.id, "like_count"] == t.likes


def test_27_keeps_the_text_as_posted():
    df = rows(V27)
    assert df.loc[T[1].id, "text"].startswith("Penyaluran BST tahap 9 dimulai hari ini.\nCek")
    assert "&amp;" in df.loc[T[1].id, "text"]  # Twitter's escape, kept as the file has it
    assert (
        df.loc[T[4].id, "text"]
        == 'Kapan BLT cair, "katanya" minggu ini? Sudah 3 bulan nunggu @kemensosri 😭'
    )
    assert df.loc[T[9].id, "text"] == "🙏🙏🙏"
    assert len(df) == 9


def test_26_stripped_text_and_the_emoji_only_tweet_is_rejected(store):
    df = rows(V26)
    assert (
        df.loc[T[4].id, "text"]
        == "Kapan BLT cair katanya minggu ini? Sudah 3 bulan nunggu @kemensosri"
    )
    assert df.loc[T[7].id, "text"] == "@andi_k setuju usut tuntas &amp; transparan"
    assert T[9].id not in df.index
    report = pipeline.import_file(store, FIXTURES / V26, account="kemensosri")
    assert (report.rows_read, report.rows_new, report.rows_rejected) == (9, 8, 1)
    [(row, why)] = report.rejections
    assert row == 2  # the newest tweet, first below the header
    assert why.startswith("no text") and "emoji" in why


def test_post_facts_come_from_the_threads_first_tweet():
    df = rows(V27)
    root = df.loc[T[1].id]
    assert root["post_title"] == T[1].text
    assert root["post_url"] == f"https://x.com/kemensosri/status/{T[1].id}"
    assert int(root["post_like_count"]) == 250 and int(root["post_comment_count"]) == 3
    assert root["post_published"] == "2020-12-06T03:00:00.000Z"  # as the file writes it
    replies = df.loc[[T[2].id, T[3].id, T[8].id]]
    assert replies[["post_title", "post_url", "post_like_count"]].isna().all().all()


def test_import_stores_threads_and_answers(store):
    report = pipeline.import_file(store, FIXTURES / V27, account="kemensosri")
    assert (report.source_format, report.rows_new, report.rows_rejected) == ("tweet_harvest", 9, 0)
    got = stored(store)
    assert set(got) == {t.id for t in MF.TWEETS}
    assert got[T[5].id]["parent_id"] == T[4].id and got[T[5].id]["is_owner_reply"]
    assert got[T[4].id]["first_reply_at"] == pd.Timestamp("2020-12-06 18:15:00")
    assert got[T[2].id]["first_reply_at"] == pd.Timestamp("2020-12-06 06:00:00")
    assert pd.isna(got[T[1].id]["first_reply_at"])  # the account's own tweet is not answered
    assert got[T[7].id]["post_id"] == T[6].id
    again = pipeline.import_file(store, FIXTURES / V26, account="kemensosri")
    assert again.rows_new == 0  # the same tweets, whichever version wrote them


def test_older_release_without_username_uses_the_user_id():
    raw = (FIXTURES / V27).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(raw, newline="")))
    keep = [i for i, c in enumerate(table[0]) if c not in ("username", "tweet_url", "location")]
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL).writerows([[r[i] for i in keep] for r in table])
    df = pipeline.preview(buf.getvalue().encode(), file_name="old.csv", n=50)
    assert detect(buf.getvalue().encode()).format == "tweet_harvest"
    assert df.set_index("comment_id").loc[T[2].id, "author"] == "987650001"


def test_xlsx_export_reads_the_same():
    from openpyxl import Workbook

    raw = (FIXTURES / V27).read_text(encoding="utf-8")
    wb = Workbook()
    for r in csv.reader(io.StringIO(raw, newline="")):
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    df = pipeline.preview(buf.getvalue(), file_name="tweets.xlsx", account="kemensosri", n=50)
    assert (
        df.set_index("comment_id")["parent_id"].dropna().to_dict()
        == rows(V27)["parent_id"].dropna().to_dict()
    )


def test_twitter_time_format_is_read_beside_iso_and_unix_times():
    from monitor.ingest.rows import parse_times

    raw = pd.Series(["Wed Dec 09 06:38:12 +0000 2020", "Wed Dec 09 13:38:12 +0700 2020",
                     "2020-12-09T06:38:12.000Z", "1607495892", "Wed Dec 39 06:38:12 +0000 2020",
                     "Wed, Dec 09 2020"])  # fmt: skip
    got = parse_times(raw, "UTC")
    assert got[:4].tolist() == [pd.Timestamp("2020-12-09 06:38:12")] * 4
    assert got[4:].isna().all()


def test_complaints_to_the_accounts_thread_wait_in_the_queue(store):
    """The morning count and the waiting list agree on X: a complaint replying to the
    account's tweet is listed while unanswered, and leaves the list once answered."""
    from monitor.store import aggregates as agg

    raw = (FIXTURES / V27).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(raw, newline="")))
    answer = table[0].index("id_str")
    unanswered = [r for r in table if r[answer] != T[3].id]  # without the account's answer
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(unanswered)
    pipeline.import_file(
        store, buf.getvalue().encode(), file_name="tweets.csv", account="kemensosri"
    )
    waiting = agg.read_unanswered_complaints(store, limit=50)
    assert T[2].id in set(waiting["comment_id"])
    day = pd.Timestamp("2020-12-06").date()
    assert agg.count_unanswered_complaints(store, day, day) >= 1

    pipeline.import_file(store, FIXTURES / V27, account="kemensosri")  # the answer arrives
    waiting = agg.read_unanswered_complaints(store, limit=50)
    assert T[2].id not in set(waiting["comment_id"])
