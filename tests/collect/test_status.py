"""The pull status the Upload page lists: set-up sources, their last run in Jakarta time."""

from __future__ import annotations

from datetime import datetime

from monitor.collect.status import source_status
from monitor.store import pull_state


def test_each_set_up_source_with_its_last_run_in_jakarta_time(store):
    ended = datetime(2026, 12, 1, 23, 31)  # UTC: 06:31 on 2 December in Jakarta
    pull_state.save_alone(
        store,
        pull_state.PullState(
            source="instagram", account="1784", status="stopped", started_at=ended,
            finished_at=ended, rows_new=5, message="Graph API rate limit reached",
            resume={"done": ["m1"]},
        ),
    )  # fmt: skip
    secrets = {"pull": {"instagram": {"token": "t", "account_id": "1784"}, "youtube": {}}}
    rows = source_status(store, secrets, env={})
    assert [r.source for r in rows] == ["instagram", "youtube"]
    assert rows[0].problem == "" and rows[0].last.rows_new == 5
    assert rows[0].last_pull_jakarta == datetime(2026, 12, 2, 6, 31)
    assert rows[0].last.resume == {"done": ["m1"]}
    assert rows[1].last is None and rows[1].problem.startswith("no youtube credential")


def test_a_source_set_up_only_by_its_environment_credential_is_listed(store):
    rows = source_status(store, {}, env={"CITRA_YT_KEY": "k"})
    assert [(r.source, r.problem[:19]) for r in rows] == [("youtube", "no youtube account:")]
