"""``pull youtube`` against a local Data API: paging, replies, disabled comments, quota, key."""

from __future__ import annotations

from datetime import date

from monitor.cli import main
from monitor.collect.pull import run_pull
from monitor.quality.fake_apis import (
    SERVER_ERROR,
    YOUTUBE_KEY,
    YOUTUBE_QUOTA,
    YouTubeData,
    serve,
)
from monitor.store import comments as comment_store
from monitor.store import pull_state
from monitor.store.posts import read_posts
from tests.collect.helpers import YOUTUBE_PREFIX, asked, comment_ids, dump, likes, youtube_config
from tests.ingest_helpers import snapshot, stored

VIDEO_1 = "vid00000001"


def _expected(data: YouTubeData, videos: range | None = None) -> list[str]:
    ids = []
    for v in videos if videos is not None else range(data.videos):
        vid = data.video_id(v)
        if vid in data.disabled:
            continue
        for t in range(data.threads):
            ids.append(data.comment(vid, t)["id"])
            ids.extend(data.comment(vid, t, r)["id"] for r in range(data.replies))
    return sorted(ids)


def test_a_pull_follows_every_page_and_reads_replies_beyond_the_five_inline(store):
    data = YouTubeData(videos=52, threads=101, replies=0)
    data_replies = YouTubeData(videos=1, threads=2, replies=8, channel_id=data.channel_id)
    with serve(data, YOUTUBE_PREFIX) as api:
        result = run_pull(store, youtube_config(api, data.channel_id))
    assert asked(api, "/playlistItems") == 2 and asked(api, "/commentThreads") == 52 * 2
    assert result.status == "done" and result.posts == 52
    assert comment_ids(store, "youtube") == _expected(data)
    with serve(data_replies, YOUTUBE_PREFIX) as api:
        run_pull(store, youtube_config(api, data.channel_id))
    assert asked(api, "/comments") == 2  # one per thread: eight replies, five inline
    assert set(_expected(data_replies)) <= set(comment_ids(store, "youtube"))
    record = comment_store.get_import(store, result.import_id)
    assert record["file_name"] == "pull:youtube" and record["platform"] == "youtube"


def test_the_original_text_is_stored_and_the_videos_are_posts(store):
    data = YouTubeData(videos=2, threads=2, replies=1)
    with serve(data, YOUTUBE_PREFIX) as api:
        run_pull(store, youtube_config(api, data.channel_id))
    comment = data.comment(VIDEO_1, 1)
    row = stored(store)[comment["id"]]
    assert row["text"] == comment["snippet"]["textOriginal"] and "&nbsp;" not in row["text"]
    reply = stored(store)[data.comment(VIDEO_1, 1, 0)["id"]]
    assert reply["parent_id"] == comment["id"] and reply["post_id"] == VIDEO_1
    post = read_posts(store, ("youtube",), [VIDEO_1]).iloc[0]
    assert post["title"] == "Video ke-1: penyaluran bansos"
    assert post["url"] == "https://www.youtube.com/watch?v=vid00000001"
    assert str(post["published_at"]).startswith("2026-10-31 02:00")


def test_a_video_with_comments_disabled_is_skipped_with_a_notice(store):
    data = YouTubeData(videos=3, threads=2, replies=1, disabled=frozenset({VIDEO_1}))
    with serve(data, YOUTUBE_PREFIX) as api:
        result = run_pull(store, youtube_config(api, data.channel_id))
    assert result.status == "done"
    assert result.notices == [
        "video vid00000001 skipped (HTTP 403, commentsDisabled: The video identified by the "
        "videoId parameter has disabled comments.)"
    ]
    assert comment_ids(store, "youtube") == _expected(data)
    assert "commentsDisabled" in pull_state.load(store, "youtube").message


def test_the_quota_stops_cleanly_and_the_next_pull_resumes(store):
    data = YouTubeData(videos=3, threads=2, replies=1)
    with serve(data, YOUTUBE_PREFIX) as api:
        api.faults["/commentThreads"] = [None, YOUTUBE_QUOTA]  # the second video's call
        stopped = run_pull(store, youtube_config(api, data.channel_id))
        assert stopped.status == "stopped" and "quotaExceeded" in stopped.message
        assert comment_ids(store, "youtube") == _expected(data, range(1))
        state = pull_state.load(store, "youtube")
        assert state.status == "stopped" and state.resume == {"done": ["vid00000000"]}
        assert state.import_id == stopped.import_id
        data.likes = 2
        before = asked(api, "/commentThreads")
        resumed = run_pull(store, youtube_config(api, data.channel_id))
        assert asked(api, "/commentThreads") == before + 2  # the two videos not walked yet
        assert resumed.status == "done" and resumed.rows_new == 8
        assert pull_state.load(store, "youtube").resume == {}
        final = run_pull(store, youtube_config(api, data.channel_id))  # a fresh round
    assert asked(api, "/commentThreads") == before + 5
    assert final.status == "done" and final.rows_new == 0 and final.rows_updated == 4
    assert comment_ids(store, "youtube") == _expected(data)
    assert min(likes(store, "youtube").values()) == 2


def test_a_server_error_on_one_page_is_retried(store):
    data = YouTubeData(videos=2, threads=2, replies=1)
    with serve(data, YOUTUBE_PREFIX, {"/commentThreads": [None, SERVER_ERROR]}) as api:
        result = run_pull(store, youtube_config(api, data.channel_id))
    assert result.status == "done" and asked(api, "/commentThreads") == 3
    assert comment_ids(store, "youtube") == _expected(data)


def test_since_leaves_older_videos_unwalked(store):
    data = YouTubeData(videos=4, threads=2, replies=0)
    with serve(data, YOUTUBE_PREFIX) as api:
        result = run_pull(store, youtube_config(api, data.channel_id), since=date(2026, 10, 31))
    assert result.posts == 2
    assert {q.get("videoId") for p, q, _ in api.requests if p == "/commentThreads"} == {
        "vid00000000",
        VIDEO_1,
    }
    assert comment_ids(store, "youtube") == _expected(data, range(2))


def test_an_invalid_key_is_one_line_naming_it_and_leaves_the_store_unchanged(
    store, store_url, capsys
):
    data = YouTubeData(videos=1, threads=1)
    before = snapshot(store)
    with serve(data, YOUTUBE_PREFIX) as api:
        code = main(
            ["pull", "youtube", "--db", store_url, "--api-base", api.base,
             "--api-key", "AIzaWRONG", "--channel-id", data.channel_id]
        )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: the YouTube API key")
    assert "API_KEY_INVALID" in err and "AIzaWRONG" not in err
    assert snapshot(store) == before
    assert "AIzaWRONG" not in dump(store) and YOUTUBE_KEY not in dump(store)
    assert all("key" not in query for _, query, _ in api.requests)


def test_the_videos_carry_their_view_like_and_comment_counts(store):
    """videos?part=statistics: the counts the playlist does not give, read for every video."""
    data = YouTubeData(videos=3, threads=2, replies=1, likes=7)
    with serve(data, YOUTUBE_PREFIX) as api:
        run_pull(store, youtube_config(api, data.channel_id))
    asked = [path for path, _, _ in api.requests if path.endswith("/videos")]
    assert len(asked) == 1  # three ids in one call (50 a call)
    post = read_posts(store, ("youtube",), [VIDEO_1]).iloc[0]
    assert (post["view_count"], post["like_count"], post["comment_count"]) == (1010, 58, 4)
