"""Bringing a store's schema up to date with Alembic (``monitor/migrations``).

``open_store`` calls ``upgrade`` on every open, so an existing deployment upgrades in place when
the new version first starts. The work happens in one transaction under a lock (SQLite's
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so several app instances starting at once
neither race nor half-apply a migration.

* An empty database gets the current schema in one step (``create_all``) and is stamped at the
  head revision: Alembic's recipe for new databases, and quicker than replaying history.
  ``tests/store/test_migrations.py`` proves replaying the migrations yields the same schema.
* A store created before migrations existed (by ``create_all``) is adopted: missing tables are
  created, the store is stamped at the initial revision, then upgraded normally.
* Any other store runs ``alembic upgrade head``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from monitor.core.errors import StoreError
from monitor.store.schema import metadata

if TYPE_CHECKING:
    from monitor.store.engine import Store

SCRIPT_LOCATION = "monitor:migrations"
INITIAL_REVISION = "0001"
VERSION_TABLE = "alembic_version"
_PG_LOCK_KEY = 0x43495452  # "CITR": serialises migrations across processes on PostgreSQL


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at Citra's migrations (optionally bound to ``connection``)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StoreError("no migrations found in monitor/migrations")
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision the database is stamped with (None: not under migrations yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def _is_current(store: Store) -> bool:
    try:
        with store.connect() as conn:
            if not inspect(conn).has_table(VERSION_TABLE):
                return False
            return current_revision(conn) == head_revision()
    except Exception:  # unreadable version table: let upgrade() report it under the lock
        return False


def _upgrade_locked(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    config = alembic_config(conn)
    if VERSION_TABLE not in tables:
        metadata.create_all(conn, checkfirst=True)
        if not tables & set(metadata.tables):
            command.stamp(config, "head")  # new store: created at the current schema
            return
        command.stamp(config, INITIAL_REVISION)  # pre-migration store: adopt it
    command.upgrade(config, "head")


def require_current(store: Store) -> None:
    """Refuse a store that is not at this version's schema and cannot be upgraded here
    (opened read-only): one ``StoreError`` saying what to do."""
    if not _is_current(store):
        raise StoreError(
            f"the store at {store.url} is older than this version of Citra and cannot be "
            "upgraded where it is (read-only): open it once from a writable folder, or it is not a Citra store"
        )


def upgrade(store: Store) -> None:
    """Run every pending migration (``alembic upgrade head``); a no-op when already current."""
    if _is_current(store):
        return
    try:
        with store.begin() as conn:
            _upgrade_locked(conn)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(
            f"cannot bring the store at {store.engine.url!r} up to date: {exc}"
        ) from exc
