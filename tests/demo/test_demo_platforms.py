"""The demo year on X and YouTube: the platforms' own file shapes and the same case events."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from monitor.demo import generator as demo
from monitor.demo.records import iter_rows
from monitor.demo.shapes import TWEET_HARVEST_COLUMNS
from monitor.demo.story import ACCOUNT, PROFILES

ANGRY = re.compile(r"korupsi|koruptor|maling|tikus|hukum mati|hukuman mati", re.IGNORECASE)
CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")
X_ACCOUNT = PROFILES["x"].account_id
YT_CHANNEL = PROFILES["youtube"].account_id


def test_instagram_export_keeps_the_benchmarks_bytes(tmp_path):
    """The benchmark compares runs on this file: the platforms must not change it."""
    json_file = demo.write_demo_export(tmp_path / "demo.json", 800, seed=5)
    csv_file = demo.write_export_csv(tmp_path / "demo.csv", 800, seed=5)
    assert hashlib.sha256(json_file.read_bytes()).hexdigest() == (
        "bf2d8b5f79eb4fca44a9f52b5b486ad9f9a5f198baab139353189861aeee34fb"
    )
    assert hashlib.sha256(csv_file.read_bytes()).hexdigest() == (
        "eea905b86a00c7dc41dc90b406f5a99a343c75def0daeab2ff63ef4ff64501ee"
    )


@pytest.mark.parametrize("fmt", ["x_api", "tweet_harvest", "youtube"])
def test_same_seed_same_bytes(tmp_path, fmt):
    _, suffix, write = demo.WRITERS[fmt]
    a = write(tmp_path / f"a{suffix}", 300, 4).read_bytes()
    assert a == write(tmp_path / f"b{suffix}", 300, 4).read_bytes()
    assert a != write(tmp_path / f"c{suffix}", 300, 5).read_bytes()


@pytest.mark.parametrize("n", [0, 1, 7, 100, 7600, 12_345])
def test_demo_sizes_split_n_across_the_platforms(n):
    sizes = demo.demo_sizes(n)
    assert set(sizes) == set(demo.DEMO_FORMATS) == {"instagram", "x", "youtube"}
    assert sum(sizes.values()) == n
    assert demo.demo_sizes() == demo.DEMO_SIZES
    with pytest.raises(ValueError):
        demo.demo_sizes(-1)


def _daily(platform: str) -> pd.DataFrame:
    rows = []
    for row, replies in iter_rows(demo.DEMO_SIZES[platform], demo.DEFAULT_SEED, platform):
        rows.append({"text": row[3], "ts": row[7], "reply": False})
        rows.extend({"text": r[3], "ts": r[7], "reply": True} for r in replies)
    frame = pd.DataFrame(rows)
    frame["day"] = pd.to_datetime(frame["ts"], utc=True).dt.tz_convert("Asia/Jakarta").dt.date
    return frame


@pytest.fixture(scope="module", params=["instagram", "x", "youtube"])
def platform_days(request) -> tuple[str, pd.DataFrame]:
    return request.param, _daily(request.param)


def test_the_december_case_shows_on_every_platform(platform_days):
    platform, frame = platform_days
    top = frame[~frame["reply"]]
    daily = top.groupby("day").size()
    angry = top[top["text"].str.contains(ANGRY)].groupby("day").size()
    week = [date(2020, 12, 6) + timedelta(days=i) for i in range(4)]
    autumn = [d for d in daily.index if d < date(2020, 12, 1)]
    assert daily.reindex(week).fillna(0).mean() > 3 * daily.reindex(autumn).mean(), platform
    share_week = angry.reindex(week).fillna(0).sum() / daily.reindex(week).fillna(0).sum()
    share_autumn = angry.reindex(autumn).fillna(0).sum() / daily.reindex(autumn).sum()
    assert share_week > 0.3 > 3 * share_autumn, platform
    assert frame["day"].min() >= date(2020, 10, 1) and frame["day"].max() <= date(2021, 9, 30)


def test_x_reacts_harder_to_the_news_than_instagram():
    def surge(platform: str) -> float:
        daily = _daily(platform).groupby("day").size()
        autumn = daily[[d < date(2020, 12, 1) for d in daily.index]].mean()
        return daily.get(date(2020, 12, 6), 0) / autumn

    assert surge("x") > 1.3 * surge("instagram")


# --- X API v2 --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def x_pages(tmp_path_factory) -> list[dict]:
    path = demo.WRITERS["x_api"][2](tmp_path_factory.mktemp("x") / "x.jsonl", 900, 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_x_api_pages_one_per_line_with_their_authors_and_posts(x_pages):
    tweets = [t for page in x_pages for t in page["data"]]
    assert len(tweets) == 900
    assert all(len(page["data"]) <= 100 for page in x_pages)
    ids = [t["id"] for t in tweets]
    assert len(set(ids)) == len(ids)
    assert all(i.isdigit() and len(i) == 19 for i in ids)
    for page in x_pages:
        users = {u["id"]: u["username"] for u in page["includes"]["users"]}
        roots = {t["id"]: t for t in page["includes"]["tweets"]}
        assert page["meta"]["result_count"] == len(page["data"])
        for tweet in page["data"]:
            assert tweet["author_id"] in users
            assert tweet["conversation_id"] in roots
            assert tweet["text"].startswith("@") and len(tweet["text"]) <= 320
            assert tweet["created_at"].endswith(".000Z")
            (ref,) = tweet["referenced_tweets"]
            assert ref["type"] == "replied_to"
        for root in roots.values():
            assert root["author_id"] == X_ACCOUNT and root["conversation_id"] == root["id"]
            assert root["text"] and root["public_metrics"]["reply_count"] > 0
        assert users[X_ACCOUNT] == ACCOUNT


def test_x_the_ministry_answers_replies_never_its_own_post(x_pages):
    tweets = {t["id"]: t for page in x_pages for t in page["data"]}
    ministry = [t for t in tweets.values() if t["author_id"] == X_ACCOUNT]
    assert ministry, "the ministry answers on X too"
    for tweet in ministry:
        parent = tweets[tweet["referenced_tweets"][0]["id"]]  # a public reply in the file
        assert parent["author_id"] != X_ACCOUNT
        assert tweet["in_reply_to_user_id"] == parent["author_id"]
        assert tweet["created_at"] > parent["created_at"]
    public = [t for t in tweets.values() if t["author_id"] != X_ACCOUNT]
    to_post = [t for t in public if t["referenced_tweets"][0]["id"] == t["conversation_id"]]
    assert all(t["text"].startswith(f"@{ACCOUNT} ") for t in to_post)
    assert all(t["in_reply_to_user_id"] == X_ACCOUNT for t in to_post)


def test_tweet_harvest_csv_holds_the_same_tweets(tmp_path, x_pages):
    path = demo.WRITERS["tweet_harvest"][2](tmp_path / "tweets.csv", 900, 3)
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(line.startswith(b'"') for line in lines[:-1])
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(TWEET_HARVEST_COLUMNS)
    api = {t["id"]: t for page in x_pages for t in page["data"]}
    posts = [r for r in rows if r["id_str"] == r["conversation_id_str"]]
    replies = [r for r in rows if r["id_str"] != r["conversation_id_str"]]
    assert {r["id_str"] for r in replies} == set(api)
    assert all(r["username"] == ACCOUNT for r in posts)
    for r in replies:
        tweet = api[r["id_str"]]
        assert r["full_text"] == tweet["text"] and r["created_at"] == tweet["created_at"]
        assert r["in_reply_to_screen_name"]


# --- YouTube commentThreads.list ---------------------------------------------------------------


@pytest.fixture(scope="module")
def yt_pages(tmp_path_factory) -> list[dict]:
    path = demo.WRITERS["youtube"][2](tmp_path_factory.mktemp("yt") / "yt.json", 700, 3)
    return json.loads(path.read_text(encoding="utf-8"))


def test_youtube_pages_of_threads_with_their_replies(yt_pages):
    assert all(p["kind"] == "youtube#commentThreadListResponse" for p in yt_pages)
    assert all("nextPageToken" in p for p in yt_pages[:-1])
    assert "nextPageToken" not in yt_pages[-1]
    threads = [t for p in yt_pages for t in p["items"]]
    assert all(len(p["items"]) <= 100 for p in yt_pages)
    count = 0
    for thread in threads:
        snippet = thread["snippet"]
        top = snippet["topLevelComment"]
        assert thread["kind"] == "youtube#commentThread" and thread["id"] == top["id"]
        assert snippet["channelId"] == YT_CHANNEL and len(snippet["videoId"]) == 11
        assert top["snippet"]["authorChannelId"]["value"] != YT_CHANNEL  # the public starts
        replies = thread.get("replies", {}).get("comments", [])
        assert snippet["totalReplyCount"] == len(replies)
        count += 1 + len(replies)
        for comment in (top, *replies):
            s = comment["snippet"]
            assert s["textDisplay"] == html.escape(s["textOriginal"]).replace("\n", "<br>")
            assert s["authorDisplayName"].startswith("@")
            assert CHANNEL_ID.match(s["authorChannelId"]["value"])
            assert s["publishedAt"].endswith("Z") and s["videoId"] == snippet["videoId"]
        for reply in replies:
            assert reply["id"].startswith(thread["id"] + ".")
            assert reply["snippet"]["parentId"] == thread["id"]
    assert count == 700
    ids = [t["id"] for t in threads]
    assert len(set(ids)) == len(ids)


def test_youtube_the_ministry_answers_as_its_channel(yt_pages):
    answers = [
        r
        for p in yt_pages
        for t in p["items"]
        for r in t.get("replies", {}).get("comments", [])
        if r["snippet"]["authorChannelId"]["value"] == YT_CHANNEL
    ]
    assert answers
    assert all(r["snippet"]["authorDisplayName"] == f"@{ACCOUNT}" for r in answers)


# --- loaded through the real ingest ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from monitor.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    reports = demo.load_demo(store)
    yield store, reports
    store.dispose()


def test_every_platform_is_read_in_its_own_format_and_marked_demo(demo_store):
    from monitor.ingest.pipeline import list_imports

    store, reports = demo_store
    assert [(r.platform, r.source_format, r.rows_new) for r in reports if r.kind == "comments"] == [
        (p, demo.DEMO_FORMATS[p], n) for p, n in demo.DEMO_SIZES.items()
    ]
    assert all(r.rows_rejected == 0 and not r.warnings for r in reports)
    imports = list_imports(store)
    assert imports["is_demo"].astype(bool).all() and len(imports) == len(reports) == 5


def test_the_case_days_are_spikes_on_every_platform_and_answered_there(demo_store):
    from monitor.analysis import reports as reports_mod
    from monitor.store import queries

    store, _ = demo_store
    found = reports_mod.find_spikes(
        store, date(2020, 12, 5), date(2020, 12, 8), drivers=False, link_events=False
    )
    flagged = {
        (s.platform, s.metric) for s in found if s.day in (date(2020, 12, 6), date(2020, 12, 7))
    }
    for platform in ("instagram", "x", "youtube"):
        assert (platform, "negative") in flagged, platform
    assert (None, "negative") in flagged
    for platform in ("instagram", "x", "youtube"):
        flt = queries.CommentFilter(platforms=(platform,), answered="answered")
        assert queries.search_comments(store, flt, limit=1)[1] > 10, (
            platform
        )  # the ministry answers


def test_the_demo_posts_carry_captions_and_their_types_differ_in_reception(tmp_path):
    """The post exports give Instagram and YouTube posts captions; the types come from the
    rules over them and the reception from the comments, so several types show up and they
    are not all received alike."""
    from monitor.analysis import content
    from monitor.analysis.content_report import post_reception
    from monitor.demo.generator import load_demo
    from monitor.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        reports = load_demo(store, n=1500)
        assert {r.kind for r in reports} == {"comments", "posts"}
        frame = post_reception(store)
    finally:
        store.dispose()
    instagram = frame[frame["platform"] == "instagram"]
    assert instagram["caption"].notna().all() and instagram["hashtags"].notna().any()
    table = content.compare_types(frame)
    typed = table[table["type"] != content.UNTYPED]
    assert len(typed) >= 5
    assert typed["mean"].max() - typed["mean"].min() > 0.2
