"""The three import limits are settings, and exceeding one says which setting to change."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from monitor.core.errors import IngestError
from monitor.ingest.pipeline import import_file
from monitor.ops import settings as settings_mod
from monitor.store.schema import comments, imports
from tests.hostile.make_corpus import apify_json


def limit(store, **values) -> None:
    settings_mod.save(store, replace(settings_mod.Settings(), **values))


def stored(store) -> tuple[int, int]:
    with store.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(imports)).scalar_one(),
            conn.execute(select(func.count()).select_from(comments)).scalar_one(),
        )


@pytest.mark.parametrize(
    ("values", "data", "setting"),
    [
        ({"max_upload_mb": 1}, apify_json([f"teks {i} " + "z" * 1000 for i in range(1500)]), "max_upload_mb"),
        ({"max_rows_per_import": 10}, apify_json([f"teks {i}" for i in range(11)]), "max_rows_per_import"),
    ],
)  # fmt: skip
def test_file_over_a_limit_is_refused_naming_the_setting(store, values, data, setting):
    limit(store, **values)
    with pytest.raises(IngestError, match=setting) as info:
        import_file(store, data, file_name="besar.json")
    assert "besar.json" in str(info.value)
    assert stored(store) == (0, 0)


def test_at_the_row_limit_imports(store):
    limit(store, max_rows_per_import=10)
    report = import_file(store, apify_json([f"teks {i}" for i in range(10)]), file_name="pas.json")
    assert report.rows_new == 10


def test_overlong_cell_rejects_that_row_only(store):
    limit(store, max_cell_chars=100)
    report = import_file(store, apify_json(["p" * 101, "pendek", "q" * 100]), file_name="sel.json")
    assert report.rows_new == 2 and report.rows_rejected == 1
    (row, reason), *_ = report.rejections
    assert "max_cell_chars" in reason and "100" in reason
    assert stored(store) == (1, 2)


def test_defaults_are_generous_but_finite():
    s = settings_mod.Settings()
    assert 0 < s.max_upload_mb <= 1024
    assert 0 < s.max_rows_per_import <= 10_000_000
    assert 0 < s.max_cell_chars <= 100_000
