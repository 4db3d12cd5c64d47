"""The digest's settings: the public address and the alert destinations."""

from __future__ import annotations

import re

import pytest

from monitor.ops import settings as settings_mod


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        (" https://citra.example.go.id/ ", "https://citra.example.go.id"),
        ("http://10.0.0.5:8501", "http://10.0.0.5:8501"),
    ],
)
def test_base_url_is_an_http_address(value, expected):
    assert settings_mod.check_base_url(value) == expected


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "citra.example", "https://c.example/?a=1"]
)
def test_a_bad_base_url_is_refused(value):
    with pytest.raises(ValueError, match="public_base_url"):
        settings_mod.check_base_url(value)


def test_destinations_round_trip_through_the_text_field():
    text = (
        "slack secret:humas\ntelegram - -1001234\n\nteams https://x.webhook.office.com/webhookb2/a"
    )
    parsed = settings_mod.parse_destinations(text)
    assert parsed == [
        {"kind": "slack", "url": "secret:humas", "chat_id": ""},
        {"kind": "telegram", "url": "", "chat_id": "-1001234"},
        {"kind": "teams", "url": "https://x.webhook.office.com/webhookb2/a", "chat_id": ""},
    ]
    assert settings_mod.parse_destinations(settings_mod.destinations_text(parsed)) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sms https://x", "destination 1: unknown kind 'sms'"),
        ("slack https://a\nslack ftp://b", "destination 2: the URL must be http(s) or secret:NAME"),
        ("telegram -", "destination 1 (telegram): no chat id"),
        ("slack -", "destination 1 (slack): no URL"),
        ("slack secret:bad-name", "a secret name is letters"),
        ("slack https://a 1 2", "line 1: expected 'kind url [chat_id]'"),
    ],
)
def test_bad_destinations_name_the_line(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        settings_mod.parse_destinations(text)


def test_alert_settings_are_saved_and_loaded(store):
    current = settings_mod.load(store)
    assert current.alerts_enabled is False and current.alert_destinations == []
    new = settings_mod.Settings(
        public_base_url="https://citra.example.go.id/",
        alerts_enabled=True,
        alert_destinations=[{"kind": "SLACK", "url": "https://hooks.slack.com/services/x"}],
    )
    settings_mod.save(store, new)
    loaded = settings_mod.load(store)
    assert loaded.public_base_url == "https://citra.example.go.id"
    assert loaded.alerts_enabled is True
    assert loaded.alert_destinations == [
        {"kind": "slack", "url": "https://hooks.slack.com/services/x", "chat_id": ""}
    ]
    with pytest.raises(ValueError, match="destination 1"):
        settings_mod.save(store, settings_mod.Settings(alert_destinations=[{"kind": "fax"}]))
