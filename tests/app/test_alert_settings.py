"""The Settings page's digest and alerts form: saved when it checks out, refused with the line."""

from __future__ import annotations

from monitor.ops import settings as settings_mod
from monitor.store import open_store
from tests.app.test_pages import assert_clean, open_page


def _stored(url: str) -> settings_mod.Settings:
    store = open_store(url)
    try:
        return settings_mod.load(store)
    finally:
        store.dispose()


def test_alert_settings_are_saved_and_shown(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.text_input(key="public_base_url").set_value("https://citra.example.go.id/")
    at.toggle(key="alerts_enabled").set_value(True)
    at.text_area(key="alert_destinations").set_value("slack secret:humas\ntelegram - -1001")
    at.button(key="alerts_save").click().run()
    assert_clean(at)
    stored = _stored(url)
    assert stored.public_base_url == "https://citra.example.go.id"
    assert stored.alerts_enabled is True
    assert [d["kind"] for d in stored.alert_destinations] == ["slack", "telegram"]
    at = open_page("app_pages/manage_settings.py")
    assert at.text_area(key="alert_destinations").value == "slack secret:humas\ntelegram - -1001"


def test_bad_destinations_are_refused_and_nothing_is_saved(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.toggle(key="alerts_enabled").set_value(True)
    at.text_area(key="alert_destinations").set_value("slack https://a\nfax https://b")
    at.button(key="alerts_save").click().run()
    assert not at.exception
    assert any("destination 2" in e.value and "unknown kind" in e.value for e in at.error)
    stored = _stored(url)
    assert stored.alerts_enabled is False and stored.alert_destinations == []
