"""The Upload page's API pulls: each source's last pull and "Tarik sekarang" (pull now)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from monitor.quality.fake_apis import GRAPH_TOKEN, GraphData, YouTubeData, serve
from monitor.store import comments as comment_store
from monitor.store import open_store
from tests.app.test_pages import APP, assert_clean
from tests.collect.helpers import GRAPH_PREFIX, YOUTUBE_PREFIX

PAGE = "app_pages/manage_upload.py"


def _page(secrets: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def _table(at: AppTest):
    return next(d.value for d in at.dataframe if "Sumber" in d.value.columns)


def test_without_a_source_the_page_says_how_to_set_one_up(app_env, monkeypatch):
    monkeypatch.delenv("CITRA_IG_TOKEN", raising=False)
    monkeypatch.delenv("CITRA_YT_KEY", raising=False)
    app_env()
    at = _page({})
    assert_clean(at)
    assert any("Belum ada sumber API" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "pull_now"]


def test_pull_now_pulls_every_source_and_shows_each_last_pull(app_env, monkeypatch):
    monkeypatch.delenv("CITRA_IG_TOKEN", raising=False)
    monkeypatch.delenv("CITRA_YT_KEY", raising=False)
    url = app_env()
    graph, youtube = GraphData(media=1, comments=3, replies=1), YouTubeData(videos=1, threads=1)
    with serve(graph, GRAPH_PREFIX) as g, serve(youtube, YOUTUBE_PREFIX) as y:
        secrets = {
            "pull": {
                "instagram": {"token": GRAPH_TOKEN, "account_id": graph.account_id, "api_base": g.base},
                "youtube": {"api_key": "AIzaWRONG", "channel_id": youtube.channel_id, "api_base": y.base},
            }
        }  # fmt: skip
        at = _page(secrets)
        assert not at.exception
        before = _table(at)
        assert list(before["Penarikan terakhir (WIB)"]) == ["belum pernah", "belum pernah"]
        at.button(key="pull_now").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Instagram: 6 baru, 0 diperbarui."]
    assert len(at.error) == 1 and at.error[0].value.startswith(
        "YouTube: gagal: the YouTube API key"
    )
    assert "AIzaWRONG" not in at.error[0].value
    table = _table(at)
    assert list(table["Status"]) == ["selesai", "gagal"]
    assert list(table["Baru"]) == [6, 0]
    assert "belum pernah" not in set(table["Penarikan terakhir (WIB)"])
    assert "API_KEY_INVALID" in table["Catatan"].iloc[1]
    store = open_store(url)
    try:
        assert comment_store.count_comments(store) == 6
    finally:
        store.dispose()
