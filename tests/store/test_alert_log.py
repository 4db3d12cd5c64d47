"""The alert log: what went where, on both backends."""

from __future__ import annotations

import pytest

from monitor.store import alert_log


def test_sent_keys_are_per_destination_and_kind(store):
    alert_log.record_sent(store, "d1", "slack https://h/…", "spike", ["a", "b", "a"])
    alert_log.record_sent(store, "d2", "teams https://h/…", "spike", ["c"])
    alert_log.record_sent(store, "d1", "slack https://h/…", "digest", ["2020-12-07"])
    assert alert_log.sent_keys(store, "d1", "spike", ["a", "b", "c", "z"]) == {"a", "b"}
    assert alert_log.sent_keys(store, "d2", "spike", ["a", "c"]) == {"c"}
    assert alert_log.sent_keys(store, "d1", "digest", ["a", "2020-12-07"]) == {"2020-12-07"}
    assert alert_log.sent_keys(store, "d1", "spike", []) == set()
    log = alert_log.read_log(store)
    assert len(log) == 4  # "a" twice in one call is one delivery
    assert set(log["destination_label"]) == {"slack https://h/…", "teams https://h/…"}


def test_many_keys_are_read_in_bounded_batches(store):
    keys = [f"2020-12-{i:04d}:negative:all" for i in range(1200)]
    alert_log.record_sent(store, "d", "json", "spike", keys[::2])
    assert alert_log.sent_keys(store, "d", "spike", keys) == set(keys[::2])


def test_an_unknown_kind_is_refused(store):
    with pytest.raises(ValueError, match="alert kind 'sms'"):
        alert_log.record_sent(store, "d", "x", "sms", ["a"])
    assert alert_log.read_log(store).empty
