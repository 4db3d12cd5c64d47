"""Shared fixtures: a fresh store per test, on SQLite (and on PostgreSQL when CITRA_TEST_PG_URL is set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'citra.db'}"


@pytest.fixture
def store(store_url: str):
    s = open_store(store_url)
    yield s
    s.dispose()
