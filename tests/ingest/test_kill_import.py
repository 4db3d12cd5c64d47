"""An import killed part-way (SIGKILL: no cleanup code runs) leaves the store exactly as it was.

The store first holds an earlier import. A large export is then imported by
``python -m monitor ingest`` in a subprocess and killed at several points inside its
transaction: on PostgreSQL once the import row exists and again while comment rows are being
inserted; on SQLite (which writes pages at commit) right after the write lock is taken and at
timed points through the locked phase. After every kill every table is unchanged. A final run
imports every comment once, and a second run finds them all already there.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from monitor.demo import generator as demo
from monitor.ingest.pipeline import import_file
from monitor.store import aggregate_tables as agg
from monitor.store import open_store
from monitor.store.schema import comments, corrections, events, imports

N_ITEMS = 20_000
TABLES = (
    imports,
    comments,
    corrections,
    events,
    agg.daily_post,
    agg.daily_category,
    agg.daily_total,
    agg.daily_emotion,
)


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("kill") / "big.json"
    demo.write_demo_export(path, N_ITEMS, seed=5)
    items = json.loads(path.read_text(encoding="utf-8"))
    ids = {str(i["id"]) for i in items} | {
        str(r["id"]) for i in items for r in (i.get("replies") or [])
    }
    return path, len(ids)


def snapshot(store) -> dict[str, object]:
    """Row counts and full contents of the small tables: equality means nothing changed."""
    out: dict[str, object] = {}
    with store.connect() as conn:
        for table in TABLES:
            out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        for table in (imports, agg.daily_post, agg.daily_total):
            out[table.name + "_rows"] = sorted(
                map(tuple, conn.execute(select(table)).all()), key=repr
            )
    return out


def counts(store) -> list[int]:
    """Row counts of every table, in TABLES order."""
    with store.connect() as conn:
        return [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES]


class WriteProbe:
    """Whether another process's import transaction is open, and whether it is writing rows."""

    def __init__(self, store_url: str):
        self.url = store_url
        if store_url.startswith("sqlite"):
            self.path = store_url.split("///", 1)[1]
            self.engine = None
        else:
            self.engine = create_engine(store_url)

    def in_transaction(self) -> bool:
        if self.engine is None:
            conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:  # "database is locked": a writer holds it
                return True
            finally:
                conn.close()
        return self._pg_locks("imports")

    def writing_rows(self) -> bool:
        return self._pg_locks("comments")

    def _pg_locks(self, table: str) -> bool:
        with self.engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE pid <> pg_backend_pid() "
                        "AND relation = CAST(:t AS regclass) AND mode = 'RowExclusiveLock'"
                    ),
                    {"t": table},
                ).scalar_one()
            )

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def start_import(store_url: str, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "ingest", "--db", store_url, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(proc: subprocess.Popen, condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"import ended (exit {proc.returncode}) before it could be killed: {err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the import never reached the point where it should be killed")
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def sqlite_copy(url: str, target: Path) -> str:
    """A consistent copy of a SQLite store (online backup), as a URL."""
    source = sqlite3.connect(url.split("///", 1)[1])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return f"sqlite:///{target}"


def kill_after_lock(proc: subprocess.Popen, probe: WriteProbe, delay: float) -> bool:
    """SIGKILL ``delay`` seconds after the import took the write lock; False if it ended first."""
    deadline = time.monotonic() + 120
    while not probe.in_transaction():
        if proc.poll() is not None:
            pytest.fail(f"import ended before taking the write lock: {proc.communicate()[1]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the import never took the write lock")
        time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return True


def kill_sqlite_imports(store_url: str, path: Path, before: dict, tmp_path: Path) -> None:
    """SQLite writes its pages at commit, so kills are timed against a measured run instead:
    right after the lock is taken, then half-way and most of the way through the locked phase.
    Each attempt runs on a fresh copy of the store, so a run that finishes first costs nothing."""
    reference = sqlite_copy(store_url, tmp_path / "reference.db")
    probe = WriteProbe(reference)
    proc = start_import(reference, path)
    while not probe.in_transaction() and proc.poll() is None:
        time.sleep(0.01)
    locked_at = time.monotonic()
    proc.wait(timeout=600)
    locked_for = time.monotonic() - locked_at
    assert proc.returncode == 0, proc.communicate()[1]
    finished = open_store(reference)
    try:
        complete = {t.name: n for t, n in zip(TABLES, counts(finished), strict=True)}
    finally:
        finished.dispose()

    kills = 0
    for i, fraction in enumerate((0.0, 0.5, 0.8)):
        url = sqlite_copy(store_url, tmp_path / f"attempt{i}.db")
        if not kill_after_lock(start_import(url, path), WriteProbe(url), fraction * locked_for):
            continue
        kills += 1
        copy = open_store(url)
        try:
            after = snapshot(copy)
            if after != before:
                # A kill can land after the commit, while the process is still exiting: then
                # the import must be there whole, never in part.
                whole = {t.name: after[t.name] for t in TABLES} == complete
                assert whole, f"partial import left after a kill at {fraction:.0%}"
        finally:
            copy.dispose()
    assert kills >= 2, "the import finished before most kills; use a larger export"


@pytest.mark.slow
def test_killed_import_leaves_store_unchanged_and_rerun_imports_once(
    store, store_url, big_export, tmp_path
):
    path, n_comments = big_export
    earlier = tmp_path / "earlier.json"
    demo.write_demo_export(earlier, 300, seed=99)
    import_file(store, earlier)
    before = snapshot(store)
    if store.is_sqlite:
        kill_sqlite_imports(store_url, path, before, tmp_path)
    else:
        probe = WriteProbe(store_url)
        try:  # PostgreSQL shows each phase: the import row, then comment rows being inserted
            for condition in (probe.in_transaction, probe.writing_rows):
                proc = start_import(store_url, path)
                kill_when(proc, condition)
                assert snapshot(store) == before, (
                    f"store changed after a kill at {condition.__name__}"
                )
        finally:
            probe.close()

    done = subprocess.run(
        [sys.executable, "-m", "monitor", "ingest", "--json", "--db", store_url, str(path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    after = snapshot(store)
    assert after["imports"] == before["imports"] + 1
    assert report["rows_new"] + report["rows_updated"] + report["rows_duplicate"] == n_comments
    assert after["comments"] == before["comments"] + report["rows_new"]
    with store.connect() as conn:
        ids = conn.execute(select(func.count(func.distinct(comments.c.comment_id)))).scalar_one()
    assert ids == after["comments"]

    again = import_file(store, path)
    assert again.rows_new == 0
    assert again.rows_duplicate + again.rows_updated == n_comments
    assert snapshot(store)["comments"] == after["comments"]
