"""Large imports: the file read by a child process, scoring overlapped, indexes built once.

These paths only switch on for big files; the thresholds are lowered here so small generated
exports take them, and every result is compared with the plain in-process import.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import text

from monitor.core.errors import IngestError
from monitor.demo import generator as demo
from monitor.ingest import parse, pipeline, reader_process
from monitor.store import comments as comment_store
from monitor.store import open_store
from tests.ingest_helpers import snapshot

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)


def _export(tmp_path, n=3000, seed=4):
    path = tmp_path / "export.json"
    demo.write_demo_export(path, n, seed)
    return path


def _rows(store):
    with store.connect() as conn:
        return conn.execute(
            text(
                "SELECT comment_id, post_id, parent_id, author, text, day, like_count, "
                "sentiment_score, sentiment_label, is_complaint, complaint_category, terms, "
                "first_reply_at FROM comments ORDER BY comment_id"
            )
        ).all()


def _aggregates(store):
    """Aggregate rows, sums of scores rounded (SQL adds them in storage order, which differs)."""

    def rounded(row):
        return tuple(round(v, 9) if isinstance(v, float) else v for v in row)

    with store.connect() as conn:
        return [
            [rounded(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2, 3, 4"))]
            for t in ("daily_post", "daily_total", "daily_category", "daily_emotion")
        ]


def _indexes(store):
    with store.connect() as conn:
        return sorted(
            r[0]
            for r in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='comments'")
            )
        )


@needs_fork
def test_background_reading_and_deferred_indexes_store_what_the_plain_import_stores(
    tmp_path, monkeypatch
):
    path = _export(tmp_path)
    plain = open_store(f"sqlite:///{tmp_path / 'plain.db'}")
    plain_report = pipeline.import_file(plain, path)
    indexes = _indexes(plain)

    monkeypatch.setattr(pipeline, "BACKGROUND_READ_BYTES", 0)
    monkeypatch.setattr(parse, "CHUNK_ROWS", 700)
    monkeypatch.setattr(parse, "JSON_BATCH", 500)
    monkeypatch.setattr(comment_store, "DEFER_INDEXES_MIN_ROWS", 1)
    monkeypatch.setattr(reader_process, "available", lambda: True)
    dropped = []
    real_defer = comment_store.defer_indexes
    monkeypatch.setattr(
        comment_store,
        "defer_indexes",
        lambda *a: dropped.append(real_defer(*a)) or dropped[-1],
    )
    bulk = open_store(f"sqlite:///{tmp_path / 'bulk.db'}")
    seen = []
    report = pipeline.import_file(bulk, path, progress=seen.append)
    assert dropped == [True]
    assert _indexes(bulk) == indexes  # built again before the import committed
    with bulk.connect() as conn:  # and holding every row, the last chunk's (written after) too
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    assert report.rows_new == plain_report.rows_new > 2000
    assert report.rows_rejected == plain_report.rows_rejected
    assert report.sha256 == plain_report.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert _rows(bulk) == _rows(plain)
    assert _aggregates(bulk) == _aggregates(plain)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)

    # a second import finds every duplicate (its lookups go by primary key, never dropped)
    again = pipeline.import_file(bulk, path)
    assert again.rows_new == 0 and again.rows_duplicate == report.rows_new
    assert _indexes(bulk) == indexes
    plain.dispose()
    bulk.dispose()


def test_indexes_are_deferred_only_for_a_large_import_into_a_smaller_store(tmp_path, monkeypatch):
    store = open_store(f"sqlite:///{tmp_path / 'citra.db'}")
    pipeline.import_file(store, _export(tmp_path, n=300))
    monkeypatch.setattr(comment_store, "DEFER_INDEXES_MIN_ROWS", 100)
    with store.begin() as conn:
        stored = conn.execute(text("SELECT count(*) FROM comments")).scalar_one()
        assert not comment_store.defer_indexes(conn, 99)  # small import
        assert not comment_store.defer_indexes(conn, stored)  # store as large as the import
        assert comment_store.defer_indexes(conn, stored + 1)
        assert (
            conn.execute(
                text(
                    "SELECT count(*) FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                    "AND tbl_name='comments'"
                )
            ).scalar_one()
            == 0
        )
        comment_store.restore_indexes(conn)
    assert len(_indexes(store)) == 6  # the primary key's and the five secondary ones
    store.dispose()


@needs_fork
def test_error_in_the_reader_process_reaches_the_importer_and_changes_nothing(
    tmp_path, monkeypatch
):
    store = open_store(f"sqlite:///{tmp_path / 'citra.db'}")
    monkeypatch.setattr(pipeline, "BACKGROUND_READ_BYTES", 0)
    monkeypatch.setattr(parse, "JSON_BATCH", 50)
    monkeypatch.setattr(parse, "CHUNK_ROWS", 50)
    monkeypatch.setattr(comment_store, "DEFER_INDEXES_MIN_ROWS", 1)
    monkeypatch.setattr(reader_process, "available", lambda: True)
    indexes = _indexes(store)
    before = snapshot(store)
    items = json.loads(_export(tmp_path, n=400).read_text(encoding="utf-8"))
    data = json.dumps(items).encode()[:-200]  # cut: the JSON array is not closed
    with pytest.raises(IngestError) as err:
        pipeline.import_file(store, data, file_name="cut.json")
    assert err.value.file_name == "cut.json"
    assert "cut.json" in str(err.value)
    assert snapshot(store) == before
    assert _indexes(store) == indexes  # the dropped indexes came back with the rollback
    store.dispose()


def test_ingest_error_keeps_its_fields_through_pickling():
    import pickle

    err = pickle.loads(pickle.dumps(IngestError("bad date", file_name="a.csv", row=7)))
    assert (err.detail, err.file_name, err.row) == ("bad date", "a.csv", 7)
    assert str(err) == "a.csv, row 7: bad date"


@needs_fork
def test_reader_failure_that_is_not_an_ingest_error_is_reported():
    def produce(progress):
        yield 1
        raise ValueError("disk gone")

    got = []
    with pytest.raises(Exception, match="disk gone") as err:
        for item in reader_process.run(produce, None, "x.json"):
            got.append(item)
    assert got == [1]
    assert "x.json" in str(err.value)


@pytest.mark.parametrize("chunk", [2, 3])
def test_a_comment_repeated_in_the_next_chunk_counts_as_the_sequential_import_counts(
    store, monkeypatch, chunk
):
    """The next chunk is classified while the previous one is still being scored: its rows
    must count as stored, exactly as when chunks were stored one after the other (repeats
    inside one chunk are collapsed before classifying, a separate rule)."""
    monkeypatch.setattr(parse, "JSON_BATCH", chunk)
    monkeypatch.setattr(parse, "CHUNK_ROWS", chunk)
    base = {
        "postUrl": "https://www.instagram.com/p/CGWnalPSeRu/",
        "ownerUsername": "warga",
        "timestamp": "2021-01-05T03:00:00.000Z",
        "replies": [],
    }
    items = [
        dict(base, id="9100", text="bansos belum cair", likesCount=1),
        dict(base, id="9101", text="mantap", likesCount=2),
        dict(base, id="9100", text="bansos belum cair", likesCount=1),  # same: duplicate
        dict(base, id="9101", text="mantap", likesCount=5),  # more likes: updated
        dict(base, id="9102", text="kapan cair min?", likesCount=0),
        dict(base, id="9101", text="mantap", likesCount=5),  # same as its last: duplicate
    ]
    report = pipeline.import_file(store, json.dumps(items).encode(), file_name="rep.json")
    assert (report.rows_new, report.rows_updated, report.rows_duplicate) == (3, 1, 2)
    with store.connect() as conn:
        likes = dict(conn.execute(text("SELECT comment_id, like_count FROM comments")).all())
    assert likes == {"9100": 1, "9101": 5, "9102": 0}


def test_written_ids_never_say_no_for_an_id_written():
    written = comment_store.WrittenIds()
    assert not written.may_hold(["a"]).any()
    written.add(["a", "b"])
    written.add(["c"])
    assert written.may_hold(["a", "b", "c"]).all()
    assert not written.may_hold(["zzz-not-written"])[0]  # a 64-bit hash collision aside


_ORPHAN_SCRIPT = """
import os, sys, time
from monitor.nlp import pool, scoring
from monitor.ingest import reader_process

def produce(progress):
    while True:
        yield 1

scoring.submit(["bantuan belum cair"] * 3, scoring.ScoringConfig(parallel_min=0)).result()
pool_pid = next(iter(pool._POOL._processes))  # the pool is up
items = reader_process.run(produce, None, "x.json")
next(items)  # the reader is up
reader_pid = [p.pid for p in __import__("multiprocessing").active_children() if p.pid != pool_pid][0]
print(pool_pid, reader_pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie, reaped by init soon, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@needs_fork
@pytest.mark.skipif(not __import__("os").path.exists("/proc"), reason="needs /proc")
def test_pool_worker_and_reader_leave_when_the_importer_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    line = proc.stdout.readline()
    pool_pid, reader_pid = map(int, line.split())
    assert _alive(pool_pid) and _alive(reader_pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while (_alive(pool_pid) or _alive(reader_pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pool_pid), "the pool worker outlived its parent"
    assert not _alive(reader_pid), "the reader outlived its parent"
