"""Schema migrations: replaying them yields exactly the schema in monitor/store, on both backends.

If this fails after a table change, add a migration:
``CITRA_DATABASE_URL=sqlite:///var/dev.db .venv/bin/alembic -c alembic.ini revision --autogenerate -m "..."``.
"""

import subprocess
import sys
from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, insert, inspect, select

from monitor.store import metadata, migrate, open_store
from monitor.store.engine import make_engine
from monitor.store.schema import settings as settings_table


def schema_diff(conn):
    context = MigrationContext.configure(
        conn, opts={"compare_type": True, "compare_server_default": True}
    )
    return compare_metadata(context, metadata)


def test_replaying_migrations_matches_the_tables(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert schema_diff(conn) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(store_url):
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {migrate.VERSION_TABLE}
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "head")
        with engine.connect() as conn:
            assert schema_diff(conn) == []
    finally:
        engine.dispose()


def test_new_store_is_stamped_at_head_and_matches(store):
    with store.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert schema_diff(conn) == []


def test_drift_is_detected(store):
    """The comparison the first test relies on does notice a table the migrations lack."""
    extra = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with store.connect() as conn:
        context = MigrationContext.configure(conn)
        diffs = compare_metadata(context, extra)
    assert [d[0] for d in diffs] == ["add_table"]


def test_store_made_before_migrations_is_adopted(store_url):
    engine = make_engine(store_url)
    metadata.create_all(engine)
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(insert(settings_table).values(key="account", value='"x"', updated_at=now))
        assert not inspect(conn).has_table(migrate.VERSION_TABLE)
    engine.dispose()
    store = open_store(store_url)
    try:
        with store.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert conn.execute(select(settings_table.c.value)).scalar_one() == '"x"'
    finally:
        store.dispose()


def test_reopening_is_a_no_op(store_url):
    for _ in range(3):
        s = open_store(store_url)
        with s.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        s.dispose()


def test_instances_starting_together_all_succeed(store_url):
    code = "import sys; from monitor.store import open_store; open_store(sys.argv[1]).dispose()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    s = open_store(store_url)
    with s.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    s.dispose()
