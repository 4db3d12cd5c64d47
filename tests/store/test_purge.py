from datetime import date, datetime

import pytest
from sqlalchemy import func, insert, select

from monitor.ops import retention
from monitor.ops.settings import Settings, save
from monitor.store import aggregate_tables as agg
from monitor.store import purge as retention_store
from monitor.store.schema import comments, corrections, imports


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 9, 30), 6, date(2021, 3, 30)),
        (date(2021, 3, 31), 1, date(2021, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2021, 1, 15), 1, date(2020, 12, 15)),
        (date(2021, 1, 15), 25, date(2018, 12, 15)),
        (date(2021, 1, 15), 0, date(2021, 1, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert retention_store.months_before(day, months) == expected


def seed(store, days):
    with store.begin() as conn:
        import_id = conn.execute(
            insert(imports).values(
                file_name="seed.json",
                source_format="test",
                sha256="0" * 64,
                started_at=datetime(2021, 1, 1),
            )
        ).inserted_primary_key[0]
        for i, day in enumerate(days):
            conn.execute(
                insert(comments).values(
                    comment_id=f"c{i}",
                    post_id="p1",
                    author=f"user{i}",
                    text="halo",
                    created_at_utc=datetime(day.year, day.month, day.day, 3),
                    day=day,
                    source_format="test",
                    import_id=import_id,
                )
            )
            conn.execute(insert(agg.daily_post).values(day=day, post_id="p1", comments=1))
        conn.execute(
            insert(corrections).values(
                comment_id="c0", label="negative", corrected_at=datetime(2021, 1, 2)
            )
        )


def counts(store):
    with store.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(comments)).scalar_one(),
            conn.execute(select(func.count()).select_from(agg.daily_post)).scalar_one(),
            conn.execute(select(func.count()).select_from(corrections)).scalar_one(),
        )


def test_retention_deletes_old_comments_and_keeps_aggregates(store):
    seed(store, [date(2020, 10, 1), date(2021, 2, 27), date(2021, 3, 1), date(2021, 9, 1)])
    assert retention_store.count_before(store, date(2021, 3, 1)) == 2
    deleted = retention.apply_retention(store, months=6, today=date(2021, 9, 1))
    assert deleted == 2
    assert counts(store) == (2, 4, 0)
    with store.connect() as conn:
        left = sorted(conn.execute(select(comments.c.comment_id)).scalars())
    assert left == ["c2", "c3"]


def test_retention_off_by_default_and_reads_setting(store):
    seed(store, [date(2020, 1, 1), date(2021, 9, 1)])
    assert retention.apply_retention(store, today=date(2021, 9, 2)) == 0
    assert counts(store)[0] == 2
    save(store, Settings(retention_months=3))
    assert retention.apply_retention(store, today=date(2021, 9, 2)) == 1
    assert counts(store)[:2] == (1, 2)


def test_cutoff_none_when_off():
    assert retention.cutoff(0) is None
    assert retention.cutoff(-1) is None
    assert retention.cutoff(12, date(2021, 9, 1)) == date(2020, 9, 1)
