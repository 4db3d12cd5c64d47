"""The retention setting is applied where data changes: after a command-line import."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from monitor.cli import main
from monitor.ops import settings
from monitor.store import aggregate_tables as agg
from monitor.store import open_store
from monitor.store.schema import comments
from tests.conftest import FIXTURES


def _count(store, table) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_cli_import_applies_retention_and_keeps_daily_figures(sqlite_store_url, capsys):
    store = open_store(sqlite_store_url)
    # The fixture's comments are years old: a 12-month retention leaves none of them.
    settings.save(store, replace(settings.Settings(), retention_months=12))
    code = main(["ingest", "--db", sqlite_store_url, str(FIXTURES / "apify.json")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Retention: deleted" in out
    assert _count(store, comments) == 0
    assert _count(store, agg.daily_post) > 0  # the daily figures stay
    store.dispose()


def test_cli_import_keeps_everything_when_retention_is_off(sqlite_store_url, capsys):
    code = main(["ingest", "--db", sqlite_store_url, str(FIXTURES / "apify.json")])
    assert code == 0
    assert "Retention" not in capsys.readouterr().out
    store = open_store(sqlite_store_url)
    assert _count(store, comments) > 0
    store.dispose()
