"""``pull all`` sends spike alerts once it has stored new comments, each spike once."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.cli import main
from monitor.ops import settings as settings_mod
from monitor.quality.fake_apis import GRAPH_TOKEN, GraphData, serve
from monitor.store import alert_log
from tests.analytics_helpers import add_comments, synthetic_rows
from tests.collect.helpers import GRAPH_PREFIX

SPIKE = date(2026, 10, 31)  # the day before the fake API's comments (from 1 November 2026)


@pytest.fixture
def spiky(store, store_url) -> str:
    """Two months of comments with a spike the day before the pulled ones arrive."""
    add_comments(store, synthetic_rows(date(2026, 9, 1), 61, spikes={SPIKE: 5.0}))
    return store_url


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch):
    monkeypatch.delenv("CITRA_IG_TOKEN", raising=False)
    monkeypatch.delenv("CITRA_YT_KEY", raising=False)


def _secrets(tmp_path, graph_base: str):
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[pull.instagram]\ntoken = "{GRAPH_TOKEN}"\naccount_id = "17841400000000001"\n'
        f'api_base = "{graph_base}"\n',
        encoding="utf-8",
    )
    return path


def _alerts_on(store, url: str) -> None:
    settings_mod.save(
        store,
        settings_mod.Settings(
            alerts_enabled=True,
            public_base_url="https://citra.example.go.id",
            alert_destinations=[{"kind": "slack", "url": url}],
        ),
    )


def _pull_all(store_url: str, secrets) -> int:
    return main(["pull", "all", "--db", store_url, "--secrets", str(secrets)])


def test_pull_all_alerts_each_new_spike_once(spiky, store, receiver, tmp_path, capsys):
    _alerts_on(store, receiver.url)
    with serve(GraphData(media=1, comments=2), GRAPH_PREFIX) as g:
        secrets = _secrets(tmp_path, g.base)
        assert _pull_all(spiky, secrets) == 0
        sent = len(receiver.bodies)
        assert sent >= 1 and all("blocks" in body for body in receiver.bodies)
        assert any("2026-10-31" in str(body) or "31 Okt" in str(body) for body in receiver.bodies)
        assert "alert sent: spike" in capsys.readouterr().out
        g.data.comments += 1  # one more comment per post: the next pull stores something again
        assert _pull_all(spiky, secrets) == 0
    assert len(receiver.bodies) == sent  # already delivered: not sent again
    assert len(alert_log.read_log(store)) == sent


def test_a_failed_alert_fails_pull_all_in_one_line_and_stays_unsent(
    spiky, store, receiver, tmp_path, capsys
):
    receiver.status = 500
    _alerts_on(store, receiver.url)
    with serve(GraphData(media=1, comments=2), GRAPH_PREFIX) as g:
        assert _pull_all(spiky, _secrets(tmp_path, g.base)) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: spike alert ") and "sekret" not in err
    assert alert_log.read_log(store).empty
    assert receiver.requests  # it was tried


def test_with_alerts_off_pull_all_sends_nothing(spiky, store, receiver, tmp_path):
    with serve(GraphData(media=1, comments=2), GRAPH_PREFIX) as g:
        assert _pull_all(spiky, _secrets(tmp_path, g.base)) == 0
    assert receiver.requests == []
