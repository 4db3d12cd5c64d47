"""Phase 3, the ingest: a generated export through the real ``import_file`` into a fresh store.

Parse, normalise, score, store and the daily aggregates, as an analyst's upload runs them.
"""

from __future__ import annotations

import os
import time
from typing import Any


def phase_ingest(path: str, db: str) -> dict[str, Any]:
    from dataclasses import replace

    from monitor.demo.generator import ACCOUNT
    from monitor.ingest.pipeline import import_file
    from monitor.ops import settings
    from monitor.store import open_store

    store = open_store(db)
    # a 1M-comment export is larger than the default upload limit; an analyst raises it the same way
    current = settings.load(store)
    need_mb = int(os.path.getsize(path) / 2**20) + 1
    if current.max_upload_mb and current.max_upload_mb < need_mb:
        settings.save(store, replace(current, max_upload_mb=need_mb))
    c0, t0 = time.process_time(), time.perf_counter()
    report = import_file(store, path, account=ACCOUNT)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    store.dispose()
    return {
        "seconds": elapsed,
        "cpu_timed_self": cpu,
        "comments": report.rows_new,
        "rows_read": report.rows_read,
        "rows_rejected": report.rows_rejected,
        "format": report.source_format,
        "file_mb": os.path.getsize(path) / 2**20,
    }
