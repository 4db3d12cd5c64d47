"""Shared fixtures: a fresh store per test, on SQLite (and on PostgreSQL when CITRA_TEST_PG_URL is set).

``store`` and ``store_url`` are parametrised by ``backend``: every test that uses them runs once on
SQLite and, when ``CITRA_TEST_PG_URL`` points at a PostgreSQL database (``.ci/run`` starts one),
once more on PostgreSQL, each in a schema of its own that is dropped afterwards.
``sqlite_store_url`` / ``sqlite_store`` are for tests that are about the SQLite file itself.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from monitor.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"
PG_ENV = "CITRA_TEST_PG_URL"
PG_URL = os.environ.get(PG_ENV, "").strip()
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pg_url_with_schema(base_url: str, schema: str) -> str:
    """``base_url`` with every connection's search_path set to ``schema``, and named after it
    (``application_name``), so a test cleans up only the connections it made."""
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options={quote(f'-csearch_path={schema}')}&application_name={schema}"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL confined to a fresh, empty schema (dropped after the test)."""
    if not PG_URL:
        pytest.skip(f"{PG_ENV} not set")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_url_with_schema(PG_URL, schema)
    finally:
        with admin.connect() as conn:
            # Connections a test left behind (killed subprocesses, leaked engines) must not
            # keep the schema's tables locked.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND application_name = :schema AND state LIKE 'idle in transaction%'"
                ),
                {"schema": schema},
            )
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database under test: 'sqlite', and 'postgresql' when CITRA_TEST_PG_URL is set."""
    return request.param


@pytest.fixture
def sqlite_store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'citra.db'}"


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "postgresql":
        return request.getfixturevalue("pg_schema_url")
    return f"sqlite:///{tmp_path / 'citra.db'}"


@pytest.fixture
def store(store_url: str):
    s = open_store(store_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(sqlite_store_url: str):
    s = open_store(sqlite_store_url)
    yield s
    s.dispose()


# Files that take minutes are collected first: with two workers each taking whole files
# (pytest-xdist ``--dist loadfile``, see pyproject.toml), a long file started last would leave
# one worker running alone at the end.
SLOW_FIRST = (
    "tests/e2e/",
    "tests/ingest/test_kill_import.py",
    "tests/quality/test_bench.py",
    "tests/ingest/test_concurrent_import.py",
    "tests/ingest/test_properties.py",
    "tests/hardening/",
    "tests/store/test_migrations.py",
    "tests/app/test_hostile_pages.py",
    "tests/app/test_pages.py",
    "tests/app/test_access.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)),
            len(SLOW_FIRST),
        )

    items.sort(key=rank)  # stable: a file's tests keep their order and stay together
