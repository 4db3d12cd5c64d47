"""Pages keep reading while an import writes (hardening: readers never wait for a writer).

An import holds one write transaction for its whole length. On SQLite, WAL lets readers read
the last committed state meanwhile, but only if their own transaction is a deferred one; on
PostgreSQL reads are read-only transactions that MVCC never blocks.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from monitor.store import queries, settings_table

WAIT_S = 20  # a reader blocked by the writer would wait for the busy timeout (60 s)


def _hold_write_transaction(store, started: threading.Event, release: threading.Event):
    with store.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO settings (key, value, updated_at) VALUES ('held', '1', CURRENT_TIMESTAMP)"
            )
        )
        started.set()
        release.wait(WAIT_S * 3)


def test_a_page_query_does_not_wait_for_an_import_in_progress(store):
    settings_table.write(store, {"committed": 1})
    started, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=_hold_write_transaction, args=(store, started, release))
    writer.start()
    try:
        assert started.wait(WAIT_S)
        seen: dict = {}

        def read() -> None:
            seen["settings"] = settings_table.read_all(store)
            seen["comments"] = queries.comment_count(store)

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(WAIT_S)
        blocked = reader.is_alive()
    finally:
        release.set()
        writer.join(WAIT_S * 3)
    assert not blocked, "a read waited for the open write transaction"
    # the reader saw the last committed state, not the writer's uncommitted row
    assert seen == {"settings": {"committed": 1}, "comments": 0}


def test_reads_cannot_write(store):
    """A read connection is a read-only transaction: a write through it is refused."""
    with store.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text("DELETE FROM settings"))
    settings_table.write(store, {"after": 1})  # and a write transaction after it still writes
    assert settings_table.read_all(store) == {"after": 1}
