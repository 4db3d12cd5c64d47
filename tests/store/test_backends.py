"""The test setup itself: CI really runs the store tests on PostgreSQL, each test in isolation."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from monitor.store import open_store
from monitor.store.schema import settings as settings_table

PG_URL = os.environ.get("CITRA_TEST_PG_URL", "").strip()


def test_ci_includes_postgresql():
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        pytest.skip("not in CI")
    assert PG_URL, "CI must provide CITRA_TEST_PG_URL (.ci/run starts a PostgreSQL)"


def test_store_tests_run_on_both_backends(request):
    names = {item.callspec.params.get("backend") for item in request.session.items
             if hasattr(item, "callspec") and "backend" in item.callspec.params}  # fmt: skip
    assert "sqlite" in names
    if PG_URL:
        assert "postgresql" in names


def test_store_runs_on_the_named_backend(store, backend):
    assert store.engine.dialect.name == backend


def test_each_postgresql_test_gets_an_empty_schema(pg_schema_url):
    from datetime import datetime

    first = open_store(pg_schema_url)
    with first.begin() as conn:
        conn.execute(
            insert(settings_table).values(key="k", value="1", updated_at=datetime(2021, 1, 1))
        )
    with first.connect() as conn:
        assert conn.execute(select(func.count()).select_from(settings_table)).scalar_one() == 1
    with pytest.raises(IntegrityError), first.begin() as conn:
        conn.execute(
            insert(settings_table).values(key="k", value="2", updated_at=datetime(2021, 1, 1))
        )
    first.dispose()
    shared = create_engine(PG_URL)  # the shared database's own schema holds no Citra tables
    try:
        with shared.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_schema()").scalar_one() == "public"
            assert "settings" not in inspect(conn).get_table_names()
    finally:
        shared.dispose()
