"""``python -m monitor pull``: the credential's sources, ``pull all``, exit codes."""

from __future__ import annotations

import json

import pytest

from monitor.cli import main
from monitor.collect.pull import pull_all
from monitor.quality.fake_apis import GRAPH_TOKEN, YOUTUBE_KEY, GraphData, YouTubeData, serve
from monitor.store import comments as comment_store
from monitor.store import pull_state
from tests.collect.helpers import GRAPH_PREFIX, YOUTUBE_PREFIX, comment_ids


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch):
    monkeypatch.delenv("CITRA_IG_TOKEN", raising=False)
    monkeypatch.delenv("CITRA_YT_KEY", raising=False)


def _secrets(tmp_path, graph_base: str, youtube_base: str, key: str = YOUTUBE_KEY):
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[pull.instagram]\ntoken = "{GRAPH_TOKEN}"\naccount_id = "17841400000000001"\n'
        f'api_base = "{graph_base}"\n\n'
        f'[pull.youtube]\napi_key = "{key}"\nchannel_id = "UCfakechannel0000000001"\n'
        f'api_base = "{youtube_base}"\n',
        encoding="utf-8",
    )
    return path


def test_pull_all_runs_every_source_and_one_failure_does_not_stop_the_others(
    store, store_url, tmp_path, capsys
):
    graph, youtube = GraphData(media=1, comments=2, replies=1), YouTubeData(videos=1, threads=2)
    with serve(graph, GRAPH_PREFIX) as g, serve(youtube, YOUTUBE_PREFIX) as y:
        secrets = _secrets(tmp_path, g.base, y.base, key="AIzaWRONG")
        code = main(["pull", "all", "--db", store_url, "--secrets", str(secrets)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("pull:instagram done - 4 comments fetched from 1 posts, 4 new")
    assert err.startswith("Error: pull:youtube: the YouTube API key") and err.count("\n") == 1
    assert len(comment_ids(store, "instagram")) == 4 and comment_ids(store, "youtube") == []
    assert pull_state.load(store, "youtube").status == "failed"
    assert "AIzaWRONG" not in out + err


def test_pull_all_exits_zero_when_every_source_is_pulled(store, store_url, tmp_path, capsys):
    graph, youtube = GraphData(media=1, comments=2), YouTubeData(videos=2, threads=2)
    with serve(graph, GRAPH_PREFIX) as g, serve(youtube, YOUTUBE_PREFIX) as y:
        secrets = _secrets(tmp_path, g.base, y.base)
        code = main(["pull", "all", "--db", store_url, "--secrets", str(secrets), "--json"])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [(r["source"], r["status"]) for r in results] == [
        ("instagram", "done"),
        ("youtube", "done"),
    ]
    assert comment_store.count_comments(store) == 4 + 8


def test_pull_all_without_any_source_is_an_error(store_url, tmp_path, capsys):
    empty = tmp_path / "secrets.toml"
    empty.write_text("[roles]\n", encoding="utf-8")
    assert main(["pull", "all", "--db", store_url, "--secrets", str(empty)]) == 1
    assert "no pull source configured" in capsys.readouterr().err


def test_a_source_missing_its_account_is_named_with_where_to_set_it(store, monkeypatch):
    monkeypatch.setenv("CITRA_YT_KEY", "AIzaFromEnv")
    results = pull_all(store, {})
    assert [(r.source, r.status) for r in results] == [("youtube", "failed")]
    assert results[0].message == (
        "no youtube account: give --channel-id or set channel_id under [pull.youtube] in "
        ".streamlit/secrets.toml"
    )


def test_the_token_comes_from_the_environment(store, store_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CITRA_IG_TOKEN", GRAPH_TOKEN)
    data = GraphData(media=1, comments=1)
    with serve(data, GRAPH_PREFIX) as api:
        code = main(
            ["pull", "instagram", "--db", store_url, "--api-base", api.base,
             "--account-id", data.account_id, "--secrets", str(tmp_path / "none.toml")]
        )  # fmt: skip
    assert code == 0 and "2 new" in capsys.readouterr().out


def test_no_credential_is_one_line_naming_every_place_to_set_it(store_url, tmp_path, capsys):
    code = main(
        ["pull", "instagram", "--db", store_url, "--account-id", "1784",
         "--secrets", str(tmp_path / "none.toml")]
    )  # fmt: skip
    assert code == 1
    assert capsys.readouterr().err == (
        "Error: no instagram credential: give --token, set CITRA_IG_TOKEN or token under "
        "[pull.instagram] in .streamlit/secrets.toml\n"
    )


def test_a_bad_since_is_refused_before_any_work(store_url, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["pull", "youtube", "--db", store_url, "--since", "kemarin"])
    assert exc.value.code == 2
    assert "'kemarin' is not a date" in capsys.readouterr().err
