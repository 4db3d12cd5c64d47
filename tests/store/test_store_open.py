from sqlalchemy import inspect

from monitor.store import open_store, resolve_url


def test_open_creates_schema(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'x' / 'c.db'}")
    names = set(inspect(store.engine).get_table_names())
    assert {"comments", "imports", "events", "daily_post", "settings", "mappings"} <= names
    store.dispose()


def test_url_resolution_order(monkeypatch):
    monkeypatch.setenv("CITRA_DATABASE_URL", "sqlite:///from-env.db")
    assert resolve_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    assert resolve_url(None) == "sqlite:///from-env.db"
    monkeypatch.delenv("CITRA_DATABASE_URL")
    assert resolve_url(None).endswith("var/citra.db")
