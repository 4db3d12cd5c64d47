"""``pull instagram`` against a local Graph API: paging, replies, --since, faults, no token."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from monitor.cli import main
from monitor.collect.base import PullError
from monitor.collect.instagram import COMMENT_FIELDS
from monitor.collect.pull import run_pull
from monitor.ingest.pipeline import import_file
from monitor.quality.fake_apis import (
    GRAPH_BAD_TOKEN,
    GRAPH_TOKEN,
    SERVER_ERROR,
    GraphData,
    graph_error,
    serve,
)
from monitor.store import comments as comment_store
from monitor.store import open_store, pull_state
from monitor.store.posts import read_posts
from tests.collect.helpers import GRAPH_PREFIX, asked, comment_ids, dump, graph_config, likes
from tests.ingest_helpers import snapshot, stored

MEDIA_1 = "1790000000000001"
POST_1 = "FAKE0001"  # its permalink's shortcode: the post as exports name it


def _expected(data: GraphData, media: range | None = None) -> list[str]:
    ids = []
    for m in media if media is not None else range(data.media):
        media_id = f"1790{m:012d}"
        for c in range(data.comments):
            ids.append(data.comment(media_id, c)["id"])
            ids.extend(r["id"] for r in data.replies_of(ids[-1]))
    return sorted(ids)


def test_a_pull_follows_every_page_and_stores_comments_replies_and_posts(store):
    data = GraphData(media=27, comments=52, replies=1)  # two pages of media, of comments
    with serve(data, GRAPH_PREFIX) as api:
        result = run_pull(store, graph_config(api, data.account_id), imported_by="cron")
    assert asked(api, f"/{data.account_id}/media") == 2
    assert asked(api, "/1790000000000000/comments") == 2
    assert result.status == "done" and result.posts == 27
    assert comment_ids(store, "instagram") == _expected(data)
    assert result.rows_new == result.comments_fetched == 27 * 52 * 2
    record = comment_store.get_import(store, result.import_id)
    assert record["file_name"] == "pull:instagram"
    assert record["source_format"] == "graph_api" and record["platform"] == "instagram"
    assert record["imported_by"] == "cron" and record["rows_new"] == result.rows_new
    post = read_posts(store, ("instagram",), [POST_1]).iloc[0]
    assert post["caption"] == "Unggahan ke-1 tentang bansos" and post["media_type"] == "image"
    assert post["url"] == "https://www.instagram.com/p/FAKE0001/"
    assert post["like_count"] == 101 and post["comment_count"] == 104
    replies = stored(store)
    reply = data.replies_of(f"{MEDIA_1}00003")[0]["id"]
    assert replies[reply]["parent_id"] == f"{MEDIA_1}00003"
    assert replies[reply]["post_id"] == POST_1
    state = pull_state.load(store, "instagram")
    assert state.status == "done" and state.import_id == result.import_id and not state.resume


def test_replies_beyond_the_inline_ones_are_read_from_the_replies_edge(store):
    data = GraphData(media=1, comments=2, replies=7, inline=3)
    with serve(data, GRAPH_PREFIX) as api:
        run_pull(store, graph_config(api, data.account_id))
    assert asked(api, "/179000000000000000000/replies") == 1
    assert comment_ids(store, "instagram") == _expected(data)


def test_a_second_pull_adds_nothing_twice_and_updates_like_counts(store):
    data = GraphData(media=2, comments=3, replies=2)
    with serve(data, GRAPH_PREFIX) as api:
        first = run_pull(store, graph_config(api, data.account_id))
        data.likes = 4
        second = run_pull(store, graph_config(api, data.account_id))
    assert first.rows_new == 18 and second.rows_new == 0
    assert second.rows_updated == 18
    assert comment_store.count_comments(store) == 18
    assert set(likes(store, "instagram").values()) >= {4, 5, 6}
    assert read_posts(store, ("instagram",), [POST_1]).iloc[0]["like_count"] == 105


def test_since_leaves_older_media_unwalked_and_older_comments_out(store):
    data = GraphData(media=5, comments=3, replies=0)  # media a day apart from 2026-11-01
    with serve(data, GRAPH_PREFIX) as api:
        result = run_pull(store, graph_config(api, data.account_id), since=date(2026, 10, 30))
    assert result.posts == 3  # 1 Nov, 31 Oct, 30 Oct
    assert asked(api, "/1790000000000003/comments") == 0
    assert comment_ids(store, "instagram") == _expected(data, range(3))


def test_a_transient_server_error_is_retried_and_the_pull_completes(store):
    data = GraphData(media=2, comments=3, replies=1)
    faults = {f"/{MEDIA_1}/comments": [SERVER_ERROR]}
    with serve(data, GRAPH_PREFIX, faults) as api:
        result = run_pull(store, graph_config(api, data.account_id))
    assert asked(api, f"/{MEDIA_1}/comments") == 2
    assert result.status == "done"
    assert comment_ids(store, "instagram") == _expected(data)


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_a_rate_limit_stops_cleanly_keeps_what_was_fetched_and_the_next_pull_resumes(store, code):
    data = GraphData(media=3, comments=2, replies=1)
    limit = graph_error(code, "Application request limit reached", status=403)
    with serve(data, GRAPH_PREFIX, {f"/{MEDIA_1}/comments": [limit]}) as api:
        first = run_pull(store, graph_config(api, data.account_id))
        assert first.status == "stopped" and "rate limit" in first.message
        assert comment_ids(store, "instagram") == _expected(data, range(1))
        state = pull_state.load(store, "instagram")
        assert state.status == "stopped" and state.resume == {"done": ["1790000000000000"]}
        assert state.import_id == first.import_id
        second = run_pull(store, graph_config(api, data.account_id))
    assert asked(api, "/1790000000000000/comments") == 1  # walked once: resumed after it
    assert second.status == "done" and second.rows_new == 8
    assert comment_ids(store, "instagram") == _expected(data)
    assert pull_state.load(store, "instagram").resume == {}


def test_a_usage_header_near_the_limit_stops_before_the_next_call(store):
    data = GraphData(media=3, comments=2, replies=0, usage={f"/{MEDIA_1}/comments": 97})
    with serve(data, GRAPH_PREFIX) as api:
        result = run_pull(store, graph_config(api, data.account_id))
    assert result.status == "stopped" and "97%" in result.message
    assert asked(api, "/1790000000000002/comments") == 0
    assert comment_ids(store, "instagram") == _expected(data, range(2))
    assert pull_state.load(store, "instagram").resume == {"done": ["1790000000000000", MEDIA_1]}


def test_an_expired_token_is_one_line_naming_it_and_leaves_the_store_unchanged(
    store, store_url, capsys
):
    data = GraphData(media=1, comments=1)
    before = snapshot(store)
    with serve(data, GRAPH_PREFIX) as api:
        code = main(
            ["pull", "instagram", "--db", store_url, "--api-base", api.base, "--token",
             "EAAGexpired999", "--account-id", data.account_id]
        )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: the Instagram token")
    assert "expired or invalid" in err and "EAAGexpired999" not in err
    assert snapshot(store) == before
    assert pull_state.load(store, "instagram").status == "failed"
    assert "EAAGexpired999" not in dump(store)


def test_a_refused_token_in_the_library_is_a_pull_error(store):
    data = GraphData(media=1, comments=1)
    faults = {f"/{data.account_id}/media": [GRAPH_BAD_TOKEN]}
    with serve(data, GRAPH_PREFIX, faults) as api, pytest.raises(PullError, match="Instagram"):
        run_pull(store, graph_config(api, data.account_id))
    assert comment_store.count_comments(store) == 0


def test_the_token_is_never_in_urls_logs_output_or_the_store(store, store_url, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    data = GraphData(media=2, comments=2, replies=1)
    faults = {
        "/1790000000000000/comments": [SERVER_ERROR],
        f"/{MEDIA_1}/comments": [graph_error(17, f"limit for token {GRAPH_TOKEN}")],
    }
    with serve(data, GRAPH_PREFIX, faults) as api:
        args = ["pull", "instagram", "--db", store_url, "--api-base", api.base,
                "--account-id", data.account_id, "--json"]  # fmt: skip
        assert main([*args, "--token", GRAPH_TOKEN]) == 0  # stopped by the limit
        assert main([*args, "--token", GRAPH_TOKEN]) == 0  # resumed, done
        assert main([*args, "--token", GRAPH_TOKEN + "x"]) == 1  # refused
    out, err = capsys.readouterr()
    assert '"status": "stopped"' in out and '"status": "done"' in out
    for text in (out, err, caplog.text, dump(store)):
        assert GRAPH_TOKEN not in text
    assert all(GRAPH_TOKEN not in repr(query) for _, query, _ in api.requests)
    assert all(h["authorization"].startswith("Bearer ") for _, _, h in api.requests)


def test_a_pull_stores_what_importing_its_pages_as_a_file_stores(store, tmp_path):
    data = GraphData(media=2, comments=5, replies=2)
    with serve(data, GRAPH_PREFIX) as api:
        run_pull(store, graph_config(api, data.account_id))
        pages = [
            data.answer(f"/{m['id']}/comments", {"limit": "50", "fields": COMMENT_FIELDS},
                        {"authorization": f"Bearer {GRAPH_TOKEN}"})[1]
            for m in data.media_list()
        ]  # fmt: skip
    file_store = open_store(f"sqlite:///{tmp_path / 'file.db'}")
    try:
        import_file(file_store, json.dumps(pages).encode(), file_name="comments.json")
        assert stored(file_store) == stored(store)
        assert snapshot(file_store) == snapshot(store)
    finally:
        file_store.dispose()
