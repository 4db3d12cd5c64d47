"""Analysts importing overlapping exports at the same moment: every comment is stored once.

Four ``python -m monitor ingest`` processes start together on one store (SQLite, and
PostgreSQL in CI) with exports that share most of their comments. Afterwards every comment id
appears once, the new-row counts of the four reports add up to the comments stored, and the
daily aggregates equal a recomputation from the stored comments (no import's refresh was lost
to another's).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.demo import generator as demo
from monitor.store import aggregate_tables as agg
from monitor.store.aggregates import refresh_days
from monitor.store.schema import comments, imports

N_ITEMS = 4000
WINDOWS = ((0, 2500), (1000, 3500), (1500, 4000), (0, 4000))


def comment_ids(items: list[dict]) -> set[str]:
    ids = set()
    for item in items:
        ids.add(str(item["id"]))
        for reply in item.get("replies") or []:
            ids.add(str(reply["id"]))
    return ids


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> tuple[list[Path], set[str]]:
    items = demo.generate_comments(N_ITEMS, seed=11)
    folder = tmp_path_factory.mktemp("overlap")
    paths = []
    for i, (lo, hi) in enumerate(WINDOWS):
        path = folder / f"export_{i}.json"
        path.write_text(json.dumps(items[lo:hi], ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths, comment_ids(items)


def daily_rows(store) -> dict[str, tuple[list[tuple], list[float]]]:
    """Each aggregate table as (rows with floats blanked, the floats in row order).

    Floats are compared with a tolerance: the database may sum in a different order each time.
    """
    out = {}
    with store.connect() as conn:
        for table in (agg.daily_post, agg.daily_category, agg.daily_total, agg.daily_emotion):
            rows = sorted(
                conn.execute(select(table)).all(),
                key=lambda r: repr(tuple(v for v in r if not isinstance(v, float))),
            )
            exact = [tuple(None if isinstance(v, float) else v for v in r) for r in rows]
            floats = [v for r in rows for v in r if isinstance(v, float)]
            out[table.name] = (exact, floats)
    return out


def assert_same_aggregates(left: dict, right: dict) -> None:
    assert left.keys() == right.keys()
    for name, (exact, floats) in left.items():
        assert right[name][0] == exact, f"{name} differs from a recomputation"
        assert right[name][1] == pytest.approx(floats, rel=1e-9, abs=1e-9), name


@pytest.mark.slow
def test_parallel_overlapping_imports_store_each_comment_once(store, store_url, exports):
    paths, expected_ids = exports
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "monitor", "ingest", "--json", "--db", store_url, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-3000:]
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]

    with store.connect() as conn:
        stored = list(conn.execute(select(comments.c.comment_id)).scalars())
        done = conn.execute(
            select(func.count()).select_from(imports).where(imports.c.status == "done")
        ).scalar_one()
    assert len(stored) == len(set(stored)) == len(expected_ids)
    assert set(stored) == expected_ids
    assert done == len(paths)
    assert all(r["rows_rejected"] == 0 for r in reports)

    # The aggregates the racing imports left must equal a fresh recomputation.
    left = daily_rows(store)
    with store.connect() as conn:
        days = list(conn.execute(select(comments.c.day).distinct()).scalars())
    with store.begin() as conn:
        refresh_days(conn, days)
    assert_same_aggregates(left, daily_rows(store))
    with store.connect() as conn:
        total = conn.execute(
            select(func.sum(agg.daily_post.c.comments + agg.daily_post.c.owner_replies))
        ).scalar_one()
    assert total == len(expected_ids)
    # Each report counts as new only what that import added: together, every comment once.
    assert sum(r["rows_new"] for r in reports) == len(expected_ids)
